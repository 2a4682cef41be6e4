/**
 * What Patternhub knows of StackStorm's runners: whether an action of the runner needs an entry point
 * file, and the runner's own parameters, which a task may pass to any action of that runner.
 * Source: the StackStorm runner reference (st2docs `_includes/runner_parameters`).
 */
interface RunnerSpec {
  entryPoint: boolean;
  parameters: readonly string[];
}

const SHELL_COMMON = ['cwd', 'env', 'kwarg_op', 'timeout', 'sudo', 'sudo_password'];
const SSH = [
  'hosts',
  'username',
  'password',
  'port',
  'private_key',
  'passphrase',
  'bastion_host',
  'parallel',
  'dir',
];
const WINRM = [
  'host',
  'username',
  'password',
  'port',
  'scheme',
  'transport',
  'verify_ssl_cert',
  'cwd',
  'env',
  'kwarg_op',
  'timeout',
];

const LOCAL_CMD: RunnerSpec = { entryPoint: false, parameters: [...SHELL_COMMON, 'cmd'] };
const LOCAL_SCRIPT: RunnerSpec = {
  entryPoint: true,
  parameters: [...SHELL_COMMON, 'content_version', 'debug'],
};
const REMOTE_CMD: RunnerSpec = { entryPoint: false, parameters: [...SHELL_COMMON, ...SSH, 'cmd'] };
const REMOTE_SCRIPT: RunnerSpec = { entryPoint: true, parameters: [...SHELL_COMMON, ...SSH] };
const PYTHON: RunnerSpec = {
  entryPoint: true,
  parameters: ['env', 'timeout', 'log_level', 'content_version', 'debug'],
};

const RUNNERS: Readonly<Record<string, RunnerSpec>> = {
  'local-shell-cmd': LOCAL_CMD,
  'run-local': LOCAL_CMD,
  'local-shell-script': LOCAL_SCRIPT,
  'run-local-script': LOCAL_SCRIPT,
  'remote-shell-cmd': REMOTE_CMD,
  'run-remote': REMOTE_CMD,
  'remote-shell-script': REMOTE_SCRIPT,
  'run-remote-script': REMOTE_SCRIPT,
  'python-script': PYTHON,
  'run-python': PYTHON,
  'http-request': {
    entryPoint: false,
    parameters: [
      'url',
      'allow_redirects',
      'cookies',
      'headers',
      'http_proxy',
      'https_proxy',
      'username',
      'password',
      'verify_ssl_cert',
      'url_hosts_blacklist',
      'url_hosts_whitelist',
    ],
  },
  orquesta: { entryPoint: true, parameters: ['notify'] },
  orchestra: { entryPoint: true, parameters: ['notify'] },
  'action-chain': { entryPoint: true, parameters: ['display_published', 'skip_notify'] },
  'mistral-v2': { entryPoint: true, parameters: ['context', 'skip_notify', 'task', 'workflow'] },
  'winrm-cmd': { entryPoint: false, parameters: [...WINRM, 'cmd'] },
  'winrm-ps-cmd': { entryPoint: false, parameters: [...WINRM, 'cmd'] },
  'winrm-ps-script': { entryPoint: true, parameters: WINRM },
  inquirer: { entryPoint: false, parameters: ['schema', 'users', 'roles', 'route', 'ttl'] },
  announcement: { entryPoint: false, parameters: ['experimental', 'route'] },
  noop: { entryPoint: false, parameters: [] },
};

/** Whether the runner is one Patternhub knows (custom runners exist; their parameters are unknown). */
export function isKnownRunner(runnerType: string): boolean {
  return Object.hasOwn(RUNNERS, runnerType);
}

/** Whether actions of the runner run a file named by `entry_point`. */
export function runnerNeedsEntryPoint(runnerType: string): boolean {
  return isKnownRunner(runnerType) && RUNNERS[runnerType]!.entryPoint;
}

/** The runner's own parameters, which a task may give to any action of that runner. */
export function runnerParameters(runnerType: string): readonly string[] {
  return isKnownRunner(runnerType) ? RUNNERS[runnerType]!.parameters : [];
}

/**
 * Other names of a runner, by the name StackStorm registers it under. `orchestra` is in the orquesta
 * runner's own metadata (`aliases`, recorded in tests/fixtures/stackstorm-oracle/runners.json); the
 * `run-*` names are the runner names of StackStorm before 2.x that Exchange packs still carry, which
 * StackStorm maps to the same runners.
 */
const RUNNER_ALIASES: Readonly<Record<string, string>> = {
  'run-local': 'local-shell-cmd',
  'run-local-script': 'local-shell-script',
  'run-remote': 'remote-shell-cmd',
  'run-remote-script': 'remote-shell-script',
  'run-python': 'python-script',
  orchestra: 'orquesta',
};

/** The runner's registered name: an alias gives the runner it stands for; other names are returned as is. */
export function canonicalRunner(runnerType: string): string {
  return Object.hasOwn(RUNNER_ALIASES, runnerType) ? RUNNER_ALIASES[runnerType]! : runnerType;
}
