/**
 * A deterministic generator of realistic operations packages: community action packages (Linux,
 * systemd, Kubernetes, PostgreSQL, chat, paging, …) and the patterns that call them, written the way
 * ops teams write runbooks (disk full, restart a service, certificate renewal, failover, …).
 *
 * Every package is a valid Patternhub package (manifest, actions with their scripts, Orquesta
 * workflows whose tasks pass each required parameter), so it can go through the real publish path.
 * The same seed always gives the same corpus. Each package carries its `topic`, so a test can say
 * "the first results of 'disk full' are disk-full patterns" without naming packages.
 *
 * Used by the search tests and `bench/search`; useful to anyone who needs a registry full of
 * plausible packages.
 */
import { stringify } from 'yaml';

/** One generated package, ready to pack (`filesFromRecord(files)` then `packFiles`). */
export interface CorpusPackage {
  /** `@scope/name` */
  name: string;
  scope: string;
  /** The name without its scope. */
  shortName: string;
  kind: 'pattern' | 'action';
  version: string;
  description: string;
  keywords: string[];
  license: string;
  access: 'public' | 'private';
  /** What the package is about: a pattern topic (`disk-full`, …) or `actions:<domain>` for an action package. */
  topic: string;
  /** Every `@scope/package.action` the package's workflows call (patterns only), sorted. */
  uses: string[];
  /** `@scope/package` → range, in the manifest. */
  dependencies: Record<string, string>;
  /** A plausible all-time download count (long-tailed), for loaders that simulate popularity. */
  downloads: number;
  /** Days between the (simulated) last publish and now. */
  publishedDaysAgo: number;
  /** A deprecation message for the few packages that carry one. */
  deprecated: string | undefined;
  /** path → text */
  files: Record<string, string>;
}

export interface CorpusOptions {
  /** Total number of packages (action packages included). */
  packages: number;
  seed?: number;
  /** Share of patterns published as private (default 0.04). */
  privateShare?: number;
  /** Share of packages deprecated (default 0.03). */
  deprecatedShare?: number;
}

/** The organisations that own the community action packages. */
export const COMMUNITY_SCOPE = 'community';

/** Scopes with private packages in the corpus: their members see them, nobody else does. */
export const PRIVATE_SCOPES = ['umbrella', 'cyberdyne'] as const;

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: small, fast and good enough for test data; the same seed gives the same stream. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0)
    out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Action catalogue: what the community action packages offer

interface ParamSpec {
  type: 'string' | 'integer' | 'boolean' | 'array';
  required?: boolean;
  description: string;
  default?: string | number | boolean;
  secret?: boolean;
}

interface ActionSpec {
  name: string;
  description: string;
  runner: 'remote-shell-script' | 'python-script' | 'local-shell-script';
  params: Record<string, ParamSpec>;
}

interface DomainSpec {
  /** The package name under @community. */
  domain: string;
  description: string;
  keywords: string[];
  readme: string;
  actions: ActionSpec[];
}

const HOSTS: ParamSpec = { type: 'string', required: true, description: 'Hosts to run on, comma separated.' };
const CHANNEL: ParamSpec = { type: 'string', required: true, description: 'The chat channel, e.g. #ops.' };
const NAMESPACE: ParamSpec = { type: 'string', default: 'default', description: 'The Kubernetes namespace.' };

const CATALOGUE: DomainSpec[] = [
  {
    domain: 'linux',
    description: 'Linux host actions for disk, log, process and service housekeeping.',
    keywords: ['linux', 'disk', 'logs', 'processes', 'host'],
    readme:
      'Everyday Linux housekeeping over SSH: disk usage, log rotation, temporary files, processes and services.',
    actions: [
      {
        name: 'check_disk',
        description: 'Report usage of the filesystems on a host.',
        runner: 'remote-shell-script',
        params: {
          hosts: HOSTS,
          threshold: {
            type: 'integer',
            default: 90,
            description: 'Percent used above which a filesystem is reported.',
          },
        },
      },
      {
        name: 'rotate_logs',
        description: 'Force a log rotation and compress rotated logs on a host.',
        runner: 'remote-shell-script',
        params: { hosts: HOSTS },
      },
      {
        name: 'clean_tmp',
        description: 'Delete temporary files older than a number of days.',
        runner: 'remote-shell-script',
        params: {
          hosts: HOSTS,
          days: { type: 'integer', default: 7, description: 'Minimum age of the files removed.' },
        },
      },
      {
        name: 'find_large_files',
        description: 'List the largest files and directories under a path.',
        runner: 'remote-shell-script',
        params: { hosts: HOSTS, path: { type: 'string', default: '/', description: 'Where to look.' } },
      },
      {
        name: 'restart_service',
        description: 'Restart a service through its init system and report its new state.',
        runner: 'remote-shell-script',
        params: {
          hosts: HOSTS,
          service: { type: 'string', required: true, description: 'The service to restart.' },
        },
      },
      {
        name: 'check_cpu',
        description: 'Sample CPU usage and load average over a short interval.',
        runner: 'remote-shell-script',
        params: { hosts: HOSTS },
      },
      {
        name: 'check_memory',
        description: 'Report memory, swap and the processes using the most resident memory.',
        runner: 'remote-shell-script',
        params: { hosts: HOSTS },
      },
      {
        name: 'list_processes',
        description: 'List the top processes by CPU or memory.',
        runner: 'remote-shell-script',
        params: { hosts: HOSTS, sort: { type: 'string', default: 'cpu', description: 'cpu or memory.' } },
      },
      {
        name: 'kill_process',
        description: 'Send a signal to a process by PID or name.',
        runner: 'remote-shell-script',
        params: {
          hosts: HOSTS,
          process: { type: 'string', required: true, description: 'PID or process name.' },
        },
      },
    ],
  },
  {
    domain: 'systemd',
    description: 'Manage systemd units and the journal.',
    keywords: ['systemd', 'service', 'journal', 'linux'],
    readme: 'Start, stop, restart and inspect systemd units; read and vacuum the journal.',
    actions: [
      {
        name: 'unit_status',
        description: 'Show the state of a systemd unit and its recent journal lines.',
        runner: 'remote-shell-script',
        params: {
          hosts: HOSTS,
          unit: { type: 'string', required: true, description: 'The unit, e.g. nginx.service.' },
        },
      },
      {
        name: 'restart_unit',
        description: 'Restart a systemd unit and wait until it is active again.',
        runner: 'remote-shell-script',
        params: {
          hosts: HOSTS,
          unit: { type: 'string', required: true, description: 'The unit to restart.' },
          wait: {
            type: 'integer',
            default: 30,
            description: 'Seconds to wait for the unit to become active.',
          },
        },
      },
      {
        name: 'journal_vacuum',
        description: 'Shrink the systemd journal to a size or an age.',
        runner: 'remote-shell-script',
        params: { hosts: HOSTS, max_size: { type: 'string', default: '500M', description: 'Size to keep.' } },
      },
    ],
  },
  {
    domain: 'chatops',
    description: 'Post to chat channels and ask people for approval.',
    keywords: ['chatops', 'slack', 'notification', 'chat'],
    readme: 'Messages, threads and approvals in the team chat.',
    actions: [
      {
        name: 'post_message',
        description: 'Post a message to a channel.',
        runner: 'python-script',
        params: {
          channel: CHANNEL,
          message: { type: 'string', required: true, description: 'What to say.' },
        },
      },
      {
        name: 'ask_approval',
        description: 'Ask a channel to approve a step and wait for the answer.',
        runner: 'python-script',
        params: {
          channel: CHANNEL,
          question: { type: 'string', required: true, description: 'The question asked.' },
        },
      },
    ],
  },
  {
    domain: 'k8s',
    description: 'Kubernetes actions: nodes, deployments and pods.',
    keywords: ['kubernetes', 'k8s', 'containers', 'deployments'],
    readme:
      'Drive a Kubernetes cluster through kubectl: cordon and drain nodes, roll deployments, read pod logs.',
    actions: [
      {
        name: 'cordon_node',
        description: 'Mark a node unschedulable.',
        runner: 'local-shell-script',
        params: { node: { type: 'string', required: true, description: 'The node name.' } },
      },
      {
        name: 'drain_node',
        description: 'Evict the pods of a node, respecting disruption budgets.',
        runner: 'local-shell-script',
        params: {
          node: { type: 'string', required: true, description: 'The node name.' },
          timeout_seconds: { type: 'integer', default: 300, description: 'How long to wait for evictions.' },
        },
      },
      {
        name: 'uncordon_node',
        description: 'Mark a node schedulable again.',
        runner: 'local-shell-script',
        params: { node: { type: 'string', required: true, description: 'The node name.' } },
      },
      {
        name: 'rollout_restart',
        description: 'Restart the pods of a deployment with a rolling update.',
        runner: 'local-shell-script',
        params: {
          deployment: { type: 'string', required: true, description: 'The deployment.' },
          namespace: NAMESPACE,
        },
      },
      {
        name: 'rollback_deployment',
        description: 'Roll a deployment back to its previous revision.',
        runner: 'local-shell-script',
        params: {
          deployment: { type: 'string', required: true, description: 'The deployment.' },
          namespace: NAMESPACE,
        },
      },
      {
        name: 'get_pod_logs',
        description: 'Fetch the logs and events of the pods of a deployment.',
        runner: 'local-shell-script',
        params: {
          deployment: { type: 'string', required: true, description: 'The deployment.' },
          namespace: NAMESPACE,
        },
      },
      {
        name: 'scale_deployment',
        description: 'Change the replica count of a deployment.',
        runner: 'local-shell-script',
        params: {
          deployment: { type: 'string', required: true, description: 'The deployment.' },
          replicas: { type: 'integer', required: true, description: 'The new replica count.' },
          namespace: NAMESPACE,
        },
      },
    ],
  },
  {
    domain: 'postgres',
    description: 'PostgreSQL administration: replication, failover, queries and backups.',
    keywords: ['postgresql', 'postgres', 'database', 'replication'],
    readme:
      'PostgreSQL operations for primaries and replicas: replication state, promotion, blocking queries, backups.',
    actions: [
      {
        name: 'check_replication',
        description: 'Report replication state and lag of every replica.',
        runner: 'python-script',
        params: {
          dsn: {
            type: 'string',
            required: true,
            secret: true,
            description: 'Connection string of the primary.',
          },
        },
      },
      {
        name: 'promote_replica',
        description: 'Promote a replica to primary.',
        runner: 'remote-shell-script',
        params: { hosts: HOSTS },
      },
      {
        name: 'kill_query',
        description: 'Cancel or terminate long-running or blocking queries.',
        runner: 'python-script',
        params: {
          dsn: { type: 'string', required: true, secret: true, description: 'Connection string.' },
          min_seconds: {
            type: 'integer',
            default: 300,
            description: 'Only queries running longer than this.',
          },
        },
      },
      {
        name: 'backup_database',
        description: 'Take a base backup of a database cluster.',
        runner: 'remote-shell-script',
        params: {
          hosts: HOSTS,
          target: { type: 'string', required: true, description: 'Where the backup goes.' },
        },
      },
      {
        name: 'restore_database',
        description: 'Restore a base backup onto a scratch host and check it starts.',
        runner: 'remote-shell-script',
        params: {
          hosts: HOSTS,
          source: { type: 'string', required: true, description: 'The backup to restore.' },
        },
      },
    ],
  },
  {
    domain: 'nginx',
    description: 'Test and reload nginx configuration.',
    keywords: ['nginx', 'web', 'proxy'],
    readme: 'Check nginx configuration and reload it without dropping connections.',
    actions: [
      {
        name: 'test_config',
        description: 'Check the nginx configuration for syntax errors.',
        runner: 'remote-shell-script',
        params: { hosts: HOSTS },
      },
      {
        name: 'reload',
        description: 'Reload nginx gracefully.',
        runner: 'remote-shell-script',
        params: { hosts: HOSTS },
      },
    ],
  },
  {
    domain: 'aws',
    description: 'AWS EC2 and EBS actions.',
    keywords: ['aws', 'ec2', 'ebs', 'cloud'],
    readme: 'Volumes, snapshots, instances and auto scaling groups on AWS.',
    actions: [
      {
        name: 'resize_volume',
        description: 'Grow an EBS volume and the filesystem on it.',
        runner: 'python-script',
        params: {
          volume_id: { type: 'string', required: true, description: 'The EBS volume.' },
          size_gb: { type: 'integer', required: true, description: 'The new size in GiB.' },
        },
      },
      {
        name: 'snapshot_volume',
        description: 'Snapshot an EBS volume.',
        runner: 'python-script',
        params: { volume_id: { type: 'string', required: true, description: 'The EBS volume.' } },
      },
      {
        name: 'scale_asg',
        description: 'Set the desired capacity of an auto scaling group.',
        runner: 'python-script',
        params: {
          group: { type: 'string', required: true, description: 'The auto scaling group.' },
          capacity: { type: 'integer', required: true, description: 'Desired capacity.' },
        },
      },
    ],
  },
  {
    domain: 'pagerduty',
    description: 'Open, acknowledge and resolve PagerDuty incidents.',
    keywords: ['pagerduty', 'incident', 'on-call', 'paging'],
    readme: 'Page people and manage incidents on PagerDuty.',
    actions: [
      {
        name: 'create_incident',
        description: 'Open an incident and page the on-call engineer.',
        runner: 'python-script',
        params: {
          service_key: { type: 'string', required: true, secret: true, description: 'Integration key.' },
          summary: { type: 'string', required: true, description: 'Incident title.' },
        },
      },
      {
        name: 'resolve_incident',
        description: 'Resolve an incident.',
        runner: 'python-script',
        params: { incident: { type: 'string', required: true, description: 'Incident id.' } },
      },
    ],
  },
  {
    domain: 'dns',
    description: 'Update DNS records and check their propagation.',
    keywords: ['dns', 'route53', 'records'],
    readme: 'Change DNS records and wait until resolvers see the change.',
    actions: [
      {
        name: 'update_record',
        description: 'Point a DNS record at a new target.',
        runner: 'python-script',
        params: {
          record: { type: 'string', required: true, description: 'The record name.' },
          target: { type: 'string', required: true, description: 'The new value.' },
        },
      },
      {
        name: 'check_propagation',
        description: 'Query public resolvers until they return the new value.',
        runner: 'python-script',
        params: { record: { type: 'string', required: true, description: 'The record name.' } },
      },
    ],
  },
  {
    domain: 'certs',
    description: 'TLS certificate checks and renewal.',
    keywords: ['tls', 'certificates', 'ssl', 'acme'],
    readme: 'Find expiring certificates, renew them through ACME and deploy them.',
    actions: [
      {
        name: 'check_expiry',
        description: 'List certificates expiring within a number of days.',
        runner: 'python-script',
        params: { domains: { type: 'string', required: true, description: 'Domains to check.' } },
      },
      {
        name: 'renew_certificate',
        description: 'Renew a certificate through ACME.',
        runner: 'python-script',
        params: { domains: { type: 'string', required: true, description: 'Domains on the certificate.' } },
      },
      {
        name: 'deploy_certificate',
        description: 'Copy a renewed certificate to the hosts that serve it.',
        runner: 'remote-shell-script',
        params: { hosts: HOSTS },
      },
    ],
  },
  {
    domain: 'docker',
    description: 'Docker engine housekeeping.',
    keywords: ['docker', 'containers', 'images'],
    readme: 'Prune images, restart containers and read their logs.',
    actions: [
      {
        name: 'prune_images',
        description: 'Remove dangling and unused images to reclaim space.',
        runner: 'remote-shell-script',
        params: { hosts: HOSTS },
      },
      {
        name: 'restart_container',
        description: 'Restart a container.',
        runner: 'remote-shell-script',
        params: {
          hosts: HOSTS,
          container: { type: 'string', required: true, description: 'Container name.' },
        },
      },
    ],
  },
  {
    domain: 'http',
    description: 'HTTP health checks and webhooks.',
    keywords: ['http', 'health-check', 'webhook'],
    readme: 'Probe endpoints and call webhooks.',
    actions: [
      {
        name: 'health_check',
        description: 'Poll an HTTP endpoint until it answers 200 or a timeout passes.',
        runner: 'python-script',
        params: {
          url: { type: 'string', required: true, description: 'The endpoint.' },
          timeout_seconds: { type: 'integer', default: 60, description: 'How long to wait.' },
        },
      },
    ],
  },
  {
    domain: 'vault',
    description: 'HashiCorp Vault secrets.',
    keywords: ['vault', 'secrets', 'credentials'],
    readme: 'Read and rotate secrets in Vault.',
    actions: [
      {
        name: 'rotate_secret',
        description: 'Generate a new value for a secret and store it.',
        runner: 'python-script',
        params: { path: { type: 'string', required: true, description: 'The secret path.' } },
      },
    ],
  },
  {
    domain: 'kafka',
    description: 'Kafka consumer groups and partitions.',
    keywords: ['kafka', 'streaming', 'consumers'],
    readme: 'Inspect consumer lag and move partitions.',
    actions: [
      {
        name: 'consumer_lag',
        description: 'Report the lag of a consumer group per partition.',
        runner: 'python-script',
        params: { group: { type: 'string', required: true, description: 'Consumer group.' } },
      },
      {
        name: 'reassign_partitions',
        description: 'Move partitions between brokers.',
        runner: 'python-script',
        params: { topic: { type: 'string', required: true, description: 'The topic.' } },
      },
    ],
  },
  {
    domain: 'elasticsearch',
    description: 'Elasticsearch cluster health and index lifecycle.',
    keywords: ['elasticsearch', 'search', 'indices'],
    readme: 'Check cluster health, delete old indices, clear read-only blocks.',
    actions: [
      {
        name: 'cluster_health',
        description: 'Report cluster health and unassigned shards.',
        runner: 'python-script',
        params: { url: { type: 'string', required: true, description: 'Cluster URL.' } },
      },
      {
        name: 'delete_old_indices',
        description: 'Delete indices older than a retention period.',
        runner: 'python-script',
        params: { url: { type: 'string', required: true, description: 'Cluster URL.' } },
      },
      {
        name: 'clear_read_only',
        description: 'Remove the read-only block set at the flood-stage watermark.',
        runner: 'python-script',
        params: { url: { type: 'string', required: true, description: 'Cluster URL.' } },
      },
    ],
  },
  {
    domain: 'firewall',
    description: 'Host firewall rules.',
    keywords: ['firewall', 'security', 'iptables'],
    readme: 'Block and unblock addresses on hosts.',
    actions: [
      {
        name: 'block_ip',
        description: 'Block an address on the host firewall.',
        runner: 'remote-shell-script',
        params: {
          hosts: HOSTS,
          address: { type: 'string', required: true, description: 'The address to block.' },
        },
      },
    ],
  },
  {
    domain: 'os-updates',
    description: 'Operating system updates and reboots.',
    keywords: ['patching', 'updates', 'reboot', 'linux'],
    readme: 'Apply package updates and reboot hosts when the kernel changed.',
    actions: [
      {
        name: 'apply_updates',
        description: 'Install pending security updates.',
        runner: 'remote-shell-script',
        params: { hosts: HOSTS },
      },
      {
        name: 'reboot_host',
        description: 'Reboot a host and wait until SSH answers again.',
        runner: 'remote-shell-script',
        params: { hosts: HOSTS },
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Pattern topics: what ops teams write runbooks about

interface TopicSpec {
  topic: string;
  names: string[];
  descriptions: string[];
  keywords: string[];
  workflowNames: string[];
  /** When the pattern applies, one sentence per variant. */
  triggers: string[];
  /** Steps: each entry is one task, a list of `domain.action` alternatives. */
  steps: string[][];
  /** Optional steps, included at random. */
  extras: string[];
}

const NOTIFY = ['chatops.post_message', 'pagerduty.create_incident'];

const TOPICS: TopicSpec[] = [
  {
    topic: 'disk-full',
    names: [
      'disk-full-remediation',
      'disk-space-cleanup',
      'free-disk-space',
      'low-disk-space-triage',
      'disk-full-triage',
      'full-disk-recovery',
      'disk-usage-cleanup',
      'root-volume-full',
    ],
    descriptions: [
      'Free space on a host whose disk is filling up, then report to the channel.',
      'When a filesystem is nearly full, rotate logs, clear temporary files and notify on-call.',
      'Recover a full disk: find the largest files, compress old logs and grow the volume if needed.',
      'Triage a disk full alert on Linux hosts: check usage, clean caches, escalate when still above the threshold.',
    ],
    keywords: ['disk', 'disk-space', 'filesystem', 'storage', 'cleanup', 'linux', 'remediation'],
    workflowNames: ['disk-full', 'free-space', 'cleanup-disk'],
    triggers: [
      'Run it when the disk usage alert fires for a host.',
      'Use it when a filesystem is above 90% and writes start failing.',
      'Attach it to the "disk full" alert so the first response is automatic.',
    ],
    steps: [['linux.check_disk'], ['linux.find_large_files', 'linux.rotate_logs', 'linux.clean_tmp'], NOTIFY],
    extras: ['docker.prune_images', 'aws.resize_volume', 'systemd.journal_vacuum'],
  },
  {
    topic: 'service-restart',
    names: [
      'restart-failed-service',
      'service-restart',
      'safe-service-restart',
      'restart-unhealthy-service',
      'rolling-service-restart',
      'service-auto-restart',
      'systemd-service-recovery',
    ],
    descriptions: [
      'Restart a failed systemd service, wait until its health check passes, then report.',
      'Restart a service safely: take it out of rotation, restart it, verify health and put it back.',
      'Detect an unhealthy service and restart it, escalating to on-call after repeated failures.',
      'Roll a restart across the hosts of a service one at a time, with health checks in between.',
    ],
    keywords: ['restart', 'service', 'systemd', 'recovery', 'health-check', 'self-healing'],
    workflowNames: ['restart-service', 'recover-service', 'rolling-restart'],
    triggers: [
      'Run it when a service stops answering its health check.',
      'Use it for services that crash now and then and come back after a restart.',
    ],
    steps: [
      ['systemd.unit_status'],
      ['systemd.restart_unit', 'linux.restart_service'],
      ['http.health_check'],
      NOTIFY,
    ],
    extras: [],
  },
  {
    topic: 'cert-expiry',
    names: [
      'certificate-renewal',
      'tls-certificate-expiry',
      'renew-expiring-certs',
      'cert-rotation',
      'letsencrypt-renewal',
    ],
    descriptions: [
      'Find TLS certificates that expire within 14 days, renew them and reload the web servers.',
      'Renew expiring certificates through ACME and deploy them without downtime.',
    ],
    keywords: ['tls', 'certificate', 'ssl', 'expiry', 'renewal', 'letsencrypt'],
    workflowNames: ['renew-certificates', 'rotate-certificate'],
    triggers: ['Run it daily from a schedule.', 'Use it when the certificate expiry alert fires.'],
    steps: [
      ['certs.check_expiry'],
      ['certs.renew_certificate'],
      ['certs.deploy_certificate'],
      ['nginx.reload'],
      NOTIFY,
    ],
    extras: [],
  },
  {
    topic: 'db-failover',
    names: ['postgres-failover', 'database-failover', 'promote-replica', 'primary-failover', 'pg-switchover'],
    descriptions: [
      'Promote a PostgreSQL replica when the primary is down, repoint the application and page the DBA.',
      'Planned or emergency database failover: check replica lag, promote, update DNS, verify writes.',
    ],
    keywords: ['postgresql', 'database', 'failover', 'replication', 'high-availability'],
    workflowNames: ['failover', 'switchover'],
    triggers: ['Run it when the primary database stops accepting connections.'],
    steps: [['postgres.check_replication'], ['postgres.promote_replica'], ['dns.update_record'], NOTIFY],
    extras: ['dns.check_propagation'],
  },
  {
    topic: 'replication-lag',
    names: ['replication-lag-triage', 'replica-lag-alert', 'lagging-replica-recovery'],
    descriptions: [
      'Investigate replication lag on a PostgreSQL replica: long queries, network and IO; cancel blockers.',
      'When a replica falls behind, find what holds it back and bring it up to date.',
    ],
    keywords: ['replication', 'lag', 'postgresql', 'database'],
    workflowNames: ['replication-lag'],
    triggers: ['Run it when replica lag is above the alert threshold for five minutes.'],
    steps: [['postgres.check_replication'], ['postgres.kill_query'], NOTIFY],
    extras: [],
  },
  {
    topic: 'high-cpu',
    names: ['high-cpu-triage', 'cpu-saturation-response', 'runaway-process-kill', 'load-average-alert'],
    descriptions: [
      'Triage high CPU load on a host: capture the top processes and kill runaway ones if allowed.',
      'When load average stays high, record what is running and stop the process that spins.',
    ],
    keywords: ['cpu', 'load', 'performance', 'process', 'linux'],
    workflowNames: ['cpu-triage'],
    triggers: ['Run it when CPU stays above 95% for ten minutes.'],
    steps: [['linux.check_cpu'], ['linux.list_processes'], ['linux.kill_process'], NOTIFY],
    extras: [],
  },
  {
    topic: 'memory-pressure',
    names: [
      'oom-killer-response',
      'memory-pressure-relief',
      'memory-leak-mitigation',
      'swap-exhaustion-triage',
    ],
    descriptions: [
      'Respond to out-of-memory kills: find the leaking process, restart the leaking service and keep evidence.',
      'Relieve memory pressure on a host before the OOM killer picks a victim.',
    ],
    keywords: ['memory', 'oom', 'swap', 'leak', 'linux'],
    workflowNames: ['memory-pressure'],
    triggers: ['Run it when the kernel logs an OOM kill.'],
    steps: [
      ['linux.check_memory'],
      ['linux.list_processes'],
      ['linux.restart_service', 'linux.kill_process'],
      NOTIFY,
    ],
    extras: [],
  },
  {
    topic: 'node-maintenance',
    names: [
      'node-drain-maintenance',
      'kubernetes-node-maintenance',
      'drain-and-cordon',
      'node-patching-window',
    ],
    descriptions: [
      'Cordon and drain a Kubernetes node, run maintenance, then uncordon it and check pods are rescheduled.',
      'Take a Kubernetes node out of service safely for patching or hardware work.',
    ],
    keywords: ['kubernetes', 'k8s', 'node', 'maintenance', 'drain'],
    workflowNames: ['node-maintenance'],
    triggers: ['Run it before any planned work on a node.'],
    steps: [['k8s.cordon_node'], ['k8s.drain_node'], ['os-updates.reboot_host'], ['k8s.uncordon_node']],
    extras: [],
  },
  {
    topic: 'crashloop',
    names: ['crashloop-backoff-triage', 'pod-crashloop-recovery', 'failing-pod-diagnosis'],
    descriptions: [
      'Diagnose pods stuck in CrashLoopBackOff: gather logs and events, roll back when the last release is at fault.',
      'Find out why pods keep crashing and restore the previous revision if needed.',
    ],
    keywords: ['kubernetes', 'pods', 'crashloop', 'deployment'],
    workflowNames: ['crashloop-triage'],
    triggers: ['Run it when a deployment reports pods in CrashLoopBackOff.'],
    steps: [['k8s.get_pod_logs'], ['k8s.rollback_deployment', 'k8s.rollout_restart'], NOTIFY],
    extras: [],
  },
  {
    topic: 'log-rotation',
    names: ['log-rotation', 'log-retention-cleanup', 'logrotate-enforcement', 'journal-vacuum'],
    descriptions: [
      'Enforce log retention: rotate and compress application logs and vacuum the systemd journal.',
      'Keep logs within their retention period on every host, on a schedule.',
    ],
    keywords: ['logs', 'logrotate', 'retention', 'journal', 'housekeeping'],
    workflowNames: ['rotate-logs'],
    triggers: ['Run it nightly so that a full disk never wakes anyone up.'],
    steps: [['linux.rotate_logs'], ['systemd.journal_vacuum']],
    extras: ['chatops.post_message'],
  },
  {
    topic: 'backup-verification',
    names: ['backup-verification', 'restore-drill', 'nightly-backup-check'],
    descriptions: [
      'Take a full backup of the database, restore it on a scratch host and verify it starts.',
      'Prove backups work: restore the latest one every night and report the result.',
    ],
    keywords: ['backup', 'restore', 'database', 'disaster-recovery'],
    workflowNames: ['verify-backup'],
    triggers: ['Run it every night after the backup window; keep enough disk space on the scratch host.'],
    steps: [['postgres.backup_database'], ['postgres.restore_database'], NOTIFY],
    extras: [],
  },
  {
    topic: 'dns-failover',
    names: ['dns-failover', 'regional-dns-failover', 'health-checked-dns'],
    descriptions: [
      'Move traffic to the standby region by updating DNS records when health checks fail.',
      'Fail a hostname over to its secondary target and wait for propagation.',
    ],
    keywords: ['dns', 'failover', 'traffic', 'multi-region'],
    workflowNames: ['dns-failover'],
    triggers: ['Run it when the primary region fails its health checks.'],
    steps: [['http.health_check'], ['dns.update_record'], ['dns.check_propagation'], NOTIFY],
    extras: [],
  },
  {
    topic: 'incident-escalation',
    names: ['incident-escalation', 'on-call-paging', 'major-incident-kickoff', 'sev1-war-room'],
    descriptions: [
      'Open an incident, page the on-call engineer and announce it in the incident channel.',
      'Kick off a major incident: page responders, open the war room and keep stakeholders informed.',
    ],
    keywords: ['incident', 'on-call', 'paging', 'escalation'],
    workflowNames: ['escalate'],
    triggers: ['Run it when an alert is declared a major incident.'],
    steps: [['pagerduty.create_incident'], ['chatops.post_message']],
    extras: [],
  },
  {
    topic: 'deploy-rollback',
    names: ['deployment-rollback', 'bad-release-rollback', 'canary-rollback'],
    descriptions: [
      'Roll back a deployment when error rates rise after a release, then notify the team.',
      'Undo a bad release on Kubernetes and record what happened.',
    ],
    keywords: ['deployment', 'rollback', 'release', 'kubernetes'],
    workflowNames: ['rollback'],
    triggers: ['Run it when the error rate doubles within ten minutes of a release.'],
    steps: [['k8s.get_pod_logs'], ['k8s.rollback_deployment'], NOTIFY],
    extras: [],
  },
  {
    topic: 'secret-rotation',
    names: ['secret-rotation', 'credential-rotation', 'database-password-rotation'],
    descriptions: [
      'Rotate a secret in Vault, roll it out to the services that read it and restart them.',
      'Rotate credentials on a schedule without downtime.',
    ],
    keywords: ['secrets', 'vault', 'rotation', 'security'],
    workflowNames: ['rotate-secret'],
    triggers: ['Run it every 90 days, or at once when a secret may have leaked.'],
    steps: [['vault.rotate_secret'], ['k8s.rollout_restart'], NOTIFY],
    extras: [],
  },
  {
    topic: 'kafka-lag',
    names: ['kafka-consumer-lag', 'consumer-lag-triage', 'partition-rebalance'],
    descriptions: [
      'Investigate Kafka consumer lag and scale the consumers or move partitions.',
      'Bring a lagging consumer group back to real time.',
    ],
    keywords: ['kafka', 'consumer', 'lag', 'streaming'],
    workflowNames: ['consumer-lag'],
    triggers: ['Run it when consumer lag grows for fifteen minutes.'],
    steps: [['kafka.consumer_lag'], ['k8s.scale_deployment', 'kafka.reassign_partitions'], NOTIFY],
    extras: [],
  },
  {
    topic: 'es-watermark',
    names: ['elasticsearch-disk-watermark', 'es-flood-stage-recovery', 'index-retention-cleanup'],
    descriptions: [
      'Recover an Elasticsearch cluster that hit the flood-stage watermark: delete old indices and clear the read-only block.',
      'Apply index retention so Elasticsearch nodes keep free space.',
    ],
    keywords: ['elasticsearch', 'indices', 'watermark', 'retention'],
    workflowNames: ['watermark-recovery'],
    triggers: ['Run it when indices turn read-only because a data node disk is nearly full.'],
    steps: [
      ['elasticsearch.cluster_health'],
      ['elasticsearch.delete_old_indices'],
      ['elasticsearch.clear_read_only'],
    ],
    extras: [],
  },
  {
    topic: 'nginx-5xx',
    names: ['nginx-502-triage', 'upstream-error-triage', 'web-tier-recovery'],
    descriptions: [
      'Triage 502 errors from nginx: check upstream health, test and reload the configuration.',
      'Find why the proxy answers 5xx and fix the upstream or the configuration.',
    ],
    keywords: ['nginx', '5xx', 'proxy', 'web'],
    workflowNames: ['triage-5xx'],
    triggers: ['Run it when the 5xx rate of the edge is above 1%.'],
    steps: [['http.health_check'], ['nginx.test_config'], ['nginx.reload'], NOTIFY],
    extras: ['linux.restart_service'],
  },
  {
    topic: 'autoscale',
    names: ['scale-out-on-load', 'capacity-burst', 'autoscaling-guard'],
    descriptions: [
      'Add capacity when load rises faster than the autoscaler reacts, and remove it afterwards.',
      'Scale an auto scaling group or a deployment ahead of a known traffic peak.',
    ],
    keywords: ['autoscaling', 'capacity', 'scaling', 'load'],
    workflowNames: ['scale-out'],
    triggers: ['Run it before a launch or when the queue depth alert fires.'],
    steps: [['aws.scale_asg', 'k8s.scale_deployment'], NOTIFY],
    extras: [],
  },
  {
    topic: 'os-patching',
    names: ['os-patching', 'kernel-update-reboot', 'security-patch-rollout'],
    descriptions: [
      'Apply OS security updates host by host, reboot when the kernel changed and verify the services came back.',
      'Roll security patches across a fleet in small batches.',
    ],
    keywords: ['patching', 'security', 'updates', 'reboot'],
    workflowNames: ['patch-hosts'],
    triggers: ['Run it in the weekly maintenance window.'],
    steps: [['os-updates.apply_updates'], ['os-updates.reboot_host'], ['http.health_check']],
    extras: [],
  },
  {
    topic: 'ssh-bruteforce',
    names: ['ssh-brute-force-block', 'fail2ban-response', 'suspicious-login-response'],
    descriptions: [
      'Block addresses that brute-force SSH and tell the security channel.',
      'Respond to a burst of failed logins on a bastion host.',
    ],
    keywords: ['security', 'ssh', 'firewall', 'intrusion'],
    workflowNames: ['block-attacker'],
    triggers: ['Run it when failed SSH logins pass 50 per minute.'],
    steps: [['firewall.block_ip'], NOTIFY],
    extras: [],
  },
];

/** The pattern topics of the corpus, for tests that check rank order by topic. */
export const TOPIC_NAMES: readonly string[] = TOPICS.map((topic) => topic.topic);

const NAMED_SCOPES = [
  'acme',
  'globex',
  'initech',
  'hooli',
  'stark',
  'wayne',
  'wonka',
  'tyrell',
  'soylent',
  'vandelay',
  'massive',
  'aperture',
  'oscorp',
  'pied-piper',
  'nakatomi',
];

const SUFFIXES = ['v2', 'aws', 'gcp', 'k8s', 'ha', 'lite', 'prod', 'legacy', 'fleet', 'edge', 'ng', 'plus'];
const LICENSES = ['Apache-2.0', 'Apache-2.0', 'Apache-2.0', 'MIT', 'MIT', 'BSD-3-Clause', 'MPL-2.0'];

/** Generic runbook prose: the filler every real README has, which also makes search work for its ranking. */
const README_NOTES = [
  'Every step is idempotent, so the workflow can be re-run after a partial failure.',
  'The workflow never deletes data it cannot recreate; anything it removes is logged to the channel first.',
  'Run it in dry-run mode first on a staging host.',
  'Tested on Ubuntu 22.04 and Debian 12 hosts; other distributions should work.',
  'If a step fails, the workflow stops and reports what it had done so far.',
  'Credentials come from the StackStorm datastore, never from the parameters.',
  'The thresholds are defaults that suit most services; tune them per host group.',
  'Pair it with the post-incident review template in docs/.',
  'Some teams restart the service at the end as well; we leave that to the caller.',
  'Keep the channel quiet: only the final summary is posted unless a step fails.',
  'Expect it to take under five minutes on a typical host.',
  'Contributions welcome: open a merge request with a test run attached.',
];

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ra',
  'to',
  'vi',
  'zu',
  'bex',
  'dor',
  'fin',
  'gal',
  'hub',
  'jet',
  'mon',
  'pax',
  'qua',
  'syn',
];

function syntheticScope(random: Random): string {
  const parts = 2 + Math.floor(random() * 2);
  let name = '';
  for (let i = 0; i < parts; i++) name += pick(random, SYLLABLES);
  return name;
}

/** A long-tailed download count: most packages have a few, some have many. */
function downloadsOf(random: Random): number {
  return Math.floor(Math.exp(random() * random() * 13));
}

// ---------------------------------------------------------------------------------------------
// Builders

const ACTIONS_BY_REF = new Map<string, { domain: DomainSpec; action: ActionSpec }>();
for (const domain of CATALOGUE) {
  for (const action of domain.actions)
    ACTIONS_BY_REF.set(`${domain.domain}.${action.name}`, { domain, action });
}

function yamlOf(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

function scriptFor(action: ActionSpec): { file: string; text: string } {
  if (action.runner === 'python-script') {
    return {
      file: `${action.name}.py`,
      text: `#!/usr/bin/env python3\n"""${action.description}"""\nimport sys\n\nif __name__ == "__main__":\n    sys.exit(0)\n`,
    };
  }
  return {
    file: `${action.name}.sh`,
    text: `#!/usr/bin/env bash\n# ${action.description}\nset -euo pipefail\n`,
  };
}

function actionPackageFiles(
  fullName: string,
  version: string,
  description: string,
  keywords: string[],
  license: string,
  readme: string,
  actions: ActionSpec[],
): Record<string, string> {
  const files: Record<string, string> = {
    'patternhub.yaml': yamlOf({ name: fullName, version, kind: 'action', description, keywords, license }),
  };
  for (const action of actions) {
    const script = scriptFor(action);
    files[`actions/${action.name}.yaml`] = yamlOf({
      name: action.name,
      description: action.description,
      runner_type: action.runner,
      entry_point: script.file,
      parameters: action.params,
    });
    files[`actions/${script.file}`] = script.text;
  }
  files['README.md'] = [
    `# ${fullName}`,
    '',
    description,
    '',
    readme,
    '',
    '## Actions',
    '',
    ...actions.map((action) => `- \`${action.name}\`: ${action.description}`),
    '',
  ].join('\n');
  return files;
}

interface PatternDraft {
  fullName: string;
  version: string;
  description: string;
  keywords: string[];
  license: string;
  access: 'public' | 'private';
  topic: TopicSpec;
  workflowName: string;
  refs: string[];
  random: Random;
}

/** A linear Orquesta workflow calling `refs` in order, passing each action's required parameters. */
function patternFiles(draft: PatternDraft): {
  files: Record<string, string>;
  uses: string[];
  dependencies: Record<string, string>;
} {
  const { random } = draft;
  const parameters: Record<string, ParamSpec> = {};
  const tasks: Record<string, unknown> = {};
  const taskNames = draft.refs.map(
    (ref, index) => `${ref.split('.')[1]}${draft.refs.indexOf(ref) === index ? '' : `_${index}`}`,
  );
  draft.refs.forEach((ref, index) => {
    const { action } = ACTIONS_BY_REF.get(ref)!;
    const input: Record<string, string> = {};
    for (const [param, spec] of Object.entries(action.params)) {
      if (!spec.required) continue;
      if (!parameters[param]) parameters[param] = { ...spec };
      input[param] = `<% ctx().${param} %>`;
    }
    const next = taskNames[index + 1];
    tasks[taskNames[index]!] = {
      action: `@${COMMUNITY_SCOPE}/${ref}`,
      input,
      ...(next ? { next: [{ when: '<% succeeded() %>', do: next }] } : {}),
    };
  });
  const workflow = {
    name: draft.workflowName,
    description: pick(random, draft.topic.descriptions),
    parameters,
    workflow: { version: 1.0, input: Object.keys(parameters), tasks },
  };
  const uses = [...new Set(draft.refs.map((ref) => `@${COMMUNITY_SCOPE}/${ref}`))].sort();
  const dependencies: Record<string, string> = {};
  for (const ref of draft.refs) dependencies[`@${COMMUNITY_SCOPE}/${ref.split('.')[0]}`] = '^1.0.0';
  const steps = draft.refs.map(
    (ref, index) => `${index + 1}. \`${ref}\`: ${ACTIONS_BY_REF.get(ref)!.action.description}`,
  );
  const readme = [
    `# ${draft.fullName}`,
    '',
    draft.description,
    '',
    '## When to use it',
    '',
    pick(random, draft.topic.triggers),
    '',
    '## What it does',
    '',
    ...steps,
    '',
    '## Parameters',
    '',
    ...Object.entries(parameters).map(([name, spec]) => `- \`${name}\` (${spec.type}): ${spec.description}`),
    '',
    '## Notes',
    '',
    ...sample(random, README_NOTES, 2 + Math.floor(random() * 3)),
    '',
  ].join('\n');
  const manifest = {
    name: draft.fullName,
    version: draft.version,
    kind: 'pattern',
    description: draft.description,
    keywords: draft.keywords,
    license: draft.license,
    authors: [`Ops Team <ops@${draft.fullName.slice(1).split('/')[0]}.example>`],
    access: draft.access,
    dependencies,
  };
  return {
    files: {
      'patternhub.yaml': yamlOf(manifest),
      [`workflows/${draft.workflowName}.yaml`]: yamlOf(workflow),
      'README.md': readme,
    },
    uses,
    dependencies,
  };
}

/**
 * Generates `options.packages` packages, action packages first (patterns depend on them), in an
 * order that publishes cleanly. The community action packages come first and always exist; the rest
 * is about 12% vendor action packages and 88% patterns spread over the topics, with long-tailed
 * downloads, a few deprecated and a few private ones.
 */
export function generateCorpus(options: CorpusOptions): CorpusPackage[] {
  const random = seededRandom(options.seed ?? 1);
  const privateShare = options.privateShare ?? 0.04;
  const deprecatedShare = options.deprecatedShare ?? 0.03;
  const out: CorpusPackage[] = [];
  const taken = new Set<string>();
  const scopes = [...NAMED_SCOPES];
  const wantedScopes = Math.max(NAMED_SCOPES.length, Math.ceil(options.packages / 40));
  while (scopes.length < wantedScopes) {
    const scope = syntheticScope(random);
    if (!scopes.includes(scope) && scope !== COMMUNITY_SCOPE) scopes.push(scope);
  }

  const finish = (
    pkg: Omit<CorpusPackage, 'deprecated' | 'downloads' | 'publishedDaysAgo'>,
    downloads?: number,
  ) => {
    taken.add(pkg.name);
    out.push({
      ...pkg,
      downloads: downloads ?? downloadsOf(random),
      publishedDaysAgo: Math.floor(random() * random() * 900),
      deprecated: undefined,
    });
  };

  // The community action packages: what every pattern builds on, and the most downloaded.
  for (const domain of CATALOGUE) {
    if (out.length >= options.packages) break;
    const name = `@${COMMUNITY_SCOPE}/${domain.domain}`;
    const version = `1.${Math.floor(random() * 9)}.${Math.floor(random() * 9)}`;
    finish(
      {
        name,
        scope: COMMUNITY_SCOPE,
        shortName: domain.domain,
        kind: 'action',
        version,
        description: domain.description,
        keywords: domain.keywords,
        license: 'Apache-2.0',
        access: 'public',
        topic: `actions:${domain.domain}`,
        uses: [],
        dependencies: {},
        files: actionPackageFiles(
          name,
          version,
          domain.description,
          domain.keywords,
          'Apache-2.0',
          domain.readme,
          domain.actions,
        ),
      },
      20_000 + Math.floor(random() * 200_000),
    );
  }

  const remaining = options.packages - out.length;
  const vendorActions = Math.round(remaining * 0.12);
  for (let i = 0; i < vendorActions; i++) {
    const domain = pick(random, CATALOGUE);
    const scope = pick(random, scopes);
    let shortName = `${domain.domain}-${pick(random, ['tools', 'actions', 'ops', 'extras', 'kit'])}`;
    while (taken.has(`@${scope}/${shortName}`)) shortName = `${shortName}-${pick(random, SUFFIXES)}`;
    const name = `@${scope}/${shortName}`;
    const actions = sample(random, domain.actions, 1 + Math.floor(random() * domain.actions.length));
    const description = `${domain.description.replace(/\.$/, '')}, as ${scope} runs them.`;
    const license = pick(random, LICENSES);
    const version = `${Math.floor(random() * 3)}.${Math.floor(random() * 12)}.${Math.floor(random() * 10)}`;
    finish({
      name,
      scope,
      shortName,
      kind: 'action',
      version,
      description,
      keywords: domain.keywords,
      license,
      access: 'public',
      topic: `actions:${domain.domain}`,
      uses: [],
      dependencies: {},
      files: actionPackageFiles(name, version, description, domain.keywords, license, domain.readme, actions),
    });
  }

  while (out.length < options.packages) {
    const topic = pick(random, TOPICS);
    const privateScope = random() < privateShare ? pick(random, PRIVATE_SCOPES) : undefined;
    const scope = privateScope ?? pick(random, scopes);
    let shortName = pick(random, topic.names);
    while (taken.has(`@${scope}/${shortName}`)) shortName = `${shortName}-${pick(random, SUFFIXES)}`;
    const name = `@${scope}/${shortName}`;
    const refs = topic.steps.map((alternatives) => pick(random, alternatives));
    for (const extra of topic.extras) if (random() < 0.3) refs.splice(refs.length - 1, 0, extra);
    const keywords = sample(random, topic.keywords, 2 + Math.floor(random() * 3));
    const description = pick(random, topic.descriptions);
    const license = privateScope ? 'UNLICENSED' : pick(random, LICENSES);
    const version = `${Math.floor(random() * 4)}.${Math.floor(random() * 15)}.${Math.floor(random() * 10)}`;
    const access = privateScope ? 'private' : 'public';
    const built = patternFiles({
      fullName: name,
      version,
      description,
      keywords,
      license,
      access,
      topic,
      workflowName: pick(random, topic.workflowNames),
      refs,
      random,
    });
    finish({
      name,
      scope,
      shortName,
      kind: 'pattern',
      version,
      description,
      keywords,
      license,
      access,
      topic: topic.topic,
      uses: built.uses,
      dependencies: built.dependencies,
      files: built.files,
    });
  }

  // Deprecations last, so they do not shift the random stream of the packages themselves.
  for (const pkg of out) {
    if (pkg.scope !== COMMUNITY_SCOPE && random() < deprecatedShare) {
      pkg.deprecated = `Replaced by @${pkg.scope}/${pkg.shortName}-${pick(random, SUFFIXES)}; no longer maintained.`;
    }
  }
  return out;
}
