import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffPackages, formatDiff } from '../../src/core/diff/index.js';
import { filesFromRecord } from '../../src/core/package-files.js';

/** Acme's variant: diagnoses, cleans logs when over 95 %, then notifies through its own sub-workflow. */
const acme = filesFromRecord({
  'patternhub.yaml': `name: "@acme/disk-full"
version: 2.0.0
kind: pattern
description: Free space on a host whose disk is filling up, then report.
dependencies:
  "@community/linux": "^2.1.0"
`,
  'workflows/disk-full.yaml': `name: disk-full
description: Collect diagnostics, choose a remediation, then tell the channel.
parameters:
  host: { type: string, required: true }
  channel: { type: string, default: "#ops" }
workflow:
  version: 1.0
  input: [host, channel]
  vars: [usage: null]
  tasks:
    diagnose:
      action: "@community/linux.check_disk"
      input: { hosts: <% ctx().host %> }
      next:
        - when: <% succeeded() and result().output.usage[0].percent > 95 %>
          publish: [usage: <% result().output.usage %>]
          do: clean_logs
        - when: <% succeeded() %>
          do: notify
    clean_logs:
      action: "@community/linux.rotate_logs"
      input: { hosts: <% ctx().host %> }
      next: [{ do: notify }]
    notify:
      action: "@acme/disk-full.notify"
      input: { channel: <% ctx().channel %> }
  output: [usage: <% ctx().usage %>]
`,
  'workflows/notify.yaml': `name: notify
parameters:
  channel: { type: string, required: true }
workflow:
  version: 1.0
  input: [channel]
  tasks:
    post:
      action: core.echo
      input: { message: <% ctx().channel %> }
`,
});

/**
 * The community's variant: the same name under another scope, an older version, no log cleaning but
 * a ticket, and its own `notify` sub-workflow (same name, so the call is the same).
 */
const community = filesFromRecord({
  'patternhub.yaml': `name: "@community/disk-full"
version: 1.3.0
kind: pattern
description: Free space on a host whose disk is filling up, then report.
dependencies:
  "@community/linux": "^2.0.0"
  "@community/tickets": "^1.0.0"
`,
  'workflows/disk-full.yaml': `name: disk-full
description: Collect diagnostics, open a ticket, then tell the channel.
parameters:
  host: { type: string, required: true }
  channel: { type: string, default: "#ops" }
  queue: { type: string, required: true }
workflow:
  version: 1.0
  input: [host, channel, queue]
  vars: [usage: null]
  tasks:
    diagnose:
      action: "@community/linux.check_disk"
      input: { hosts: <% ctx().host %> }
      next:
        - when: <% succeeded() %>
          publish: [usage: <% result().output.usage %>]
          do: open_ticket
    open_ticket:
      action: "@community/tickets.create"
      input: { queue: <% ctx().queue %>, body: <% ctx().usage %> }
      next: [{ do: notify }]
    notify:
      action: "@community/disk-full.notify"
      input: { channel: <% ctx().channel %> }
  output: [usage: <% ctx().usage %>]
`,
  'workflows/notify-channel.yaml': `name: notify
parameters:
  channel: { type: string, required: true }
workflow:
  version: 1.0
  input: [channel]
  tasks:
    post:
      action: core.echo
      input: { message: <% ctx().channel %> }
`,
});

describe('diff across scopes', () => {
  const diff = diffPackages({ files: acme }, { files: community });

  it('identifies both sides by their own name and version', () => {
    assert.deepEqual(diff.from, { name: '@acme/disk-full', version: '2.0.0' });
    assert.deepEqual(diff.to, { name: '@community/disk-full', version: '1.3.0' });
  });

  it('compares the workflows by name and reports the differing tasks', () => {
    assert.deepEqual(
      diff.changes.map((c) => [c.kind, c.weight, c.subject.type, c.subject.name, c.path ?? '']),
      [
        ['parameter.added-required', 'major', 'workflow', 'disk-full', 'queue'],
        ['dependency.added', 'minor', 'manifest', '@community/disk-full', '@community/tickets'],
        ['dependency.range-changed', 'minor', 'manifest', '@community/disk-full', '@community/linux'],
        ['task.added', 'minor', 'workflow', 'disk-full', 'open_ticket'],
        ['task.removed', 'minor', 'workflow', 'disk-full', 'clean_logs'],
        ['task.transitions-changed', 'minor', 'workflow', 'disk-full', 'diagnose'],
        ['workflow.input-changed', 'minor', 'workflow', 'disk-full', 'input'],
        ['description.changed', 'patch', 'workflow', 'disk-full', 'description'],
        ['file.added', 'patch', 'file', 'workflows/notify-channel.yaml', ''],
        ['file.removed', 'patch', 'file', 'workflows/notify.yaml', ''],
      ],
    );
    assert.equal(diff.requiredBump, 'major');
  });

  it('treats a call to the own package’s member as the same call under either scope', () => {
    const notify = diff.changes.filter((c) => c.path === 'notify');
    assert.deepEqual(notify, []);
  });

  it('does not report the name or version as changes', () => {
    assert.ok(diff.changes.every((c) => c.path !== 'name' && c.path !== 'version'));
  });

  it('pairs files by path for the text diff', () => {
    assert.deepEqual(
      diff.files.map((f) => [f.path, f.status]),
      [
        ['patternhub.yaml', 'modified'],
        ['workflows/disk-full.yaml', 'modified'],
        ['workflows/notify-channel.yaml', 'added'],
        ['workflows/notify.yaml', 'removed'],
      ],
    );
  });

  it('shows both identities in the report header', () => {
    const [title] = formatDiff(diff).split('\n');
    assert.equal(title, '@acme/disk-full@2.0.0 → @community/disk-full@1.3.0');
  });

  it('is not symmetric in weight: the other direction removes a required parameter', () => {
    const back = diffPackages({ files: community }, { files: acme });
    assert.deepEqual(
      back.changes.filter((c) => c.weight === 'major').map((c) => [c.kind, c.path]),
      [['parameter.removed', 'queue']],
    );
  });
});
