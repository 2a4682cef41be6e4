import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type EvaluationScope,
  ExpressionEvaluationError,
  evaluate,
  evaluateDeep,
  orquestaFunctions,
  parseValue,
  pythonStr,
  type WorkflowExpressionState,
} from '../../src/core/expressions/index.js';

function scope(state: Partial<WorkflowExpressionState> = {}): EvaluationScope {
  return { functions: orquestaFunctions({ vars: { host: 'web1', usage: 97, tags: ['a', 'b'] }, ...state }) };
}

function failure(text: string, evaluationScope: EvaluationScope = scope()): ExpressionEvaluationError {
  try {
    evaluate(text, evaluationScope);
  } catch (error) {
    assert.ok(error instanceof ExpressionEvaluationError, String(error));
    return error;
  }
  assert.fail(`${text} should fail`);
}

describe('expressions: evaluate', () => {
  it('gives a lone expression its raw value and interpolates otherwise, as Orquesta renders', () => {
    assert.equal(evaluate('<% ctx().usage %>', scope()), 97);
    assert.equal(evaluate('usage <% ctx().usage %>%', scope()), 'usage 97%');
    assert.deepEqual(evaluate('{{ ctx().tags }}', scope()), ['a', 'b']);
    assert.equal(evaluate('tags: {{ ctx().tags }}', scope()), "tags: ['a', 'b']");
    assert.equal(evaluate('<% null %>!', scope()), 'None!');
    assert.equal(evaluate('plain', scope()), 'plain');
    assert.equal(evaluate(parseValue('<% ctx(host) %>'), scope()), 'web1');
  });

  it("writes values with Python's str()", () => {
    assert.equal(
      pythonStr({ a: 1, b: [true, null, 'x'], c: 2.5 }),
      "{'a': 1, 'b': [True, None, 'x'], 'c': 2.5}",
    );
    assert.equal(pythonStr("it's"), "it's");
    assert.equal(pythonStr(["it's"]), `["it's"]`);
    assert.equal(pythonStr(123.456), '123.456');
    assert.equal(pythonStr(0.0001), '0.0001');
    assert.equal(pythonStr(0.00001), '1e-05');
  });

  it('evaluates every string of a nested value', () => {
    assert.deepEqual(evaluateDeep({ '<% ctx().host %>': ['{{ ctx().usage }}', 3, null] }, scope()), {
      web1: [97, 3, null],
    });
  });

  it('takes functions from the scope first, with keyword arguments and the calling language', () => {
    const calls: unknown[] = [];
    const custom: EvaluationScope = {
      functions: {
        len: (args, kwargs, call) => {
          calls.push([args, kwargs, call.language]);
          return 'mine';
        },
      },
    };
    assert.equal(evaluate('<% len([1], unit => 2) %>', custom), 'mine');
    assert.equal(evaluate('{{ len([1], unit=2) }}', custom), 'mine');
    assert.deepEqual(calls, [
      [[[1]], { unit: 2 }, 'yaql'],
      [[[1]], { unit: 2 }, 'jinja'],
    ]);
  });

  it('reports the Python error kind, the expression and the position of the failing part', () => {
    const error = failure('first line\nsize: <% ctx().usage + ctx().host %>');
    assert.equal(error.kind, 'NoMatchingFunctionException');
    assert.equal(error.language, 'yaql');
    assert.equal(error.expression, '<% ctx().usage + ctx().host %>');
    assert.equal(error.offset, 20);
    assert.equal(error.line, 2);
    assert.equal(error.column, 10);

    const missing = failure('<% ctx().nope %>');
    assert.equal(missing.kind, 'KeyError');
    assert.match(missing.message, /Unable to resolve key 'nope'/);

    const undefinedVariable = failure("{{ ctx('nope') }}");
    assert.equal(undefinedVariable.kind, 'VariableUndefinedError');
    assert.equal(undefinedVariable.offset, 3);

    assert.equal(failure('{{ ctx().nope }}').kind, 'UnresolvedVariables');
    assert.equal(failure('<% ctx( %>').kind, 'YaqlGrammarException');
    assert.equal(failure('{{ 1 2 }}').kind, 'TemplateSyntaxError');
    assert.equal(failure('{{ x | nosuchfilter }}').kind, 'TemplateAssertionError');
  });

  it('fails the workflow functions as Orquesta does when their state is missing', () => {
    assert.equal(failure('<% result() %>').kind, 'ExpressionEvaluationException');
    assert.equal(
      failure("<% item('x') %>", scope({ currentItem: 'plain' })).kind,
      'ExpressionEvaluationException',
    );
    assert.equal(evaluate("<% item('x') %>", scope({ currentItem: { x: 1 } })), 1);
    assert.equal(evaluate("<% task_status('t') %>", scope()), 'null');
    const state: Partial<WorkflowExpressionState> = {
      currentTask: { id: 't', route: 0, result: { ok: 1 } },
      taskStatus: (id) => (id === 't' ? 'failed' : 'null'),
    };
    assert.equal(evaluate('<% failed() and completed() and not succeeded() %>', scope(state)), true);
    assert.deepEqual(evaluate('{{ result() }}', scope(state)), { ok: 1 });
  });

  it('expands a value that holds an expression, and stops a value that expands itself', () => {
    const expanding = scope({ vars: { a: '<% ctx().b %>', b: 'deep', loop: '<% ctx().loop %>' } });
    assert.equal(evaluate('<% ctx().a %>', expanding), 'deep');
    assert.equal(failure('<% ctx().loop %>', expanding).kind, 'RecursionError');
  });

  it('renders Jinja statements as a template with Orquesta’s whitespace rules', () => {
    const text = '{% for t in ctx().tags %}\n- {{ t }}\n{% endfor %}';
    assert.equal(evaluate(text, scope()), '- a\n- b\n');
    assert.equal(evaluate('{% raw %}{{ kept }}{% endraw %} {{ ctx().usage }}', scope()), '{{ kept }} 97');
  });
});
