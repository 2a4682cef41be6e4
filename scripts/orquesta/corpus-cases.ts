/**
 * The Orquesta differential corpus, written by the project: each case is a workflow definition
 * (the `workflow:` block) filed under the inspector rule it exercises. `generate-corpus.ts` writes
 * each as a Patternhub workflow file under tests/fixtures/orquesta-corpus/<rule>/<name>.yaml;
 * `record-verdicts.ts` records the real inspector's verdict of each file.
 *
 * In a body written with `both()`, `«…»` is an expression: the case is written twice, once as YAQL
 * `<% … %>` and once as Jinja `{{ … }}`.
 */
export interface CorpusCase {
  rule: string;
  name: string;
  /** The definition, as YAML text (unindented). */
  body: string;
}

const cases: CorpusCase[] = [];

function add(rule: string, name: string, body: string): void {
  cases.push({ rule, name, body });
}

/** The case in both expression languages. */
function both(rule: string, name: string, body: string): void {
  add(rule, `${name}-yaql`, body.replace(/«([\s\S]*?)»/g, '<% $1 %>'));
  // A Jinja expression that starts a YAML value must be quoted, or YAML reads `{{` as a flow mapping.
  const jinja = body
    .replace(
      /(: |- )«([^»\n]*)»([^\n]*)$/gm,
      (_, lead: string, expr: string, rest: string) =>
        `${lead}"${`{{ ${expr} }}${rest.replace(/«([^»]*)»/g, '{{ $1 }}')}`.replace(/"/g, '\\"')}"`,
    )
    .replace(/«([\s\S]*?)»/g, '{{ $1 }}');
  add(rule, `${name}-jinja`, jinja);
}

const noop = (name: string, extra = ''): string => `  ${name}:\n    action: core.noop\n${extra}`;

// ---------------------------------------------------------------- schema (Orquesta's "syntax")
add('schema', 'minimal', `tasks:\n${noop('t1')}`);
add('schema', 'version-number', `version: 1.0\ntasks:\n${noop('t1')}`);
add('schema', 'version-string', `version: "1.0"\ntasks:\n${noop('t1')}`);
add('schema', 'version-two', `version: 2.0\ntasks:\n${noop('t1')}`);
add('schema', 'version-integer-one', `version: 1\ntasks:\n${noop('t1')}`);
add('schema', 'description', `version: 1.0\ndescription: A workflow.\ntasks:\n${noop('t1')}`);
add('schema', 'unknown-top-key', `version: 1.0\nsteps: []\ntasks:\n${noop('t1')}`);
add('schema', 'no-tasks', `version: 1.0\ninput: [a]`);
add('schema', 'tasks-empty-map', `version: 1.0\ntasks: {}`);
add('schema', 'tasks-list', `version: 1.0\ntasks:\n  - t1`);
add('schema', 'input-names', `input: [a, b]\ntasks:\n${noop('t1')}`);
add('schema', 'input-defaults', `input:\n  - a: 1\n  - b: [x]\n  - c\ntasks:\n${noop('t1')}`);
add('schema', 'input-not-list', `input: a\ntasks:\n${noop('t1')}`);
add('schema', 'input-empty-list', `input: []\ntasks:\n${noop('t1')}`);
add('schema', 'input-duplicate', `input: [a, a]\ntasks:\n${noop('t1')}`);
add('schema', 'input-two-key-map', `input:\n  - {a: 1, b: 2}\ntasks:\n${noop('t1')}`);
add('schema', 'input-number-item', `input:\n  - 5\ntasks:\n${noop('t1')}`);
add('schema', 'input-hyphen-name', `input:\n  - my-input\ntasks:\n${noop('t1')}`);
add('schema', 'input-hyphen-default', `input:\n  - my-input: 1\ntasks:\n${noop('t1')}`);
add('schema', 'input-null-default', `input:\n  - a: null\ntasks:\n${noop('t1')}`);
add('schema', 'vars-ok', `vars:\n  - a: 1\n  - b: {c: d}\ntasks:\n${noop('t1')}`);
add('schema', 'vars-bare-name', `vars:\n  - a\ntasks:\n${noop('t1')}`);
add('schema', 'vars-map', `vars:\n  a: 1\ntasks:\n${noop('t1')}`);
add('schema', 'vars-duplicate', `vars:\n  - a: 1\n  - a: 1\ntasks:\n${noop('t1')}`);
add('schema', 'vars-same-name-twice', `vars:\n  - a: 1\n  - a: 2\ntasks:\n${noop('t1')}`);
add('schema', 'vars-empty', `vars: []\ntasks:\n${noop('t1')}`);
add('schema', 'output-ok', `output:\n  - a: 1\ntasks:\n${noop('t1')}`);
add('schema', 'output-bare-name', `output:\n  - a\ntasks:\n${noop('t1')}`);
add('schema', 'output-empty-map', `output:\n  - {}\ntasks:\n${noop('t1')}`);
add('schema', 'task-unknown-key', `tasks:\n${noop('t1', '    foo: bar\n')}`);
add('schema', 'task-null', `tasks:\n  t1:\n  t2:\n    action: core.noop\n`);
add('schema', 'task-empty-map', `tasks:\n  t1: {}\n${noop('t2')}`);
add('schema', 'task-no-action', `tasks:\n  t1:\n    next:\n      - do: t2\n${noop('t2')}`);
add('schema', 'task-action-empty', `tasks:\n  t1:\n    action: ""\n`);
add('schema', 'task-action-number', `tasks:\n  t1:\n    action: 5\n`);
add('schema', 'task-input-map', `tasks:\n  t1:\n    action: core.echo\n    input:\n      message: hi\n`);
add('schema', 'task-input-empty-map', `tasks:\n  t1:\n    action: core.echo\n    input: {}\n`);
add(
  'schema',
  'task-input-expression',
  `input: [args]\ntasks:\n  t1:\n    action: core.echo\n    input: <% ctx().args %>\n`,
);
add('schema', 'task-input-empty-string', `tasks:\n  t1:\n    action: core.echo\n    input: ""\n`);
add('schema', 'task-input-list', `tasks:\n  t1:\n    action: core.echo\n    input: [message]\n`);
add(
  'schema',
  'task-input-hyphen-key',
  `tasks:\n  t1:\n    action: core.local\n    input:\n      cmd: ls\n      my-key: 1\n`,
);
add(
  'schema',
  'task-input-null-value',
  `tasks:\n  t1:\n    action: core.echo\n    input:\n      message: null\n`,
);
add('schema', 'delay-number', `tasks:\n${noop('t1', '    delay: 5\n')}`);
add('schema', 'delay-zero', `tasks:\n${noop('t1', '    delay: 0\n')}`);
add('schema', 'delay-negative', `tasks:\n${noop('t1', '    delay: -1\n')}`);
add('schema', 'delay-float', `tasks:\n${noop('t1', '    delay: 1.5\n')}`);
add('schema', 'delay-expression', `input: [d]\ntasks:\n${noop('t1', '    delay: <% ctx().d %>\n')}`);
add('schema', 'delay-empty-string', `tasks:\n${noop('t1', '    delay: ""\n')}`);
add('schema', 'next-not-list', `tasks:\n${noop('t1', '    next:\n      do: t2\n')}${noop('t2')}`);
add('schema', 'next-empty-list', `tasks:\n${noop('t1', '    next: []\n')}`);
add('schema', 'next-unknown-key', `tasks:\n${noop('t1', '    next:\n      - go: t2\n')}${noop('t2')}`);
add('schema', 'next-item-string', `tasks:\n${noop('t1', '    next:\n      - t2\n')}${noop('t2')}`);
add('schema', 'next-empty-item', `tasks:\n${noop('t1', '    next:\n      - {}\n')}`);
add(
  'schema',
  'when-empty',
  `tasks:\n${noop('t1', '    next:\n      - when: ""\n        do: t2\n')}${noop('t2')}`,
);
add(
  'schema',
  'when-boolean',
  `tasks:\n${noop('t1', '    next:\n      - when: true\n        do: t2\n')}${noop('t2')}`,
);
add(
  'schema',
  'when-plain-text',
  `tasks:\n${noop('t1', '    next:\n      - when: always\n        do: t2\n')}${noop('t2')}`,
);
add(
  'schema',
  'do-list',
  `tasks:\n${noop('t1', '    next:\n      - do: [t2, t3]\n')}${noop('t2')}${noop('t3')}`,
);
add('schema', 'do-empty-list', `tasks:\n${noop('t1', '    next:\n      - do: []\n')}`);
add('schema', 'do-empty-string', `tasks:\n${noop('t1', '    next:\n      - do: ""\n')}`);
add('schema', 'do-duplicate', `tasks:\n${noop('t1', '    next:\n      - do: [t2, t2]\n')}${noop('t2')}`);
add('schema', 'do-number', `tasks:\n${noop('t1', '    next:\n      - do: 5\n')}`);
add('schema', 'publish-list', `tasks:\n${noop('t1', '    next:\n      - publish:\n          - a: 1\n')}`);
add('schema', 'publish-string', `tasks:\n${noop('t1', '    next:\n      - publish: a=1 b="x"\n')}`);
add('schema', 'publish-empty-string', `tasks:\n${noop('t1', '    next:\n      - publish: ""\n')}`);
add('schema', 'publish-map', `tasks:\n${noop('t1', '    next:\n      - publish:\n          a: 1\n')}`);
add(
  'schema',
  'publish-two-key-item',
  `tasks:\n${noop('t1', '    next:\n      - publish:\n          - {a: 1, b: 2}\n')}`,
);
add('schema', 'publish-empty-list', `tasks:\n${noop('t1', '    next:\n      - publish: []\n')}`);
add(
  'schema',
  'publish-hyphen-name',
  `tasks:\n${noop('t1', '    next:\n      - publish:\n          - my-var: 1\n')}`,
);
add(
  'schema',
  'join-all',
  `tasks:\n${noop('t1', '    next:\n      - do: t2, t3\n')}${noop('t2', '    next:\n      - do: t4\n')}${noop('t3', '    next:\n      - do: t4\n')}${noop('t4', '    join: all\n')}`,
);
add(
  'schema',
  'join-any',
  `tasks:\n${noop('t1', '    next:\n      - do: t2, t3\n')}${noop('t2', '    next:\n      - do: t4\n')}${noop('t3', '    next:\n      - do: t4\n')}${noop('t4', '    join: any\n')}`,
);
add(
  'schema',
  'join-zero',
  `tasks:\n${noop('t1', '    next:\n      - do: t2, t3\n')}${noop('t2', '    next:\n      - do: t4\n')}${noop('t3', '    next:\n      - do: t4\n')}${noop('t4', '    join: 0\n')}`,
);
add(
  'schema',
  'join-negative',
  `tasks:\n${noop('t1', '    next:\n      - do: t2, t3\n')}${noop('t2', '    next:\n      - do: t4\n')}${noop('t3', '    next:\n      - do: t4\n')}${noop('t4', '    join: -1\n')}`,
);
add(
  'schema',
  'join-string-number',
  `tasks:\n${noop('t1', '    next:\n      - do: t2, t3\n')}${noop('t2', '    next:\n      - do: t4\n')}${noop('t3', '    next:\n      - do: t4\n')}${noop('t4', '    join: "2"\n')}`,
);
add(
  'schema',
  'join-true',
  `tasks:\n${noop('t1', '    next:\n      - do: t2, t3\n')}${noop('t2', '    next:\n      - do: t4\n')}${noop('t3', '    next:\n      - do: t4\n')}${noop('t4', '    join: true\n')}`,
);
add('schema', 'retry-ok', `tasks:\n${noop('t1', '    retry:\n      count: 3\n      delay: 1\n')}`);
add('schema', 'retry-no-count', `tasks:\n${noop('t1', '    retry:\n      delay: 1\n')}`);
add('schema', 'retry-count-negative', `tasks:\n${noop('t1', '    retry:\n      count: -1\n')}`);
add('schema', 'retry-count-zero', `tasks:\n${noop('t1', '    retry:\n      count: 0\n')}`);
add(
  'schema',
  'retry-count-expression',
  `input: [n]\ntasks:\n${noop('t1', '    retry:\n      count: <% ctx().n %>\n')}`,
);
add('schema', 'retry-unknown-key', `tasks:\n${noop('t1', '    retry:\n      count: 1\n      backoff: 2\n')}`);
add('schema', 'retry-when-empty', `tasks:\n${noop('t1', '    retry:\n      count: 1\n      when: ""\n')}`);
add('schema', 'retry-string', `tasks:\n${noop('t1', '    retry: 3\n')}`);
add(
  'schema',
  'retry-delay-negative',
  `tasks:\n${noop('t1', '    retry:\n      count: 1\n      delay: -5\n')}`,
);

// ---------------------------------------------------------------- with-items
const withTask = (withText: string, extra = ''): string =>
  `input: [xs, ys]\ntasks:\n  t1:\n    with: ${withText}\n    action: core.echo\n    input:\n      message: <% item() %>\n${extra}`;
add('with-items', 'shorthand', withTask('<% ctx().xs %>'));
add('with-items', 'shorthand-jinja', withTask('"{{ ctx().xs }}"'));
add('with-items', 'named-item', withTask('x in <% ctx().xs %>'));
add('with-items', 'named-items-zip', withTask('x, y in <% zip(ctx().xs, ctx().ys) %>'));
add('with-items', 'named-items-no-space', withTask('x,y in <% zip(ctx().xs, ctx().ys) %>'));
add('with-items', 'map-form', withTask('\n      items: <% ctx().xs %>\n      concurrency: 2'));
add(
  'with-items',
  'concurrency-expression',
  withTask('\n      items: <% ctx().xs %>\n      concurrency: <% ctx().ys %>'),
);
add('with-items', 'concurrency-negative', withTask('\n      items: <% ctx().xs %>\n      concurrency: -1'));
add('with-items', 'no-items', withTask('\n      concurrency: 2'));
add('with-items', 'unknown-key', withTask('\n      items: <% ctx().xs %>\n      batch: 2'));
add('with-items', 'plain-list-text', withTask('a, b, c'));
add('with-items', 'not-expression', withTask('ctx().xs'));
add('with-items', 'missing-in', withTask('x <% ctx().xs %>'));
add('with-items', 'reads-unknown', withTask('x in <% ctx().zs %>'));
add('with-items', 'reads-unknown-jinja', withTask('"x in {{ ctx().zs }}"'));
add(
  'with-items',
  'no-action',
  `input: [xs]\ntasks:\n  t1:\n    with: <% ctx().xs %>\n    next:\n      - do: t2\n${noop('t2')}`,
);
add('with-items', 'item-in-input', withTask('x in <% ctx().xs %>').replace('<% item() %>', '<% item(x) %>'));
add(
  'with-items',
  'publish-result',
  withTask(
    '<% ctx().xs %>',
    '    next:\n      - when: <% succeeded() %>\n        publish:\n          - out: <% result() %>\n        do: t2\n',
  ) + `  t2:\n    action: core.echo\n    input:\n      message: <% ctx().out %>\n`,
);
add('with-items', 'with-number', withTask('5'));
add('with-items', 'items-number', withTask('\n      items: 5'));

// ---------------------------------------------------------------- task names
add('task-names', 'underscore', `tasks:\n${noop('_t1')}`);
add('task-names', 'digits', `tasks:\n${noop('t_1_2')}`);
add('task-names', 'non-ascii', `tasks:\n${noop('tâche')}`);
add('task-names', 'non-ascii-cjk', `tasks:\n${noop('任务')}`);
add(
  'task-names',
  'non-ascii-transition',
  `tasks:\n${noop('début', '    next:\n      - do: fin\n')}${noop('fin')}`,
);
add('task-names', 'hyphen', `tasks:\n${noop('my-task')}`);
add(
  'task-names',
  'hyphen-target',
  `tasks:\n${noop('t1', '    next:\n      - do: my-task\n')}${noop('my-task')}`,
);
add('task-names', 'dot', `tasks:\n${noop('my.task')}`);
add('task-names', 'space', `tasks:\n${noop('"my task"')}`);
add('task-names', 'double-underscore', `tasks:\n${noop('__private')}`);
add('task-names', 'numeric-string', `tasks:\n${noop('"123"')}`);
add('task-names', 'numeric', `tasks:\n${noop('123')}`);
for (const word of ['yes', 'no', 'on', 'off', 'Yes', 'NO', 'On', 'OFF', 'true', 'False']) {
  add(
    'task-names',
    `yaml11-boolean-${word.toLowerCase()}-${word === word.toLowerCase() ? 'lower' : 'mixed'}`,
    `tasks:\n${noop(word)}`,
  );
}
add('task-names', 'yaml11-boolean-quoted', `tasks:\n${noop('"yes"')}`);
add(
  'task-names',
  'yaml11-boolean-target',
  `tasks:\n${noop('t1', '    next:\n      - do: on\n')}${noop('on')}`,
);
add('task-names', 'y-and-n', `tasks:\n${noop('y', '    next:\n      - do: n\n')}${noop('n')}`);
add('task-names', 'null-name', `tasks:\n${noop('null')}`);
for (const word of ['continue', 'fail', 'noop', 'retry']) {
  add('task-names', `reserved-${word}`, `tasks:\n${noop(word)}`);
}
add('task-names', 'reserved-like', `tasks:\n${noop('failed')}${noop('noop_')}`);

// ---------------------------------------------------------------- graph: start tasks, undefined tasks, engine commands
add(
  'graph',
  'sequence',
  `tasks:\n${noop('t1', '    next:\n      - do: t2\n')}${noop('t2', '    next:\n      - do: t3\n')}${noop('t3')}`,
);
add('graph', 'two-starts', `tasks:\n${noop('t1')}${noop('t2')}`);
add('graph', 'undefined-target', `tasks:\n${noop('t1', '    next:\n      - do: t9\n')}`);
add(
  'graph',
  'undefined-in-comma-list',
  `tasks:\n${noop('t1', '    next:\n      - do: t2, t9\n')}${noop('t2')}`,
);
add('graph', 'undefined-in-list', `tasks:\n${noop('t1', '    next:\n      - do: [t2, t9]\n')}${noop('t2')}`);
add('graph', 'undefined-from-unreachable', `tasks:\n${noop('t1', '    next:\n      - do: t1\n')}`);
add(
  'graph',
  'comma-list-spaces',
  `tasks:\n${noop('t1', '    next:\n      - do: "t2 ,  t3"\n')}${noop('t2')}${noop('t3')}`,
);
add('graph', 'comma-list-trailing', `tasks:\n${noop('t1', '    next:\n      - do: "t2,"\n')}${noop('t2')}`);
for (const command of ['fail', 'noop', 'continue', 'retry']) {
  add(
    'graph',
    `engine-command-${command}`,
    `tasks:\n${noop('t1', `    next:\n      - when: <% failed() %>\n        do: ${command}\n`)}`,
  );
}
add(
  'graph',
  'engine-command-and-task',
  `tasks:\n${noop('t1', '    next:\n      - do: t2, fail\n')}${noop('t2')}`,
);
add('graph', 'engine-command-uppercase', `tasks:\n${noop('t1', '    next:\n      - do: FAIL\n')}`);
add(
  'graph',
  'no-start-pair',
  `tasks:\n${noop('t1', '    next:\n      - do: t2\n')}${noop('t2', '    next:\n      - do: t1\n')}`,
);
add('graph', 'no-start-self', `tasks:\n${noop('t1', '    next:\n      - do: t1\n')}`);
add(
  'graph',
  'unreachable-island',
  `tasks:\n${noop('t1')}${noop('t2', '    next:\n      - do: t3\n')}${noop('t3', '    next:\n      - do: t2\n')}`,
);
add('graph', 'transition-no-do', `tasks:\n${noop('t1', '    next:\n      - when: <% succeeded() %>\n')}`);
add(
  'graph',
  'when-branches',
  `tasks:\n${noop('t1', '    next:\n      - when: <% succeeded() %>\n        do: t2\n      - when: <% failed() %>\n        do: t3\n')}${noop('t2')}${noop('t3')}`,
);
add(
  'graph',
  'diamond-no-join',
  `tasks:\n${noop('t1', '    next:\n      - do: t2, t3\n')}${noop('t2', '    next:\n      - do: t4\n')}${noop('t3', '    next:\n      - do: t4\n')}${noop('t4')}`,
);

// ---------------------------------------------------------------- cycles
add(
  'cycles',
  'loop-with-entry',
  `input: [n]\ntasks:\n${noop('init', '    next:\n      - do: work\n')}${noop('work', '    next:\n      - when: <% ctx().n > 0 %>\n        do: work\n      - when: <% ctx().n <= 0 %>\n        do: done\n')}${noop('done')}`,
);
add(
  'cycles',
  'two-task-loop-with-entry',
  `tasks:\n${noop('init', '    next:\n      - do: a\n')}${noop('a', '    next:\n      - do: b\n')}${noop('b', '    next:\n      - when: <% failed() %>\n        do: a\n')}`,
);
add(
  'cycles',
  'loop-without-entry',
  `tasks:\n${noop('a', '    next:\n      - do: b\n')}${noop('b', '    next:\n      - do: c\n')}${noop('c', '    next:\n      - do: a\n')}`,
);
add(
  'cycles',
  'loop-publishes-counter',
  `vars:\n  - n: 0\ntasks:\n${noop('init', '    next:\n      - do: work\n')}${noop('work', '    next:\n      - when: <% ctx().n < 3 %>\n        publish:\n          - n: <% ctx().n + 1 %>\n        do: work\n      - when: <% ctx().n >= 3 %>\n        do: done\n')}${noop('done')}`,
);
add(
  'cycles',
  'loop-reads-own-publish',
  `tasks:\n${noop('init', '    next:\n      - do: work\n')}  work:\n    action: core.echo\n    input:\n      message: <% ctx().m %>\n    next:\n      - publish:\n          - m: x\n        do: work\n`,
);
add(
  'cycles',
  'retry-loop',
  `tasks:\n${noop('init', '    next:\n      - do: check\n')}${noop('check', '    next:\n      - when: <% failed() %>\n        do: wait\n      - when: <% succeeded() %>\n        do: done\n')}${noop('wait', '    next:\n      - do: check\n')}${noop('done')}`,
);
add(
  'cycles',
  'fork-in-loop',
  `tasks:\n${noop('init', '    next:\n      - do: a\n')}${noop('a', '    next:\n      - do: b, c\n')}${noop('b', '    next:\n      - do: d\n')}${noop('c', '    next:\n      - do: d\n')}${noop('d', '    join: all\n    next:\n      - when: <% failed() %>\n        do: a\n')}`,
);
add(
  'cycles',
  'join-in-loop-count',
  `tasks:\n${noop('init', '    next:\n      - do: a\n')}${noop('a', '    next:\n      - do: b, c\n')}${noop('b', '    next:\n      - do: d\n')}${noop('c', '    next:\n      - do: d\n')}${noop('d', '    join: 1\n    next:\n      - when: <% failed() %>\n        do: a\n')}`,
);

// ---------------------------------------------------------------- joins
const fork = `${noop('t1', '    next:\n      - do: t2, t3\n')}`;
add(
  'joins',
  'join-all-two',
  `tasks:\n${fork}${noop('t2', '    next:\n      - do: j\n')}${noop('t3', '    next:\n      - do: j\n')}${noop('j', '    join: all\n')}`,
);
add(
  'joins',
  'join-count-one',
  `tasks:\n${fork}${noop('t2', '    next:\n      - do: j\n')}${noop('t3', '    next:\n      - do: j\n')}${noop('j', '    join: 1\n')}`,
);
add(
  'joins',
  'join-count-too-high',
  `tasks:\n${fork}${noop('t2', '    next:\n      - do: j\n')}${noop('t3', '    next:\n      - do: j\n')}${noop('j', '    join: 5\n')}`,
);
add(
  'joins',
  'join-single-inbound',
  `tasks:\n${noop('t1', '    next:\n      - do: j\n')}${noop('j', '    join: all\n')}`,
);
add('joins', 'join-start-task', `tasks:\n${noop('j', '    join: all\n')}`);
add(
  'joins',
  'join-three-way',
  `tasks:\n${noop('t1', '    next:\n      - do: a, b, c\n')}${noop('a', '    next:\n      - do: j\n')}${noop('b', '    next:\n      - do: j\n')}${noop('c', '    next:\n      - do: j\n')}${noop('j', '    join: 2\n')}`,
);
add(
  'joins',
  'join-two-starts',
  `tasks:\n${noop('a', '    next:\n      - do: j\n')}${noop('b', '    next:\n      - do: j\n')}${noop('j', '    join: all\n')}`,
);
add(
  'joins',
  'nested-fork-unsatisfiable',
  `tasks:\n${noop('t1', '    next:\n      - do: t2, t3, t5\n')}${noop('t2', '    next:\n      - do: t4\n')}${noop('t3', '    next:\n      - do: t4\n')}${noop('t4', '    next:\n      - do: t5\n')}${noop('t5', '    join: all\n')}`,
);
add(
  'joins',
  'nested-fork-unsatisfiable-count',
  `tasks:\n${noop('t1', '    next:\n      - do: t2, t3, t5\n')}${noop('t2', '    next:\n      - do: t4\n')}${noop('t3', '    next:\n      - do: t4\n')}${noop('t4', '    next:\n      - do: t5\n')}${noop('t5', '    join: 2\n')}`,
);
add(
  'joins',
  'nested-fork-joined-inner',
  `tasks:\n${noop('t1', '    next:\n      - do: t2, t3, t5\n')}${noop('t2', '    next:\n      - do: t4\n')}${noop('t3', '    next:\n      - do: t4\n')}${noop('t4', '    join: all\n    next:\n      - do: t5\n')}${noop('t5', '    join: all\n')}`,
);
add(
  'joins',
  'split-then-join',
  `tasks:\n${noop('a', '    next:\n      - do: s\n')}${noop('b', '    next:\n      - do: s\n')}${noop('s', '    next:\n      - do: x, y\n')}${noop('x', '    next:\n      - do: j\n')}${noop('y', '    next:\n      - do: j\n')}${noop('j', '    join: all\n')}`,
);
add(
  'joins',
  'split-join-mixed-levels',
  `tasks:\n${noop('a', '    next:\n      - do: s, j\n')}${noop('b', '    next:\n      - do: s\n')}${noop('s', '    next:\n      - do: j\n')}${noop('j', '    join: all\n')}`,
);
add(
  'joins',
  'join-after-when-branches',
  `tasks:\n${noop('t1', '    next:\n      - when: <% succeeded() %>\n        do: t2\n      - when: <% failed() %>\n        do: t3\n')}${noop('t2', '    next:\n      - do: j\n')}${noop('t3', '    next:\n      - do: j\n')}${noop('j', '    join: all\n')}`,
);
add(
  'joins',
  'nested-forks-joined-in-order',
  `tasks:\n${noop('t1', '    next:\n      - do: a, b\n')}${noop('a', '    next:\n      - do: a1, a2\n')}${noop('a1', '    next:\n      - do: ja\n')}${noop('a2', '    next:\n      - do: ja\n')}${noop('ja', '    join: all\n    next:\n      - do: j\n')}${noop('b', '    next:\n      - do: j\n')}${noop('j', '    join: all\n')}`,
);
add(
  'joins',
  'multi-referenced-then-join',
  `tasks:\n${noop('t1', '    next:\n      - do: t2, t3\n')}${noop('t2', '    next:\n      - do: m\n')}${noop('t3', '    next:\n      - do: m, j\n')}${noop('m', '    next:\n      - do: j\n')}${noop('j', '    join: all\n')}`,
);
add(
  'joins',
  'join-publishes-from-branches',
  `tasks:\n${fork}${noop('t2', '    next:\n      - publish:\n          - a: 1\n        do: j\n')}${noop('t3', '    next:\n      - publish:\n          - b: 2\n        do: j\n')}  j:\n    join: all\n    action: core.echo\n    input:\n      message: <% ctx().a %> <% ctx().b %>\n`,
);
add(
  'joins',
  'join-unequal-branches-reads-long',
  `tasks:\n${fork}${noop('t2', '    next:\n      - publish:\n          - a: 1\n        do: j\n')}${noop('t3', '    next:\n      - do: t4\n')}${noop('t4', '    next:\n      - publish:\n          - b: 2\n        do: j\n')}  j:\n    join: all\n    action: core.echo\n    input:\n      message: <% ctx().b %>\n`,
);
add(
  'joins',
  'join-unequal-branches-reads-short',
  `tasks:\n${fork}${noop('t2', '    next:\n      - publish:\n          - a: 1\n        do: j\n')}${noop('t3', '    next:\n      - do: t4\n')}${noop('t4', '    next:\n      - publish:\n          - b: 2\n        do: j\n')}  j:\n    join: all\n    action: core.echo\n    input:\n      message: <% ctx().a %>\n`,
);
add(
  'joins',
  'join-count-unequal-branches',
  `tasks:\n${fork}${noop('t2', '    next:\n      - publish:\n          - a: 1\n        do: j\n')}${noop('t3', '    next:\n      - do: t4\n')}${noop('t4', '    next:\n      - publish:\n          - b: 2\n        do: j\n')}  j:\n    join: 1\n    action: core.echo\n    input:\n      message: <% ctx().a %> <% ctx().b %>\n`,
);
add(
  'joins',
  'no-join-reads-other-branch',
  `tasks:\n${fork}${noop('t2', '    next:\n      - publish:\n          - a: 1\n        do: m\n')}${noop('t3', '    next:\n      - publish:\n          - b: 2\n        do: m\n')}  m:\n    action: core.echo\n    input:\n      message: <% ctx().a %> <% ctx().b %>\n`,
);

// ---------------------------------------------------------------- context: inputs, vars, outputs
both(
  'context',
  'read-input',
  `input: [a]\ntasks:\n  t1:\n    action: core.echo\n    input:\n      message: «ctx().a»\n`,
);
both(
  'context',
  'read-unknown',
  `input: [a]\ntasks:\n  t1:\n    action: core.echo\n    input:\n      message: «ctx().b»\n`,
);
both(
  'context',
  'read-call-quoted',
  `input: [a]\ntasks:\n  t1:\n    action: core.echo\n    input:\n      message: «ctx('a')»\n`,
);
both(
  'context',
  'read-call-quoted-unknown',
  `input: [a]\ntasks:\n  t1:\n    action: core.echo\n    input:\n      message: «ctx('b')»\n`,
);
both(
  'context',
  'read-call-double-quoted-unknown',
  `input: [a]\ntasks:\n  t1:\n    action: core.echo\n    input:\n      message: '«ctx("b")»'\n`,
);
add(
  'context',
  'read-call-bare-unknown',
  `input: [a]\ntasks:\n  t1:\n    action: core.echo\n    input:\n      message: <% ctx(b) %>\n`,
);
add(
  'context',
  'read-call-bare-known',
  `input: [a]\ntasks:\n  t1:\n    action: core.echo\n    input:\n      message: <% ctx(a) %>\n`,
);
both(
  'context',
  'read-get-default',
  `input: [a]\ntasks:\n  t1:\n    action: core.echo\n    input:\n      message: «ctx().get('zz', 'd')»\n`,
);
both(
  'context',
  'read-get-single',
  `tasks:\n  t1:\n    action: core.echo\n    input:\n      message: «ctx().get('zz')»\n`,
);
both(
  'context',
  'read-index',
  `tasks:\n  t1:\n    action: core.echo\n    input:\n      message: «ctx()['zz']»\n`,
);
both(
  'context',
  'read-attribute-chain',
  `input: [a]\ntasks:\n  t1:\n    action: core.echo\n    input:\n      message: «ctx().a.b.c»\n`,
);
both(
  'context',
  'read-attribute-chain-unknown',
  `input: [a]\ntasks:\n  t1:\n    action: core.echo\n    input:\n      message: «ctx().z.b.c»\n`,
);
both(
  'context',
  'read-in-string-literal',
  `tasks:\n  t1:\n    action: core.echo\n    input:\n      message: «'ctx().zz'»\n`,
);
both(
  'context',
  'read-private',
  `input: [__a]\ntasks:\n  t1:\n    action: core.echo\n    input:\n      message: «ctx().__a»\n`,
);
both(
  'context',
  'read-private-unknown',
  `tasks:\n  t1:\n    action: core.echo\n    input:\n      message: «ctx().__state»\n`,
);
both(
  'context',
  'read-single-underscore',
  `input: [_a]\ntasks:\n  t1:\n    action: core.echo\n    input:\n      message: «ctx()._a»\n`,
);
both(
  'context',
  'read-hyphen-name',
  `input: [my-a]\ntasks:\n  t1:\n    action: core.echo\n    input:\n      message: «ctx().my-a»\n`,
);
both(
  'context',
  'read-in-input-key',
  `input: [a]\ntasks:\n  t1:\n    action: core.echo\n    input:\n      "«ctx().b»": x\n`,
);
both('context', 'read-in-action', `input: [a]\ntasks:\n  t1:\n    action: «ctx().act»\n`);
both('context', 'read-in-action-known', `input: [act]\ntasks:\n  t1:\n    action: «ctx().act»\n`);
both(
  'context',
  'read-in-when',
  `tasks:\n${noop('t1', '    next:\n      - when: «ctx().flag»\n        do: t2\n')}${noop('t2')}`,
);
both('context', 'read-in-delay', `tasks:\n${noop('t1', '    delay: «ctx().d»\n')}`);
both(
  'context',
  'read-in-retry-when',
  `tasks:\n${noop('t1', '    retry:\n      count: 2\n      when: «ctx().r»\n')}`,
);
both(
  'context',
  'read-in-retry-count',
  `input: [n]\ntasks:\n${noop('t1', '    retry:\n      count: «ctx().n»\n      delay: «ctx().d»\n')}`,
);
both('context', 'read-in-whole-input', `tasks:\n  t1:\n    action: core.echo\n    input: «ctx().args»\n`);
both(
  'context',
  'read-nested-input-value',
  `input: [a]\ntasks:\n  t1:\n    action: core.http\n    input:\n      url: http://x\n      headers:\n        h: «ctx().hh»\n`,
);
both(
  'context',
  'read-in-list-value',
  `input: [a]\ntasks:\n  t1:\n    action: core.http\n    input:\n      url: http://x\n      body:\n        - «ctx().a»\n        - «ctx().zz»\n`,
);
both('context', 'input-default-earlier', `input:\n  - a: 1\n  - b: «ctx().a»\ntasks:\n${noop('t1')}`);
both('context', 'input-default-later', `input:\n  - a: «ctx().b»\n  - b: 1\ntasks:\n${noop('t1')}`);
both('context', 'input-default-self', `input:\n  - a: «ctx().a»\ntasks:\n${noop('t1')}`);
both('context', 'vars-read-input', `input: [a]\nvars:\n  - b: «ctx().a»\ntasks:\n${noop('t1')}`);
both('context', 'vars-read-earlier', `vars:\n  - a: 1\n  - b: «ctx().a»\ntasks:\n${noop('t1')}`);
both('context', 'vars-read-later', `vars:\n  - a: «ctx().b»\n  - b: 1\ntasks:\n${noop('t1')}`);
both('context', 'vars-read-self', `vars:\n  - a: «ctx().a»\ntasks:\n${noop('t1')}`);
both('context', 'vars-nested-read', `vars:\n  - a:\n      k: «ctx().zz»\ntasks:\n${noop('t1')}`);
both('context', 'input-reads-var', `input:\n  - a: «ctx().v»\nvars:\n  - v: 1\ntasks:\n${noop('t1')}`);
both('context', 'output-read-earlier-output', `tasks:\n${noop('t1')}output:\n  - a: 1\n  - b: «ctx().a»\n`);
both('context', 'output-read-later-output', `tasks:\n${noop('t1')}output:\n  - a: «ctx().b»\n  - b: 1\n`);
both(
  'context',
  'output-read-published',
  `tasks:\n${noop('t1', '    next:\n      - publish:\n          - p: 1\n')}output:\n  - o: «ctx().p»\n`,
);
both('context', 'output-read-unknown', `tasks:\n${noop('t1')}output:\n  - o: «ctx().zz»\n`);
both(
  'context',
  'output-read-published-on-failure',
  `tasks:\n${noop('t1', '    next:\n      - when: «failed()»\n        publish:\n          - p: 1\n')}output:\n  - o: «ctx().p»\n`,
);
both('context', 'output-read-var', `vars:\n  - v: 1\ntasks:\n${noop('t1')}output:\n  - o: «ctx().v»\n`);

// ---------------------------------------------------------------- context along paths: publish
both(
  'publish',
  'read-in-next-task',
  `tasks:\n${noop('t1', '    next:\n      - publish:\n          - p: 1\n        do: t2\n')}  t2:\n    action: core.echo\n    input:\n      message: «ctx().p»\n`,
);
both(
  'publish',
  'read-before-publish-same-task',
  `tasks:\n  t1:\n    action: core.echo\n    input:\n      message: «ctx().p»\n    next:\n      - publish:\n          - p: 1\n`,
);
both(
  'publish',
  'read-two-hops-later',
  `tasks:\n${noop('t1', '    next:\n      - publish:\n          - p: 1\n        do: t2\n')}${noop('t2', '    next:\n      - do: t3\n')}  t3:\n    action: core.echo\n    input:\n      message: «ctx().p»\n`,
);
both(
  'publish',
  'read-on-other-branch',
  `tasks:\n${noop('t1', '    next:\n      - publish:\n          - p: 1\n        do: t2\n      - do: t3\n')}${noop('t2')}  t3:\n    action: core.echo\n    input:\n      message: «ctx().p»\n`,
);
both(
  'publish',
  'read-from-parallel-branch',
  `tasks:\n${noop('t1', '    next:\n      - do: t2, t3\n')}${noop('t2', '    next:\n      - publish:\n          - p: 1\n')}  t3:\n    action: core.echo\n    input:\n      message: «ctx().p»\n`,
);
both(
  'publish',
  'failure-path-read-on-success',
  `tasks:\n${noop('t1', '    next:\n      - when: «failed()»\n        publish:\n          - err: «result()»\n        do: t2\n      - when: «succeeded()»\n        do: t3\n')}${noop('t2')}  t3:\n    action: core.echo\n    input:\n      message: «ctx().err»\n`,
);
both(
  'publish',
  'failure-path-read-on-failure',
  `tasks:\n${noop('t1', '    next:\n      - when: «failed()»\n        publish:\n          - err: «result()»\n        do: t2\n')}  t2:\n    action: core.echo\n    input:\n      message: «ctx().err»\n`,
);
both(
  'publish',
  'when-reads-own-publish',
  `tasks:\n${noop('t1', '    next:\n      - when: «ctx().p»\n        publish:\n          - p: 1\n        do: t2\n')}${noop('t2')}`,
);
both(
  'publish',
  'publish-reads-earlier-publish',
  `tasks:\n${noop('t1', '    next:\n      - publish:\n          - a: 1\n          - b: «ctx().a»\n')}`,
);
both(
  'publish',
  'publish-reads-later-publish',
  `tasks:\n${noop('t1', '    next:\n      - publish:\n          - a: «ctx().b»\n          - b: 1\n')}`,
);
both(
  'publish',
  'publish-reads-earlier-transition',
  `tasks:\n${noop('t1', '    next:\n      - publish:\n          - a: 1\n      - publish:\n          - b: «ctx().a»\n')}`,
);
both(
  'publish',
  'publish-reads-unknown',
  `tasks:\n${noop('t1', '    next:\n      - publish:\n          - b: «ctx().zz»\n')}`,
);
both(
  'publish',
  'publish-reads-result',
  `tasks:\n${noop('t1', '    next:\n      - publish:\n          - b: «result().stdout»\n')}`,
);
both(
  'publish',
  'read-after-join',
  `tasks:\n${fork}${noop('t2', '    next:\n      - publish:\n          - a: 1\n        do: j\n')}${noop('t3', '    next:\n      - do: j\n')}  j:\n    join: all\n    action: core.echo\n    input:\n      message: «ctx().a»\n`,
);
both(
  'publish',
  'read-after-merge-no-join',
  `tasks:\n${noop('t1', '    next:\n      - when: «succeeded()»\n        publish:\n          - a: 1\n        do: m\n      - when: «failed()»\n        do: m\n')}  m:\n    action: core.echo\n    input:\n      message: «ctx().a»\n`,
);
both(
  'publish',
  'read-after-merge-both-publish',
  `tasks:\n${noop('t1', '    next:\n      - when: «succeeded()»\n        publish:\n          - a: 1\n        do: m\n      - when: «failed()»\n        publish:\n          - a: 2\n        do: m\n')}  m:\n    action: core.echo\n    input:\n      message: «ctx().a»\n`,
);
both(
  'publish',
  'inline-publish',
  `tasks:\n${noop('t1', '    next:\n      - publish: a=1 b=«result()»\n        do: t2\n')}  t2:\n    action: core.echo\n    input:\n      message: «ctx().a» «ctx().b»\n`,
);
both(
  'publish',
  'inline-publish-reads-unknown',
  `tasks:\n${noop('t1', '    next:\n      - publish: a=«ctx().zz»\n')}`,
);
both(
  'publish',
  'publish-private',
  `tasks:\n${noop('t1', '    next:\n      - publish:\n          - __p: 1\n        do: t2\n')}  t2:\n    action: core.echo\n    input:\n      message: «ctx().__p»\n`,
);
both(
  'publish',
  'read-in-loop-back',
  `tasks:\n${noop('init', '    next:\n      - do: a\n')}  a:\n    action: core.echo\n    input:\n      message: «ctx().p»\n    next:\n      - publish:\n          - p: 1\n        do: b\n${noop('b', '    next:\n      - do: a\n')}`,
);
both(
  'publish',
  'read-engine-command-path',
  `tasks:\n${noop('t1', '    next:\n      - publish:\n          - p: 1\n        do: noop\n      - do: t2\n')}  t2:\n    action: core.echo\n    input:\n      message: «ctx().p»\n`,
);
both(
  'publish',
  'with-items-reads-published',
  `input: [xs]\ntasks:\n${noop('t1', '    next:\n      - publish:\n          - ys: «ctx().xs»\n        do: t2\n')}  t2:\n    with: «ctx().ys»\n    action: core.echo\n    input:\n      message: «item()»\n`,
);
both(
  'publish',
  'with-items-reads-unpublished',
  `input: [xs]\ntasks:\n${noop('t1', '    next:\n      - do: t2\n')}  t2:\n    with: «ctx().ys»\n    action: core.echo\n    input:\n      message: «item()»\n`,
);
both(
  'publish',
  'task-in-two-paths',
  `tasks:\n${noop('a', '    next:\n      - publish:\n          - p: 1\n        do: c\n')}${noop('b', '    next:\n      - do: c\n')}  c:\n    action: core.echo\n    input:\n      message: «ctx().p»\n`,
);

// ---------------------------------------------------------------- expressions: syntax
const echo = (message: string): string =>
  `input: [a, xs]\ntasks:\n  t1:\n    action: core.echo\n    input:\n      message: ${message}\n`;
add('expressions', 'yaql-ok-arithmetic', echo('<% ctx().a + 1 %>'));
add('expressions', 'yaql-ok-comparison', echo('<% ctx().a >= 1 and not ctx().a = 3 %>'));
add('expressions', 'yaql-ok-method', echo('<% ctx().xs.select($ * 2).where($ > 1) %>'));
add('expressions', 'yaql-ok-indexer', echo('<% ctx().xs[0] %>'));
add('expressions', 'yaql-ok-dollar', echo('<% $.a %>'));
add('expressions', 'yaql-ok-dict', echo("<% dict(a => 1, b => 'x') %>"));
add('expressions', 'yaql-ok-list', echo('<% list(1, 2, 3) %>'));
add('expressions', 'yaql-ok-string-double', echo('\'<% "hello" %>\''));
add('expressions', 'yaql-ok-in', echo('<% ctx().a in ctx().xs %>'));
add('expressions', 'yaql-ok-two-exprs', echo('"<% ctx().a %> and <% ctx().xs %>"'));
add('expressions', 'yaql-ok-text-around', echo('"value: <% ctx().a %>!"'));
add('expressions', 'yaql-ok-function-chain', echo('<% len(ctx().xs) > 0 %>'));
add('expressions', 'yaql-ok-lambda', echo('<% ctx().xs.select([$, $ * 2]) %>'));
add('expressions', 'yaql-ok-task-result', echo('<% task(t1).result %>'));
add('expressions', 'yaql-ok-negative', echo('<% -1 %>'));
add('expressions', 'yaql-ok-null', echo('<% null %>'));
add('expressions', 'yaql-ok-regex-op', echo("<% ctx().a =~ '^x' %>"));
add('expressions', 'yaql-ok-item', echo('<% item() %>'));
add('expressions', 'yaql-ok-nested-parens', echo('<% ((1 + 2) * 3) %>'));
add('expressions', 'yaql-ok-keyword-args', echo("<% str(ctx().a).replace(old => 'a', new => 'b') %>"));
add('expressions', 'yaql-err-comma', echo('<% item(member), item(message) %>'));
add('expressions', 'yaql-err-unterminated-string', echo(`"<% 'abc %>"`));
add('expressions', 'yaql-err-trailing-operator', echo('<% ctx().a + %>'));
add('expressions', 'yaql-err-unbalanced-paren', echo('<% (ctx().a %>'));
add('expressions', 'yaql-err-extra-paren', echo('<% ctx().a) %>'));
add('expressions', 'yaql-err-empty', echo('<% %>'));
add('expressions', 'yaql-err-two-values', echo('<% 1 2 %>'));
add('expressions', 'yaql-err-bad-token', echo('<% ctx().a # 1 %>'));
add('expressions', 'yaql-err-unclosed-bracket', echo('<% ctx().xs[0 %>'));
add('expressions', 'yaql-err-dangling-dot', echo('<% ctx(). %>'));
add('expressions', 'yaql-err-double-operator', echo('<% 1 * * 2 %>'));
add(
  'expressions',
  'yaql-err-in-when',
  `tasks:\n${noop('t1', '    next:\n      - when: <% succeeded( %>\n        do: t2\n')}${noop('t2')}`,
);
add(
  'expressions',
  'yaql-err-in-publish',
  `tasks:\n${noop('t1', '    next:\n      - publish:\n          - a: <% result(). %>\n')}`,
);
add('expressions', 'yaql-err-in-vars', `vars:\n  - a: <% 1 + %>\ntasks:\n${noop('t1')}`);
add('expressions', 'yaql-err-in-output', `tasks:\n${noop('t1')}output:\n  - a: <% [1, %>\n`);
add(
  'expressions',
  'yaql-err-in-input-key',
  `tasks:\n  t1:\n    action: core.echo\n    input:\n      "<% 1 + %>": x\n`,
);
add('expressions', 'yaql-err-second-expr', echo('"<% 1 %> <% 2 + %>"'));
add('expressions', 'jinja-ok-simple', echo('"{{ ctx().a }}"'));
add('expressions', 'jinja-ok-filter', echo('"{{ ctx().xs | length }}"'));
add('expressions', 'jinja-ok-if-block', echo('"{% if ctx().a %}yes{% endif %}"'));
add('expressions', 'jinja-ok-for-block', echo('"{% for x in ctx().xs %}{{ x }}{% endfor %}"'));
add('expressions', 'jinja-ok-raw-block', echo('"{% raw %}{{ not parsed }}{% endraw %}"'));
add('expressions', 'jinja-ok-string', echo(`"{{ 'a' ~ \\"b\\" }}"`));
add('expressions', 'jinja-ok-dict', echo(`"{{ {'a': 1}['a'] }}"`));
add('expressions', 'jinja-ok-list-comprehension-like', echo('"{{ ctx().xs[1:3] }}"'));
add('expressions', 'jinja-ok-conditional', echo(`"{{ 'a' if ctx().a else 'b' }}"`));
add('expressions', 'jinja-ok-set', echo('"{% set y = 1 %}{{ y }}"'));
add('expressions', 'jinja-ok-comment', echo('"{# note #}{{ ctx().a }}"'));
add('expressions', 'jinja-ok-tests', echo('"{{ ctx().a is defined }}"'));
add('expressions', 'jinja-err-trailing-operator', echo('"{{ ctx().x + }}"'));
add('expressions', 'jinja-err-unclosed-if', echo('"{% if ctx().a %}yes"'));
add('expressions', 'jinja-err-unclosed-for', echo('"{% for x in ctx().xs %}{{ x }}"'));
add('expressions', 'jinja-err-unknown-tag', echo('"{% frobnicate %}"'));
add('expressions', 'jinja-err-unterminated-string', echo(`"{{ 'abc }}"`));
add('expressions', 'jinja-err-empty', echo('"{{ }}"'));
add('expressions', 'jinja-err-endif-alone', echo('"{% endif %}"'));
add('expressions', 'jinja-err-bad-filter-syntax', echo('"{{ ctx().a | }}"'));
add('expressions', 'jinja-err-unbalanced-paren', echo('"{{ (ctx().a }}"'));
add(
  'expressions',
  'jinja-err-in-when',
  `tasks:\n${noop('t1', '    next:\n      - when: "{{ succeeded( }}"\n        do: t2\n')}${noop('t2')}`,
);
add('expressions', 'jinja-err-block-only-statement', echo('"{% if %}{% endif %}"'));
add('expressions', 'mixed-yaql-jinja', echo('"<% ctx().a %> {{ ctx().a }}"'));
add('expressions', 'mixed-yaql-jinja-block', echo('"<% ctx().a %> {% if true %}x{% endif %}"'));
add(
  'expressions',
  'mixed-in-when',
  `input: [a]\ntasks:\n${noop('t1', '    next:\n      - when: "<% ctx().a %> {{ ctx().a }}"\n        do: t2\n')}${noop('t2')}`,
);
add('expressions', 'not-expression-percent', echo('"100% done"'));
add('expressions', 'not-expression-braces', echo('"{ a: 1 }"'));
add('expressions', 'not-expression-lt', echo('"a <b> c"'));
add('expressions', 'yaql-multiline', echo('|\n        <% ctx().a\n          + 1 %>'));

// ---------------------------------------------------------------- inline action input
add('inline-input', 'quoted', `tasks:\n  t1:\n    action: core.echo message="hello"\n`);
add('inline-input', 'apostrophes', `tasks:\n  t1:\n    action: core.echo message='hello world'\n`);
add('inline-input', 'unquoted-word', `tasks:\n  t1:\n    action: core.echo message=hello\n`);
add('inline-input', 'number', `tasks:\n  t1:\n    action: core.local cmd="ls" timeout=30\n`);
add('inline-input', 'boolean', `tasks:\n  t1:\n    action: core.local cmd="ls" sudo=true\n`);
add('inline-input', 'null-value', `tasks:\n  t1:\n    action: core.echo message=null\n`);
add('inline-input', 'brackets', `tasks:\n  t1:\n    action: core.http url="http://x" headers=[1, 2]\n`);
add('inline-input', 'expression', `input: [m]\ntasks:\n  t1:\n    action: core.echo message=<% ctx().m %>\n`);
add('inline-input', 'expression-unknown', `tasks:\n  t1:\n    action: core.echo message=<% ctx().m %>\n`);
add(
  'inline-input',
  'jinja-expression',
  `input: [m]\ntasks:\n  t1:\n    action: core.echo message="{{ ctx().m }}"\n`,
);
add(
  'inline-input',
  'and-input-block',
  `tasks:\n  t1:\n    action: core.echo message="a"\n    input:\n      message: b\n`,
);
add(
  'inline-input',
  'and-input-block-unknown-read',
  `tasks:\n  t1:\n    action: core.echo message="a"\n    input:\n      message: <% ctx().zz %>\n`,
);
add('inline-input', 'syntax-error-in-value', `tasks:\n  t1:\n    action: core.echo message=<% 1 + %>\n`);

// ---------------------------------------------------------------- realistic workflows
add(
  'realistic',
  'disk-full',
  `version: 1.0
input: [host, channel]
vars:
  - usage: null
tasks:
  diagnose:
    action: core.remote
    input:
      hosts: <% ctx().host %>
      cmd: df -h /
    next:
      - when: <% succeeded() and result().stdout != '' %>
        publish:
          - usage: <% result().stdout %>
        do: clean_logs
      - when: <% failed() %>
        do: report
  clean_logs:
    action: core.remote
    input:
      hosts: <% ctx().host %>
      cmd: logrotate -f /etc/logrotate.conf
    next:
      - do: report
  report:
    action: core.echo
    input:
      message: "disk on <% ctx().host %>: <% ctx().usage %>"
output:
  - usage: <% ctx().usage %>
`,
);
add(
  'realistic',
  'restart-with-retry',
  `version: 1.0
input:
  - service
  - hosts
  - attempts: 3
tasks:
  restart:
    action: core.remote
    input:
      hosts: <% ctx().hosts %>
      cmd: systemctl restart <% ctx().service %>
    retry:
      when: <% failed() %>
      count: <% ctx().attempts %>
      delay: 10
    next:
      - when: <% succeeded() %>
        do: verify
      - when: <% failed() %>
        publish:
          - error: <% result().stderr %>
        do: fail
  verify:
    action: core.http
    input:
      url: http://<% ctx().hosts %>/health
    next:
      - when: <% result().status_code != 200 %>
        do: fail
output:
  - service: <% ctx().service %>
`,
);
const FAN_OUT_FAN_IN = `version: 1.0
input: [hosts]
tasks:
  start:
    action: core.noop
    next:
      - do: collect_logs, collect_metrics
  collect_logs:
    action: core.remote
    input:
      hosts: <% ctx().hosts %>
      cmd: journalctl -n 100
    next:
      - publish:
          - logs: <% result() %>
        do: summarise
  collect_metrics:
    action: core.http
    input:
      url: http://metrics/api
    next:
      - publish:
          - metrics: <% result().body %>
        do: summarise
  summarise:
    join: all
    action: core.echo
    input:
      message: "{{ ctx().logs }} {{ ctx().metrics }}"
output:
  - logs: <% ctx().logs %>
  - metrics: <% ctx().metrics %>
`;
add('realistic', 'fan-out-fan-in', FAN_OUT_FAN_IN);
// The same, but one branch reads what only the other branch publishes.
add(
  'realistic',
  'fan-out-fan-in-bad-read',
  FAN_OUT_FAN_IN.replace(
    '      url: http://metrics/api\n',
    '      url: http://metrics/api\n      body: <% ctx().logs %>\n',
  ),
);
add(
  'realistic',
  'approval',
  `version: 1.0
input: [change]
tasks:
  ask:
    action: core.ask
    input:
      route: approvals
      schema:
        type: object
        properties:
          approved:
            type: boolean
    next:
      - when: <% succeeded() and task(ask).result.response.approved %>
        do: apply
      - when: <% succeeded() and not task(ask).result.response.approved %>
        do: reject
  apply:
    action: core.local
    input:
      cmd: echo applying <% ctx().change %>
  reject:
    action: core.echo
    input:
      message: rejected
`,
);
add(
  'realistic',
  'per-host-items',
  `version: 1.0
input: [hosts, cmd]
tasks:
  run:
    with:
      items: host in <% ctx().hosts %>
      concurrency: 2
    action: core.remote
    input:
      hosts: <% item(host) %>
      cmd: <% ctx().cmd %>
    next:
      - when: <% succeeded() %>
        publish:
          - results: <% result() %>
        do: notify
      - when: <% failed() %>
        publish:
          - failures: <% result() %>
        do: notify_failure
  notify:
    action: core.echo
    input:
      message: "ok: <% ctx().results %>"
  notify_failure:
    action: core.echo
    input:
      message: "failed: <% ctx().failures %> <% ctx().results %>"
`,
);

export const CORPUS_CASES: readonly CorpusCase[] = cases;
