"""Records what StackStorm's Orquesta makes of the expression corpus (run by scripts/record-expressions.sh).

Two fixtures, both checked by tests/unit/expressions-differential.test.ts:
- recorded.json: every string value of corpus.txt (written by hand);
- generated.json: seeded random expressions in both languages (syntax noise, and well-formed
  expressions over context.json), to reach the corners a hand-written corpus misses.
Each record holds Orquesta's syntax errors (`validate`), or the value `evaluate` returns for
context.json, or the evaluation error.
"""
import json
import random
import sys

from orquesta.expressions import base as expressions

fixtures = sys.argv[1]
context = json.load(open(f"{fixtures}/context.json"))


def plain(value):
    """The value as JSON holds it: tuples and other iterables become lists, sets sorted lists."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=repr)
    if isinstance(value, (list, tuple, range)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def record(text):
    out = {"text": text, "vars": sorted({name for _, _, name in expressions.extract_vars(text)})}
    errors = expressions.validate(text)["errors"]
    if errors:
        out["syntax"] = [{"type": e["type"], "message": e["message"]} for e in errors]
        return out
    try:
        value = expressions.evaluate(text, json.loads(json.dumps(context)))
    except Exception as e:  # Orquesta wraps every failure in its own exception type
        out["error"] = {"type": type(e).__name__, "message": str(e)}
        return out
    out["value"] = plain(value)
    if isinstance(value, (set, frozenset)):
        out["unordered"] = True
    else:
        out["repr"] = repr(value)
    return out


def corpus():
    for line in open(f"{fixtures}/corpus.txt", encoding="utf-8"):
        line = line.rstrip("\n")
        if line and not line.startswith("#"):
            yield json.loads(line[5:]) if line.startswith("json:") else line


# --- generated cases ---------------------------------------------------------------------------
YAQL_NOISE = ["ctx()", ".", "x", "$", "$x", "$.a", "(", ")", "[", "]", "{", "}", ",", "=>", "+", "-", "*", "/",
              "mod", "and", "or", "not", "in", "=", "!=", "<", ">=", "'s'", '"q"', "'a\\'b'", "`v`", "1", "2.5",
              "007", "true", "null", "f(", "get(", "->", "?.", "=~", " ", " ", "a", "é", "_x", "__y", "!", ";"]
JINJA_NOISE = ["ctx()", ".", "x", "(", ")", "[", "]", "{", "}", ",", ":", "|", "join", "is", "not", "defined", "if",
               "else", "and", "or", "in", "~", "+", "-", "*", "/", "//", "%", "**", "==", "!=", "<", "'s'", '"q"',
               "'\\x4'", "1", "2.5", "1e3", "1_0", "0x1f", "true", "none", "f(", "=", " ", " ", "a", ".0", "!", "$"]
STATEMENT_NOISE = ["{% if a %}", "{% endif %}", "{% for x in y %}", "{% endfor %}", "{% else %}", "{% elif b %}",
                   "{{ x }}", "text", "{% set x = 1 %}", "{% raw %}", "{% endraw %}", "{#", "#}", "{%- if a -%}",
                   "{% with a = 1 %}", "{% endwith %}", "\n", " ", "{% filter upper %}", "{% endfilter %}",
                   "{% print 1, 2 %}", "{% set ns.a = 1 %}", "%}", "{%", "}}", "{{"]

YAQL_ATOMS = ["ctx().n", "ctx().f", "ctx().s", "ctx().items", "ctx().nums", "ctx().d", "ctx().none", "ctx().flag",
              "ctx().zero", "1", "0", "-2", "2.5", "'a'", "'B c'", "''", "true", "false", "null", "[1, 2]", "[]",
              "{a => 1}", "ctx().vms", "ctx().empty", "ctx().csv", "result()", "item()", "ctx().usage[0]", "ctx().d.a"]
YAQL_OPS = ["+", "-", "*", "/", "mod", "=", "!=", "<", ">", "<=", ">=", "and", "or", "in"]
YAQL_METHODS = ["len()", "count()", "toUpper()", "toLower()", "split(',')", "join(',')", "values()", "first()",
                "last()", "distinct()", "reverse()", "sum()", "max()", "min()", "any()", "contains('a')",
                "select($)", "where($)", "orderBy($)", "trim()", "substring(1)", "indexOf('a')", "startsWith('a')",
                "replace('a', 'z')", "skip(1)", "take(1)", "flatten()", "enumerate()", "get('a')", "toList()"]
YAQL_FUNCTIONS = ["len({})", "str({})", "int({})", "float({})", "bool({})", "abs({})", "list({})", "isList({})",
                  "isString({})", "coalesce(null, {})", "max({}, 1)", "min({}, 1)", "range({})", "json({})",
                  "zip({}, [1])"]
JINJA_ATOMS = ["ctx().n", "ctx().f", "ctx().s", "ctx().nums", "ctx().d", "ctx().none", "ctx().flag", "ctx().zero",
               "1", "0", "2.5", "'a'", "'B c'", "''", "true", "false", "none", "[1, 2]", "[]", "{'a': 1}",
               "(1, 'x')", "ctx().vms", "ctx().empty", "ctx().csv", "result()", "item()", "ctx().usage[0]",
               "ctx().d.a", "ctx().missing", "undefined_x"]
JINJA_OPS = ["+", "-", "*", "/", "//", "%", "~", "==", "!=", "<", ">", "<=", ">=", "and", "or", "in", "not in"]
JINJA_FILTERS = ["length", "list", "join", "join('-')", "upper", "lower", "first", "last", "sort", "unique | list",
                 "reverse | list", "sum", "min", "max", "int", "float", "string", "abs", "round", "default(1)",
                 "trim", "title", "capitalize", "tojson", "dictsort", "items | list", "map('string') | list",
                 "select('odd') | list", "reject('none') | list", "replace('a', 'z')", "count", "wordcount",
                 "batch(2) | list"]
JINJA_TESTS = ["defined", "undefined", "none", "number", "string", "mapping", "iterable", "sequence", "odd", "even",
               "integer", "float", "boolean", "true", "false", "divisibleby 2", "lower", "upper", "eq 1",
               "in [1, 'a']"]


def yaql_expression(rng, depth=0):
    r = rng.random()
    if depth > 2 or r < 0.3:
        return rng.choice(YAQL_ATOMS)
    if r < 0.55:
        return f"{yaql_expression(rng, depth + 1)} {rng.choice(YAQL_OPS)} {yaql_expression(rng, depth + 1)}"
    if r < 0.7:
        return f"({yaql_expression(rng, depth + 1)}).{rng.choice(YAQL_METHODS)}"
    if r < 0.85:
        return rng.choice(YAQL_FUNCTIONS).format(yaql_expression(rng, depth + 1))
    return ("not " if r < 0.92 else "-") + yaql_expression(rng, depth + 1)


def jinja_expression(rng, depth=0):
    r = rng.random()
    if depth > 2 or r < 0.3:
        return rng.choice(JINJA_ATOMS)
    if r < 0.55:
        return f"{jinja_expression(rng, depth + 1)} {rng.choice(JINJA_OPS)} {jinja_expression(rng, depth + 1)}"
    if r < 0.7:
        return f"({jinja_expression(rng, depth + 1)}) | {rng.choice(JINJA_FILTERS)}"
    if r < 0.8:
        return f"({jinja_expression(rng, depth + 1)}) is {rng.choice(['', 'not '])}{rng.choice(JINJA_TESTS)}"
    if r < 0.87:
        e = [jinja_expression(rng, depth + 1) for _ in range(3)]
        return f"{e[0]} if {e[1]} else {e[2]}"
    if r < 0.93:
        return "not " + jinja_expression(rng, depth + 1)
    return f"({jinja_expression(rng, depth + 1)})[{rng.choice(['0', '-1', repr('a'), '1:', ':1'])}]"


def generated(rng):
    for i in range(400):
        body = "".join(rng.choice(YAQL_NOISE) for _ in range(rng.randint(1, 9)))
        yield rng.choice(["<% ", "<%", "a <% "]) + body + rng.choice([" %>", "%>", " %> b <% 1 %>"])
    for i in range(400):
        body = "".join(rng.choice(JINJA_NOISE) for _ in range(rng.randint(1, 9)))
        yield rng.choice(["{{ ", "{{", "x {{ ", "{{- "]) + body + rng.choice([" }}", "}}", " -}}", " }} {{ 1 }}"])
    for i in range(300):
        yield "".join(rng.choice(STATEMENT_NOISE) for _ in range(rng.randint(1, 6)))
    for i in range(1000):
        tail = rng.choice(["", " tail"])
        yield (f"<% {yaql_expression(rng)} %>" if i % 2 else "{{ " + jinja_expression(rng) + " }}") + tail


def deterministic(out):
    """Python prints sets in hash order and objects with their address: no fixture can hold those."""
    shown = out.get("repr", "") + json.dumps(out.get("value")) + out.get("error", {}).get("message", "")
    return not any(marker in shown for marker in (" at 0x", "KeysView", "ValuesView", "ItemsView", "{'a', ", "{'b', "))


def write(name, records):
    with open(f"{fixtures}/{name}", "w", encoding="utf-8") as out:  # one case per line
        out.write("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n")
    print(f"{name}: {len(records)} cases, {sum('syntax' in r for r in records)} syntax errors, "
          f"{sum('error' in r for r in records)} evaluation errors", file=sys.stderr)


write("recorded.json", [record(text) for text in corpus()])
seen = set()
cases = []
for text in generated(random.Random(20261130)):
    if text in seen:
        continue
    seen.add(text)
    out = record(text)
    if deterministic(out):
        cases.append(out)
write("generated.json", cases)
