/**
 * StackStorm packs the tests write, one per kind of content, as a path → text map. Shared by the
 * unit tests and by scripts/stackstorm/record-inspections.ts (which records Orquesta's verdicts on
 * their exported workflows), so both see the same bytes.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { filesFromRecord, type PackageFiles } from '../../src/core/package-files.js';

/** The samples of real Exchange packs (read-only: tests copy them to a temporary folder first). */
export const SAMPLES_DIR = '/work/shared/samples/stackstorm';
export const SAMPLE_PACKS = ['napalm-1.0.1', 'napalm-1.1.0', 'st2-2.0.2'] as const;

/** Every file under a folder, as package files. */
export function readTree(dir: string): PackageFiles {
  const files: PackageFiles = new Map();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path).split(sep).join('/'), new Uint8Array(readFileSync(path)));
    }
  };
  walk(dir);
  return files;
}

/** A sample pack copied to a fresh temporary folder (the samples are read-only). */
export function copySample(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'ph-st2-sample-')), name);
  cpSync(join(SAMPLES_DIR, name), dir, { recursive: true });
  return dir;
}

/**
 * The entry-point scripts a sample's actions name but the sample leaves out (it holds only the YAML),
 * so the imported action package validates: one small stub per missing file.
 */
export function entryPointStubs(files: PackageFiles): Record<string, string> {
  const stubs: Record<string, string> = {};
  const decoder = new TextDecoder();
  for (const [path, bytes] of files) {
    if (!/^actions\/[^/]+\.ya?ml$/.test(path)) continue;
    const entry = /^\s*entry_point:\s*["']?([^"'\n]+?)["']?\s*$/m.exec(decoder.decode(bytes))?.[1];
    if (!entry) continue;
    const target = `actions/${entry}`;
    if (!files.has(target)) stubs[target] = target.endsWith('.py') ? 'print("stub")\n' : 'chain: []\n';
  }
  return stubs;
}

/** A pack with every kind of content import and export must carry. */
export function richPack(version = '1.2.0'): Record<string, string> {
  return {
    'pack.yaml': `---
ref: net_tools
name: Network tools
description: Network tools for the tests, with every kind of pack content.
keywords: [network, tests]
version: "${version}"
author: Test Team
email: tests@example.org
python_versions:
  - "3"
stackstorm_version: ">=3.0.0"
contributors:
  - Someone <someone@example.org>
`,
    'config.schema.yaml': `---
api_url:
  type: string
  description: Where the API is.
  required: true
  default: https://api.example.org
token:
  type: string
  secret: true
  required: false
profiles:
  type: object
  description: Named connection profiles.
  additionalProperties:
    type: object
`,
    'requirements.txt': 'requests>=2.20\nnetmiko==3.4.0\n',
    'README.md': '# net_tools\n\nA test pack.\n',
    LICENSE: 'Apache-2.0\n',
    'actions/ping.yaml': `---
name: ping
runner_type: python-script
description: Ping a host.
enabled: true
entry_point: ping.py
parameters:
  host:
    type: string
    required: true
    position: 0
  count:
    type: integer
    default: 3
  "yes":
    type: string
    description: A parameter whose name YAML 1.1 reads as a boolean.
    enum: ["yes", "no"]
    default: "no"
  channel:
    type: string
    default: "@here"
output_schema:
  type: object
  properties:
    rtt:
      type: number
`,
    'actions/ping.py': 'print("pong")\n',
    'actions/kv_get.yaml': `---
name: kv.get
runner_type: run-python
description: Get a key (a dotted StackStorm name).
entry_point: kv_get.py
parameters:
  key:
    type: string
    required: True
`,
    'actions/kv_get.py': 'print("value")\n',
    'actions/check.meta.yaml': `---
name: check
runner_type: local-shell-script
description: Check a host; disabled, with tags and notifications.
enabled: false
entry_point: check.sh
pack: net_tools
parameters:
  verbose:
    type: boolean
    default: false
output_schema:
  type: object
  properties:
    ok:
      type: boolean
  additionalProperties: false
tags:
  - name: team
    value: network
notify:
  on-complete:
    message: check finished
    routes: [chatops]
`,
    'actions/check.sh': '#!/bin/sh\necho ok\n',
    'actions/echo_cmd.yaml': `---
name: echo_cmd
runner_type: run-local
description: Echo with an old runner alias.
parameters:
  cmd:
    type: string
    immutable: true
    default: echo hello
`,
    'actions/fetch.yaml': `---
name: fetch
runner_type: http-request
description: An HTTP call.
parameters:
  url:
    type: string
    default: https://api.example.org/status
`,
    'actions/chain.yaml': `---
name: chain
runner_type: action-chain
description: An ActionChain workflow.
entry_point: chains/chain.yaml
parameters:
  host:
    type: string
    required: true
`,
    'actions/chains/chain.yaml': `---
chain:
  - name: ping_it
    ref: net_tools.ping
    params:
      host: "{{ host }}"
`,
    'actions/old_flow.yaml': `---
name: old_flow
runner_type: mistral-v2
description: A Mistral workflow.
entry_point: workflows/old_flow.yaml
`,
    'actions/workflows/old_flow.yaml': `---
version: '2.0'
net_tools.old_flow:
  tasks:
    one:
      action: core.noop
`,
    'actions/main.yaml': `---
name: main
pack: net_tools
runner_type: orquesta
description: The main workflow.
enabled: true
entry_point: workflows/main.yaml
parameters:
  host:
    type: string
    required: true
  hosts:
    type: array
    default: []
output_schema:
  type: object
  properties:
    result:
      type: object
`,
    'actions/workflows/main.yaml': `---
version: 1.0
description: Ping, read a key, run a sub-workflow, then report.
input:
  - host
  - hosts
vars:
  - rtt: null
tasks:
  ping:
    action: net_tools.ping
    input:
      host: <% ctx().host %>
      "yes": "yes"
    retry:
      count: 2
      delay: 1
    next:
      - when: <% succeeded() %>
        publish:
          - rtt: <% result().result.rtt %>
        do: [read_key, each_host]
      - when: <% failed() %>
        do: fail
  read_key:
    action: net_tools.kv.get key=<% ctx().host %>
    next:
      - do: sub
  each_host:
    with:
      items: h in <% ctx().hosts %>
      concurrency: 2
    action: core.local cmd="ping -c 1 <% item(h) %>"
    next:
      - do: sub
  sub:
    join: all
    action: net_tools.sub
    input:
      message: "done"
    next:
      - do: "no"
  "no":
    action: other_pack.notify_team
    input:
      text: <% ctx().rtt %>
output:
  - result: <% ctx().rtt %>
`,
    'actions/sub.yaml': `---
name: sub
runner_type: orchestra
description: A sub-workflow under the orquesta runner's alias.
entry_point: workflows/sub.yaml
parameters:
  message:
    type: string
    default: hello
`,
    'actions/workflows/sub.yaml': `---
version: 1.0
input:
  - message
tasks:
  say:
    action: core.echo
    input:
      message: <% ctx().message %>
`,
    'rules/on_alert.yaml': `---
name: on_alert
pack: net_tools
trigger:
  type: net_tools.alert
action:
  ref: net_tools.main
  parameters:
    host: "{{ trigger.host }}"
`,
    'sensors/watch.yaml': `---
class_name: WatchSensor
entry_point: watch.py
trigger_types:
  - name: alert
    payload_schema:
      type: object
`,
    'sensors/watch.py': 'class WatchSensor:\n    pass\n',
    'aliases/ping.yaml': `---
name: ping
action_ref: net_tools.ping
formats:
  - "ping {{ host }}"
`,
    'policies/ping_concurrency.yaml': `---
name: ping.concurrency
resource_ref: net_tools.ping
policy_type: action.concurrency
parameters:
  threshold: 2
`,
    'tests/test_ping.py': 'def test_ping():\n    assert True\n',
  };
}

/** A pack of plain actions only: one package. */
export function actionsOnlyPack(): Record<string, string> {
  return {
    'pack.yaml': 'name: linux_tools\ndescription: Linux actions.\nversion: 0.3.0\nauthor: Ops\n',
    'actions/uptime.yaml':
      'name: uptime\nrunner_type: local-shell-cmd\ndescription: Uptime.\nparameters:\n  cmd:\n    type: string\n    default: uptime\n',
  };
}

/** A pack of Orquesta workflows only: one pattern package. */
export function workflowsOnlyPack(): Record<string, string> {
  return {
    'pack.yaml': 'name: runbooks\ndescription: Runbooks.\nversion: 2.0.0\nauthor: Ops\n',
    'actions/restart.yaml':
      'name: restart\nrunner_type: orquesta\nentry_point: workflows/restart.yaml\nparameters:\n  service:\n    type: string\n    required: true\n',
    'actions/workflows/restart.yaml':
      'version: 1.0\ninput:\n  - service\ntasks:\n  restart:\n    action: core.local\n    input:\n      cmd: systemctl restart <% ctx().service %>\n',
  };
}

export function packFiles(record: Record<string, string>): PackageFiles {
  return filesFromRecord(record);
}
