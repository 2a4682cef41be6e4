/** The workflow graph model (src/core/workflow-graph.ts): nodes, edges, markers, and diff colouring. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffPackages } from '../../src/core/diff/index.js';
import { filesFromRecord } from '../../src/core/package-files.js';
import { diffWorkflowGraphs, mergeWorkflowGraphs, workflowGraph } from '../../src/core/workflow-graph.js';
import { parseYaml } from '../../src/core/yaml.js';

const BRANCHING = `
name: flow
workflow:
  version: 1.0
  tasks:
    a:
      action: core.noop
      next:
        - when: <% succeeded() %>
          do: b, c
        - when: <% failed() %>
          do: fail
    b:
      action: core.echo
      with: { items: <% ctx().hosts %>, concurrency: 3 }
      next: [{ do: d }]
    c:
      action: core.echo
      retry: { count: 2 }
      next: [{ do: [d] }]
    d:
      join: all
      action: core.echo
`;

function graphOf(text: string) {
  return workflowGraph(parseYaml(text, 'workflows/flow.yaml'), 'workflows/flow.yaml');
}

describe('workflowGraph', () => {
  it('tasks, transitions with their when, start, end, commands, joins and with-items', () => {
    const graph = graphOf(BRANCHING);
    const ids = graph.nodes.map((node) => node.id).sort();
    assert.deepEqual(ids, ['command:fail', 'end', 'start', 'task:a', 'task:b', 'task:c', 'task:d']);
    const edges = graph.edges.map((edge) => `${edge.from}>${edge.to}:${edge.when ?? ''}`).sort();
    assert.deepEqual(edges, [
      'start>task:a:',
      'task:a>command:fail:<% failed() %>',
      'task:a>task:b:<% succeeded() %>',
      'task:a>task:c:<% succeeded() %>',
      'task:b>task:d:',
      'task:c>task:d:',
      'task:d>end:',
    ]);
    const byId = new Map(graph.nodes.map((node) => [node.id, node]));
    assert.equal(byId.get('task:d')?.join, 'all');
    assert.deepEqual(byId.get('task:b')?.withItems, { items: '<% ctx().hosts %>', concurrency: '3' });
    assert.equal(byId.get('task:c')?.retry, true);
    assert.equal(byId.get('task:a')?.action, 'core.noop');
  });

  it('a broken document gives an empty graph, not an exception', () => {
    assert.deepEqual(
      workflowGraph(null).nodes.map((node) => node.id),
      ['start'],
    );
    assert.equal(workflowGraph({ workflow: { tasks: 'nope' } }).edges.length, 0);
  });
});

describe('mergeWorkflowGraphs', () => {
  it('marks added, removed and changed tasks and transitions', () => {
    const before = graphOf(BRANCHING);
    // c is gone, e takes its place, and the failure branch has another condition.
    const after = graphOf(
      BRANCHING.replace('do: b, c', 'do: b, e')
        .replace('when: <% failed() %>', 'when: <% failed() and true %>')
        .replace(
          '    c:\n      action: core.echo\n      retry: { count: 2 }\n      next: [{ do: [d] }]',
          '    e:\n      action: core.echo\n      next: [{ do: d }]',
        ),
    );
    const merged = mergeWorkflowGraphs(before, after, new Set(['b']));
    const status = new Map(merged.nodes.map((node) => [node.id, node.status]));
    assert.equal(status.get('task:e'), 'added');
    assert.equal(status.get('task:c'), 'removed');
    assert.equal(status.get('task:b'), 'changed');
    assert.equal(status.get('task:a'), 'same');
    const edge = (from: string, to: string) => merged.edges.filter((e) => e.from === from && e.to === to);
    assert.equal(edge('task:a', 'task:e')[0]?.status, 'added');
    assert.equal(edge('task:a', 'task:c')[0]?.status, 'removed');
    const fail = edge('task:a', 'command:fail');
    assert.equal(fail.length, 1);
    assert.equal(fail[0]?.status, 'changed');
    assert.deepEqual(fail[0]?.before, ['<% failed() %>']);
  });

  it('across two packages, paired by workflow name with the semantic diff', () => {
    const before = filesFromRecord({
      'patternhub.yaml': 'name: "@a/x"\nversion: 1.0.0\nkind: pattern\ndescription: x\n',
      'workflows/flow.yaml': BRANCHING,
    });
    const after = filesFromRecord({
      'patternhub.yaml': 'name: "@a/x"\nversion: 1.1.0\nkind: pattern\ndescription: x\n',
      'workflows/flow.yaml': BRANCHING.replace('action: core.noop', 'action: core.local'),
    });
    const diff = diffPackages({ files: before }, { files: after });
    const [entry] = diffWorkflowGraphs(before, after, diff.changes);
    assert.equal(entry?.name, 'flow');
    const a = entry?.graph.nodes.find((node) => node.id === 'task:a');
    assert.equal(a?.status, 'changed');
    assert.ok(
      entry?.graph.nodes.filter((node) => node.id !== 'task:a').every((node) => node.status === 'same'),
    );
  });
});
