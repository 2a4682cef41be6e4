import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  contextReads,
  functionCalls,
  parseJinja,
  parseValue,
  parseYaql,
  type YaqlNode,
} from '../../src/core/expressions/index.js';

/** A compact rendering of a YAQL tree, to assert precedence and associativity. */
function shape(node: YaqlNode): string {
  switch (node.type) {
    case 'constant':
      return JSON.stringify(node.value);
    case 'keyword':
      return node.name;
    case 'dollar':
      return `$${node.name}`;
    case 'group':
      return shape(node.expr);
    case 'unary':
      return `(${node.op} ${shape(node.operand)})`;
    case 'binary':
      return `(${shape(node.left)} ${node.op} ${shape(node.right)})`;
    case 'call':
      return `${node.name}(${node.args.map((arg) => (arg.type === 'named' ? `${shape(arg.key)}=>${shape(arg.value)}` : arg.type === 'skipped' ? '_' : shape(arg))).join(', ')})`;
    case 'index':
      return `${shape(node.target)}[${node.args.map((arg) => shape(arg as YaqlNode)).join(', ')}]`;
    case 'list':
      return `[${node.items.map((arg) => shape(arg as YaqlNode)).join(', ')}]`;
    case 'map':
      return `{${node.items.map((arg) => (arg.type === 'named' ? `${shape(arg.key)}=>${shape(arg.value)}` : '?')).join(', ')}}`;
  }
}

function yaql(body: string): string {
  const result = parseYaql(body);
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return shape(result.ast);
}

function yaqlError(body: string): { message: string; offset: number } {
  const result = parseYaql(body);
  assert.ok(!result.ok, `expected a syntax error in ${body}`);
  return { message: result.error.message, offset: result.error.offset };
}

describe('expressions: splitting a string value', () => {
  it('finds YAQL expressions and the text around them, with offsets', () => {
    const parsed = parseValue('disk on <% ctx().host %>: <% ctx().usage %>!');
    assert.equal(parsed.language, 'yaql');
    assert.deepEqual(
      parsed.parts.map((part) => [part.kind, part.start, part.end]),
      [
        ['text', 0, 8],
        ['yaql', 8, 24],
        ['text', 24, 26],
        ['yaql', 26, 43],
        ['text', 43, 44],
      ],
    );
    const first = parsed.parts[1]!;
    assert.equal(first.kind === 'yaql' && first.body, 'ctx().host');
    assert.equal(first.kind === 'yaql' && first.bodyStart, 11);
    assert.deepEqual(parsed.errors, []);
  });

  it('finds Jinja expressions and statements, and keeps the template', () => {
    const parsed = parseValue('{% if ctx().ok %}{{ ctx().a }}{% endif %}');
    assert.equal(parsed.language, 'jinja');
    assert.deepEqual(
      parsed.parts.map((part) => part.kind),
      ['jinja-statement', 'jinja', 'jinja-statement'],
    );
    assert.ok(parsed.template);
    assert.equal(parsed.template[0]!.type, 'if');
  });

  it('treats plain text and expressions split over lines as text, as Orquesta does', () => {
    assert.equal(parseValue('just text').language, null);
    assert.equal(parseValue('<% ctx()\n.x %>').language, null);
    assert.equal(parseValue('').parts.length, 0);
  });

  it('refuses YAQL and Jinja in one string', () => {
    const parsed = parseValue('<% ctx().a %> and {{ ctx().b }}');
    assert.equal(parsed.language, 'mixed');
    assert.equal(parsed.errors[0]!.message, 'Expression with multiple types is not supported.');
    assert.equal(parsed.errors[0]!.language, null);
  });

  it('strips delimiter characters from the body like Python strip("<%>")', () => {
    const part = parseValue('<%% 1 %%>').parts[0]!;
    assert.equal(part.kind === 'yaql' && part.body, '1');
  });

  it('gives the offset, line and column of an error in a multi-line string', () => {
    const parsed = parseValue('first line\n{{ ctx().x + }}');
    // Orquesta reports the template's error, then the expression's own (it differs from the string).
    assert.equal(parsed.errors.length, 2);
    const error = parsed.errors[0]!;
    assert.equal(error.offset, 24);
    assert.equal(error.line, 2);
    assert.equal(error.column, 14);
  });
});

describe('expressions: YAQL grammar', () => {
  it('follows YAQL precedence and associativity', () => {
    assert.equal(yaql('1 + 2 * 3'), '(1 + (2 * 3))');
    assert.equal(yaql('-2 * 3'), '((- 2) * 3)');
    assert.equal(yaql('3 - -2'), '(3 - (- 2))');
    assert.equal(yaql('not a = b and c'), '((not (a = b)) and c)');
    assert.equal(yaql('a or b and c'), '(a or (b and c))');
    assert.equal(yaql('-$.x[0]'), '(- ($ . x)[0])');
    assert.equal(yaql('$a -> $b -> $c'), '($a -> ($b -> $c))');
    assert.equal(yaql('1 + 2 in [3]'), '((1 + 2) in [3])');
    assert.equal(yaql('a =~ b + 1'), '((a =~ b) + 1)');
    assert.equal(yaql('x mod 2 = 0'), '((x mod 2) = 0)');
  });

  it('reads member access, method calls, indexers and keyword arguments', () => {
    assert.equal(yaql("ctx().x.get('k', 1)"), '((ctx() . x) . get("k", 1))');
    assert.equal(yaql("ctx()['x'][0]"), 'ctx()["x"][0]');
    assert.equal(yaql('dict(a => 1, b => [1, 2])'), 'dict(a=>1, b=>[1, 2])');
    assert.equal(yaql('{a => 1}'), '{a=>1}');
    assert.equal(yaql('f(a,,b)'), 'f(a, _, b)');
    assert.equal(yaql('f(,a)'), 'f(_, a)');
    assert.equal(yaql('$x?.y'), '($x ?. y)');
    assert.equal(yaql('ctx(host)'), 'ctx(host)');
  });

  it('reads literals: strings with both quotes and escapes, numbers, true/false/null', () => {
    assert.equal(yaql(`'it\\'s'`), JSON.stringify("it's"));
    assert.equal(yaql(`"a\\tb\\x41"`), JSON.stringify('a\tbA'));
    assert.equal(yaql('`raw \\d`'), JSON.stringify('raw \\d'));
    assert.equal(yaql(`'\\d'`), JSON.stringify('\\d'));
    assert.equal(yaql('[1, 2.5, true, false, null]'), '[1, 2.5, true, false, null]');
    const float = parseYaql('1.0');
    assert.ok(float.ok && float.ast.type === 'constant' && float.ast.numberKind === 'float');
  });

  it("rejects what yaql rejects, with yaql's message and position", () => {
    assert.deepEqual(yaqlError('f(a,)'), {
      message: "Parse error: unexpected ')' at position 4 of expression 'f(a,)'",
      offset: 4,
    });
    assert.equal(yaqlError('item(member), item(message)').offset, 12);
    assert.equal(
      yaqlError('f(, b=>1)').message,
      "Parse error: unexpected '=>' at position 5 of expression 'f(, b=>1)'",
    );
    assert.equal(yaqlError('a => b').offset, 2);
    assert.equal(yaqlError("'abc").message, "Lexical error: illegal character ''' at position 0");
    assert.equal(yaqlError('__x').message, "Lexical error: illegal character '_' at position 0");
    assert.equal(yaqlError('1.5e3').message, "Lexical error: illegal character '5' at position 2");
    assert.equal(yaqlError('true and(false)').offset, 5);
    assert.equal(yaqlError('').message, 'Parse error: unexpected end of statement');
    assert.equal(yaqlError('ctx().x +').message, 'Parse error: unexpected end of statement');
    assert.equal(yaqlError('f (x)').offset, 2);
    assert.equal(yaqlError('[1,]').offset, 3);
    assert.equal(yaqlError('f(a => 1, b)').offset, 11);
  });
});

describe('expressions: Jinja grammar', () => {
  it('parses expressions with filters, tests, conditionals and calls', () => {
    for (const body of [
      "ctx().x | join(', ')",
      'x is defined',
      'x is not none and y',
      'a if b else c',
      'f(a, b=1, *c, **d)',
      'x.0',
      'x[1:2]',
      "'a' ~ 1 ~ x",
      '{"a": [1, (2, 3)]}',
      '2 ** 3 // 2 % 2',
      'a not in b',
      'x | default("d") | upper',
    ]) {
      const result = parseJinja(body);
      assert.ok(result.ok, `${body}: ${result.ok ? '' : result.error.message}`);
    }
  });

  it("rejects what Jinja rejects, with Jinja's message", () => {
    const cases: [string, string][] = [
      ['{{ ctx().x + }}', "unexpected 'end of print statement'"],
      ['{{ a b }}', "expected token 'end of print statement', got 'b'"],
      ['{% if true %}', 'Unexpected end of template.'],
      ['{% endif %}', "Encountered unknown tag 'endif'."],
      ['{% for x in y %}{% if a %}{% endfor %}', "Encountered unknown tag 'endfor'."],
      ['{% foobar %}', "Encountered unknown tag 'foobar'."],
      ['{{ f(b=1, a) }}', 'invalid syntax for function call expression'],
      ['{{ a ! b }}', "unexpected char '!'"],
      ['{{ (1 }}', "unexpected '}', expected ')'"],
      ['{{ x } }}', "unexpected '}'"],
      ['{{ 1 }}{# open', 'Missing end of comment tag'],
      ['{% raw %} x', 'Missing end of raw directive'],
      ['{% set 1 = 2 %}', "can't assign to 'const'"],
      ['{% for %}{% endfor %}', 'Expected an expression'],
    ];
    for (const [text, message] of cases) {
      const parsed = parseValue(text);
      assert.ok(parsed.errors.length > 0, `${text} should be refused`);
      assert.ok(parsed.errors[0]!.message.startsWith(message), `${text}: ${parsed.errors[0]!.message}`);
    }
  });

  it('accepts statements Orquesta workflows use', () => {
    for (const text of [
      '{% for x in ctx().items %}{{ x }},{% endfor %}',
      '{% if a %}1{% elif b %}2{% else %}3{% endif %}',
      '{% set n = 1 %}{{ n }}',
      '{% raw %}{{ not parsed }}{% endraw %}',
      '{# a comment #}{{ 1 }}',
      '{%- if a -%} x {%+ endif %}',
      '{% with a = 1 %}{{ a }}{% endwith %}',
      '{% for k, v in d.items() if v recursive %}{{ loop.index }}{% else %}none{% endfor %}',
    ]) {
      assert.deepEqual(parseValue(text).errors, [], text);
    }
  });
});

describe('expressions: analysis', () => {
  it('finds every way of reading a context variable in YAQL', () => {
    const parsed = parseValue(
      "<% ctx().a + ctx('b') + ctx(c) + ctx()['d'] + ctx().get('e', 1) + ctx()?.f + $.g + ctx().h.select($.i) %>",
    );
    assert.deepEqual(
      contextReads(parsed).map((read) => [read.name, read.kind, read.safe]),
      [
        ['a', 'member', false],
        ['b', 'call', false],
        ['c', 'call', false],
        ['d', 'index', false],
        ['e', 'get', true],
        ['f', 'member', false],
        ['g', 'dollar', false],
        ['h', 'member', false],
      ],
    );
    const [first] = contextReads(parsed);
    assert.equal(parsed.text.slice(first!.start, first!.end), 'ctx().a');
  });

  it('finds context reads in Jinja expressions and statements', () => {
    const parsed = parseValue(
      "{% for x in ctx().items %}{{ ctx('b') ~ ctx()['c'] ~ ctx().get('d') ~ 'ctx().no' }}{% endfor %}",
    );
    assert.deepEqual(
      contextReads(parsed).map((read) => [read.name, read.kind]),
      [
        ['items', 'member'],
        ['b', 'call'],
        ['c', 'index'],
        ['d', 'get'],
      ],
    );
  });

  it('ignores strings that look like reads and expressions with syntax errors', () => {
    assert.deepEqual(contextReads(parseValue("<% 'ctx().x' %>")), []);
    assert.deepEqual(contextReads(parseValue('<% ctx().x + %>')), []);
  });

  it('lists the functions called with their literal arguments', () => {
    const calls = functionCalls(
      parseValue("<% task_status('diagnose') = 'succeeded' and item(name) and ctx().x.get('k', d => 1) %>"),
    );
    assert.deepEqual(
      calls.map((call) => [call.name, call.kind, call.args, call.kwargs]),
      [
        ['task_status', 'function', [{ kind: 'literal', value: 'diagnose' }], {}],
        ['item', 'function', [{ kind: 'name', name: 'name' }], {}],
        ['ctx', 'function', [], {}],
        ['get', 'method', [{ kind: 'literal', value: 'k' }], { d: { kind: 'literal', value: 1 } }],
      ],
    );
    const jinja = functionCalls(parseValue("{{ ctx().x | join(', ') }}"));
    assert.deepEqual(
      jinja.map((call) => [call.name, call.kind]),
      [
        ['join', 'filter'],
        ['ctx', 'function'],
      ],
    );
  });
});
