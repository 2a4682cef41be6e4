/**
 * A small registry for the web page tests and the web benchmark: community action packages, a
 * pattern published twice (its second version branches, joins and loops over items), a 50-task
 * runbook, a private pattern, and a package whose README tries to run script. Built in memory,
 * published through the real API.
 */

import { versionPath } from '../../src/core/api-paths.js';
import { filesFromRecord } from '../../src/core/package-files.js';
import { packFiles } from '../../src/core/tarball/index.js';
import { createOrg, createUser, setMember } from './packages.js';
import type { TestRegistry } from './registry.js';

function action(name: string, description: string, parameters: string[]): Record<string, string> {
  return {
    [`actions/${name}.yaml`]: [
      `name: ${name}`,
      `description: ${description}`,
      'runner_type: local-shell-script',
      `entry_point: ${name}.sh`,
      'parameters:',
      ...parameters,
      'output_schema:',
      '  stdout: { type: string }',
      '',
    ].join('\n'),
    [`actions/${name}.sh`]: '#!/usr/bin/env bash\necho "$@"\n',
  };
}

function manifest(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

export const LINUX = {
  'patternhub.yaml': manifest([
    'name: "@community/linux"',
    'version: 2.1.0',
    'kind: action',
    'description: Linux host actions for disk and log housekeeping.',
    'keywords: [linux, disk, logs]',
    'license: Apache-2.0',
    'repository: https://git.community.example/ops/linux',
  ]),
  'README.md': '# Linux actions\n\nCheck disks, rotate logs, restart services.\n',
  ...action('check_disk', 'Report usage of the filesystems on a host.', [
    '  hosts: { type: string, required: true, description: Hosts to check }',
    '  threshold: { type: integer, default: 90 }',
    '  token: { type: string, secret: true }',
  ]),
  ...action('rotate_logs', 'Rotate and compress logs.', ['  hosts: { type: string, required: true }']),
  ...action('restart_service', 'Restart a systemd unit.', [
    '  hosts: { type: string, required: true }',
    '  unit: { type: string, required: true }',
  ]),
};

export const CHATOPS = {
  'patternhub.yaml': manifest([
    'name: "@community/chatops"',
    'version: 1.3.0',
    'kind: action',
    'description: Tell a chat channel what happened.',
    'keywords: [chat, notify]',
    'license: MIT',
  ]),
  ...action('post_message', 'Post a message to a channel.', [
    '  channel: { type: string, required: true }',
    '  message: { type: string, required: true }',
  ]),
};

function diskFull(version: string, tasks: string[], readme: string): Record<string, string> {
  return {
    'patternhub.yaml': manifest([
      'name: "@acme/disk-full"',
      `version: ${version}`,
      'kind: pattern',
      'description: Free space on a host whose disk is filling up, then report.',
      'keywords: [disk, linux, remediation]',
      'license: Apache-2.0',
      'dependencies:',
      '  "@community/linux": "^2.1.0"',
      '  "@community/chatops": "~1.3.0"',
    ]),
    'README.md': readme,
    'workflows/disk-full.yaml': [
      'name: disk-full',
      'description: Collect diagnostics, choose a remediation, then tell the channel.',
      'parameters:',
      '  host: { type: string, required: true, description: The host whose disk is filling up. }',
      '  channel: { type: string, default: "#ops" }',
      'workflow:',
      '  version: 1.0',
      '  input: [host, channel]',
      '  vars: [usage: null]',
      '  tasks:',
      ...tasks,
      '  output: [usage: <% ctx().usage %>]',
      '',
    ].join('\n'),
  };
}

const DISK_FULL_1 = diskFull(
  '1.0.0',
  [
    '    diagnose:',
    '      action: "@community/linux.check_disk"',
    '      input: { hosts: <% ctx().host %> }',
    '      next:',
    '        - when: <% succeeded() %>',
    '          publish: [usage: <% result().stdout %>]',
    '          do: report',
    '    report:',
    '      action: "@community/chatops.post_message"',
    '      input: { channel: <% ctx().channel %>, message: "disk on <% ctx().host %>" }',
  ],
  '# Disk full\n\nRun it when a disk alert fires.\n',
);

const DISK_FULL_2 = diskFull(
  '1.1.0',
  [
    '    diagnose:',
    '      action: "@community/linux.check_disk"',
    '      input: { hosts: <% ctx().host %> }',
    '      retry: { count: 2, delay: 10 }',
    '      next:',
    '        - when: <% succeeded() and ctx().host != "" %>',
    '          publish: [usage: <% result().stdout %>]',
    '          do: [clean_logs, restart]',
    '        - when: <% failed() %>',
    '          do: fail',
    '    clean_logs:',
    '      action: "@community/linux.rotate_logs"',
    '      with: { items: "<% [ctx().host] %>", concurrency: 2 }',
    '      input: { hosts: <% item() %> }',
    '      next: [{ do: report }]',
    '    restart:',
    '      action: "@community/linux.restart_service"',
    '      input: { hosts: <% ctx().host %>, unit: rsyslog }',
    '      next: [{ do: report }]',
    '    report:',
    '      join: all',
    '      action: "@community/chatops.post_message"',
    '      input: { channel: <% ctx().channel %>, message: "disk on <% ctx().host %>: <% ctx().usage %>" }',
  ],
  '# Disk full\n\nRun it when a disk alert fires. Since 1.1 it cleans logs and restarts syslog in parallel.\n\n' +
    '| step | what |\n| --- | --- |\n| diagnose | `df -h` |\n| report | tell #ops |\n',
);

/** A runbook of `count` tasks in a chain with a side branch every fifth task: the readability case. */
function bigRunbook(count: number): Record<string, string> {
  const tasks: string[] = [];
  for (let i = 0; i < count; i++) {
    const next: string[] = [];
    if (i + 1 < count) next.push(`        - when: <% succeeded() %>`, `          do: step_${i + 1}`);
    if (i % 5 === 0 && i + 2 < count)
      next.push(`        - when: <% failed() %>`, `          do: step_${i + 2}`);
    tasks.push(
      `    step_${i}:`,
      `      action: "@community/linux.check_disk"`,
      '      input: { hosts: <% ctx().host %> }',
      ...(next.length > 0 ? ['      next:', ...next] : []),
    );
    if (i % 5 === 2 && i > 2) tasks.push('      join: 1');
  }
  return {
    'patternhub.yaml': manifest([
      'name: "@acme/big-runbook"',
      'version: 1.0.0',
      'kind: pattern',
      `description: A ${count}-step runbook, to see a large workflow drawn.`,
      'license: Apache-2.0',
      'dependencies:',
      '  "@community/linux": "^2.1.0"',
    ]),
    'workflows/big.yaml': [
      'name: big',
      'description: Many steps.',
      'parameters:',
      '  host: { type: string, required: true }',
      'workflow:',
      '  version: 1.0',
      '  input: [host]',
      '  tasks:',
      ...tasks,
      '',
    ].join('\n'),
  };
}

function smallPattern(name: string, description: string, readme: string): Record<string, string> {
  const [scope, bare] = name.slice(1).split('/');
  return {
    'patternhub.yaml': manifest([
      `name: "${name}"`,
      'version: 1.0.0',
      'kind: pattern',
      `description: ${description}`,
      'license: Apache-2.0',
    ]),
    'README.md': readme,
    [`workflows/${bare}.yaml`]: [
      `name: ${bare}`,
      `description: ${description} (${scope})`,
      'workflow:',
      '  version: 1.0',
      '  tasks:',
      '    say:',
      '      action: core.echo',
      '      input: { message: hello }',
      '',
    ].join('\n'),
  };
}

/** The README an attacker would publish: every way to get script onto a page we know of. */
export const HOSTILE_README = [
  '# Totally harmless',
  '',
  '<script>window.__pwned = "script tag"</script>',
  '',
  '<img src="x" onerror="window.__pwned = \'onerror\'">',
  '',
  '[click me](javascript:window.__pwned="link")',
  '',
  '<a href="javascript:window.__pwned=1">raw link</a> <iframe src="https://evil.example"></iframe>',
  '',
  '![pixel](javascript:window.__pwned="img")',
  '',
  '<svg onload="window.__pwned=\'svg\'"></svg> <style>body{display:none}</style>',
  '',
].join('\n');

export interface WebFixtures {
  alice: string;
  stranger: string;
}

async function put(registry: TestRegistry, token: string, record: Record<string, string>, access?: string) {
  const files = filesFromRecord(record);
  const text = record['patternhub.yaml']!;
  const name = /name: "([^"]+)"/.exec(text)![1]!;
  const version = /version: (\S+)/.exec(text)![1]!;
  const res = await registry.request(`${versionPath(name, version)}${access ? `?access=${access}` : ''}`, {
    method: 'PUT',
    token,
    body: packFiles(files) as Uint8Array<ArrayBuffer>,
    headers: { 'content-type': 'application/gzip' },
  });
  if (res.status !== 201) throw new Error(`publish ${name}@${version}: ${res.status} ${await res.text()}`);
}

/**
 * Publishes the web fixtures: `@community/*` actions, `@acme/disk-full` 1.0.0 and 1.1.0, the
 * 50-task `@acme/big-runbook`, the private `@acme/secret-runbook` (alice is a member of acme),
 * `@globex/disk-full` (another organisation's variant) and `@evil/hostile`.
 */
export async function publishWebFixtures(registry: TestRegistry): Promise<WebFixtures> {
  const admin = registry.adminToken;
  const alice = await createUser(registry, 'alice');
  const stranger = await createUser(registry, 'stranger');
  for (const org of ['community', 'acme', 'globex', 'evil']) await createOrg(registry, admin, org);
  await setMember(registry, admin, 'acme', 'alice', 'publisher');
  await put(registry, admin, LINUX);
  await put(registry, admin, CHATOPS);
  await put(registry, alice, DISK_FULL_1);
  await put(registry, alice, DISK_FULL_2);
  await put(registry, alice, bigRunbook(50));
  await put(
    registry,
    alice,
    smallPattern('@acme/secret-runbook', 'Internal failover steps.', '# Secret\n\nOnly for acme.\n'),
    'private',
  );
  await put(registry, admin, smallPattern('@globex/disk-full', 'Globex variant of disk full.', '# Globex\n'));
  await put(registry, admin, smallPattern('@evil/hostile', 'Looks harmless.', HOSTILE_README));
  return { alice, stranger };
}
