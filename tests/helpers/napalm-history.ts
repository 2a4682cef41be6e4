/**
 * A dozen releases of the napalm Exchange pack, as a git history would hold them: the two real
 * releases in the samples (1.0.1, 1.1.0), then edits of our own, each of a kind the semantic diff
 * weighs differently, and two where upstream bumped less than the changes need (as happens).
 * The samples hold only the YAML; `entryPointStubs` adds the scripts the actions name.
 */
import { join } from 'node:path';
import { textOf } from '../../src/core/package-files.js';
import { entryPointStubs, readTree, SAMPLES_DIR } from './stackstorm-packs.js';

export interface Release {
  tag: string;
  /** What the semantic diff should require from the previous release, and whether upstream's bump falls short. */
  expect: { required: 'none' | 'patch' | 'minor' | 'major'; override: boolean };
  files: Record<string, string>;
}

type Files = Record<string, string>;

function sample(name: string): Files {
  const tree = readTree(join(SAMPLES_DIR, name));
  const files: Files = {};
  for (const [path, bytes] of tree) files[path] = textOf(bytes);
  return { ...files, ...entryPointStubs(tree) };
}

function replace(files: Files, path: string, from: string, to: string): void {
  const text = files[path];
  if (text === undefined || !text.includes(from))
    throw new Error(`napalm history: ${path} has no ${JSON.stringify(from)}`);
  files[path] = text.replace(from, to);
}

function setVersion(files: Files, version: string): void {
  files['pack.yaml'] = files['pack.yaml']!.replace(/^version: .*$/m, `version: ${version}`);
}

const CONFIG_V1 = `---
hostname_map:
  type: object
  description: Devices by hostname, with their driver and credentials group.
  required: false
  default: {}
html_table_class:
  type: string
  description: CSS class of the HTML tables the actions write.
  default: napalm
`;

type Step = { tag: string; version: string; expect: Release['expect']; edit?: (files: Files) => void };

const STEPS: Step[] = [
  // Upstream changed only the version: the pattern half's range on the action half moves (^1.1.0).
  { tag: 'v1.1.0', version: '1.1.0', expect: { required: 'minor', override: false } },
  {
    tag: 'v1.1.1',
    version: '1.1.1',
    expect: { required: 'patch', override: false },
    edit: (f) =>
      replace(
        f,
        'actions/get_log.yaml',
        'Get logs from devices using NAPALM.',
        'Get the last lines of a device log using NAPALM.',
      ),
  },
  {
    tag: 'v1.2.0',
    version: '1.2.0',
    expect: { required: 'minor', override: false },
    edit: (f) => {
      f['actions/get_users.yaml'] =
        'name: get_users\nrunner_type: python-script\ndescription: Get the users configured on a device.\nenabled: true\nentry_point: get_users.py\nparameters:\n  hostname:\n    type: string\n    required: true\n';
      f['actions/get_users.py'] = 'print("users")\n';
      f['requirements.txt'] = 'napalm>=2.5\n';
    },
  },
  {
    tag: 'v1.2.1',
    version: '1.2.1',
    expect: { required: 'patch', override: false },
    // An old runner alias: the same runner, so no semantic change.
    edit: (f) =>
      replace(f, 'actions/get_log.yaml', 'runner_type: "python-script"', 'runner_type: "run-python"'),
  },
  {
    tag: 'v1.3.0',
    version: '1.3.0',
    expect: { required: 'minor', override: false },
    edit: (f) => {
      f['config.schema.yaml'] = CONFIG_V1;
    },
  },
  {
    tag: 'v1.3.1',
    version: '1.3.1',
    // Upstream removed a parameter in a patch release: a major change, published with an override.
    expect: { required: 'major', override: true },
    edit: (f) =>
      replace(
        f,
        'actions/get_facts.yaml',
        '    htmlout:\n        type: "boolean"\n        description: "In addition to the normal output also includes html output."\n        required: false\n        position: 4\n',
        '',
      ),
  },
  {
    tag: 'v2.0.0',
    version: '2.0.0',
    expect: { required: 'major', override: false },
    edit: (f) => {
      f['config.schema.yaml'] =
        `${CONFIG_V1}api_timeout:\n  type: integer\n  description: Seconds before a device call gives up.\n  required: true\n`;
    },
  },
  {
    tag: 'v2.0.1',
    version: '2.0.1',
    // A requirement moved to another major version in a patch release: minor, published with an override.
    expect: { required: 'minor', override: true },
    edit: (f) => {
      f['requirements.txt'] = 'napalm>=3.0\n';
    },
  },
  {
    tag: 'v2.1.0',
    version: '2.1.0',
    expect: { required: 'minor', override: false },
    edit: (f) =>
      replace(
        f,
        'actions/workflows/interface_down_workflow.yaml',
        '    next:\n      - do: fail\n',
        '    next:\n      - do: log_failure\n\n  log_failure:\n    action: core.noop\n    next:\n      - do: fail\n',
      ),
  },
  {
    tag: 'v2.1.1',
    version: '2.1.1',
    expect: { required: 'patch', override: false },
    edit: (f) =>
      replace(
        f,
        'actions/interface_down_workflow.yaml',
        'Workflow to process an interface down event on a device.',
        'Workflow to process an interface down event on a device: collect, then mail the details.',
      ),
  },
  {
    tag: 'v2.2.0',
    version: '2.2.0',
    expect: { required: 'minor', override: false },
    edit: (f) => {
      replace(
        f,
        'actions/interface_down_workflow.yaml',
        '    interface:\n',
        '    severity:\n      description: "How urgent the event is."\n      type: string\n      default: warning\n    interface:\n',
      );
      replace(
        f,
        'actions/workflows/interface_down_workflow.yaml',
        '  - interface\n',
        '  - interface\n  - severity\n',
      );
      replace(f, 'pack.yaml', 'python_versions:\n  - "3"', 'python_versions:\n  - "2"\n  - "3"');
    },
  },
  {
    tag: 'v3.0.0',
    version: '3.0.0',
    expect: { required: 'major', override: false },
    edit: (f) => replace(f, 'pack.yaml', 'python_versions:\n  - "2"\n  - "3"', 'python_versions:\n  - "3"'),
  },
];

/** The releases in order, each a full tree of the pack. */
export function napalmReleases(): Release[] {
  const first = sample('napalm-1.0.1');
  const releases: Release[] = [
    { tag: 'v1.0.1', expect: { required: 'none', override: false }, files: first },
  ];
  // The second real release, as published upstream.
  const second = sample('napalm-1.1.0');
  let files = second;
  for (const step of STEPS) {
    files = step.tag === 'v1.1.0' ? files : { ...files };
    step.edit?.(files);
    setVersion(files, step.version);
    releases.push({ tag: step.tag, expect: step.expect, files });
  }
  return releases;
}
