/**
 * The files of a new package, as `patternhub init` writes them. Each scaffold validates as it is:
 * a pattern calls only engine built-ins (`core.*`), so it needs no dependencies; an action package
 * carries its script beside its metadata.
 */
import { RegistryError } from './errors.js';
import { parsePackageName } from './names.js';
import { filesFromRecord, MANIFEST_FILE, type PackageFiles } from './package-files.js';
import type { PackageKind } from './types.js';

export interface ScaffoldOptions {
  kind: PackageKind;
  /** `@scope/name`; the name part also names the first workflow or action. */
  name: string;
  /** One or two sentences; a placeholder when absent. */
  description?: string;
}

/** A YAML double-quoted scalar: JSON's string escapes are all valid YAML escapes. */
function quoted(text: string): string {
  return JSON.stringify(text);
}

function manifestOf(options: Required<ScaffoldOptions>): string {
  return [
    `name: ${quoted(options.name)}`,
    'version: 0.1.0',
    `kind: ${options.kind}`,
    `description: ${quoted(options.description)}`,
    'keywords: []',
    '# dependencies:            # packages whose actions this one calls, with semver ranges',
    '#   "@community/linux": "^2.1.0"',
    '',
  ].join('\n');
}

function readmeOf(options: Required<ScaffoldOptions>, member: string): string {
  const body =
    options.kind === 'pattern'
      ? [
          `The workflow \`workflows/${member}.yaml\` is an Orquesta definition with its parameters;`,
          `other patterns call it as \`${options.name}.${member}\`.`,
        ]
      : [
          `The action \`actions/${member}.yaml\` runs \`actions/${member}.sh\`;`,
          `workflows call it as \`${options.name}.${member}\`.`,
        ];
  return [
    `# ${options.name}`,
    '',
    options.description,
    '',
    '## Contents',
    '',
    ...body,
    '',
    '## Usage',
    '',
    '```sh',
    'patternhub validate',
    'patternhub publish',
    '```',
    '',
  ].join('\n');
}

function workflowOf(member: string, description: string): string {
  return [
    `name: ${quoted(member)}`,
    `description: ${quoted(description)}`,
    'parameters:',
    '  message:',
    '    type: string',
    '    description: What to say.',
    '    default: Hello from Patternhub',
    'workflow:',
    '  version: 1.0',
    '  input:',
    '    - message',
    '  vars:',
    '    - greeting: null',
    '  tasks:',
    '    greet:',
    '      action: core.echo',
    '      input:',
    '        message: <% ctx().message %>',
    '      next:',
    '        - when: <% succeeded() %>',
    '          publish:',
    '            - greeting: <% result().stdout %>',
    '          do: done',
    '        - when: <% failed() %>',
    '          do: fail',
    '    done:',
    '      action: core.noop',
    '  output:',
    '    - greeting: <% ctx().greeting %>',
    '',
  ].join('\n');
}

function actionOf(member: string, description: string): string {
  return [
    `name: ${quoted(member)}`,
    `description: ${quoted(description)}`,
    'runner_type: local-shell-script',
    `entry_point: ${quoted(`${member}.sh`)}`,
    'enabled: true',
    'parameters:',
    '  message:',
    '    type: string',
    '    description: What to say.',
    '    required: true',
    '    position: 0',
    'output_schema:',
    '  stdout:',
    '    type: string',
    '',
  ].join('\n');
}

function scriptOf(member: string): string {
  return [
    '#!/usr/bin/env bash',
    `# ${member}: the script the action runs; parameters with a position arrive as arguments.`,
    'set -euo pipefail',
    '',
    'if [ "$#" -lt 1 ]; then',
    `  echo "usage: ${member}.sh MESSAGE" >&2`,
    '  exit 2',
    'fi',
    'printf \'%s\\n\' "$1"',
    '',
  ].join('\n');
}

/**
 * The files of a new package of the given kind: `patternhub.yaml`, `README.md`, and for a pattern
 * `workflows/<name>.yaml`, for an action package `actions/<name>.yaml` and `actions/<name>.sh`,
 * where `<name>` is the package name without its scope. The result passes `validatePackage`.
 * Throws `INVALID_NAME` for a malformed name, `USAGE` for an unknown kind.
 */
export function scaffoldPackage(options: ScaffoldOptions): PackageFiles {
  const { name: member } = parsePackageName(options.name);
  if (options.kind !== 'pattern' && options.kind !== 'action') {
    throw new RegistryError('USAGE', `"${String(options.kind)}" is not a package kind`, {
      hint: 'Use --kind pattern or --kind action.',
    });
  }
  const description =
    options.description?.trim() ||
    (options.kind === 'pattern' ? 'An operations pattern.' : 'Atomic actions for operations patterns.');
  const full: Required<ScaffoldOptions> = { kind: options.kind, name: options.name, description };
  const record: Record<string, string> = {
    [MANIFEST_FILE]: manifestOf(full),
    'README.md': readmeOf(full, member),
  };
  if (options.kind === 'pattern') {
    record[`workflows/${member}.yaml`] = workflowOf(member, 'Say something, then finish.');
  } else {
    record[`actions/${member}.yaml`] = actionOf(member, 'Print a message.');
    record[`actions/${member}.sh`] = scriptOf(member);
  }
  return filesFromRecord(record);
}
