#!/usr/bin/env bash
# Records what StackStorm's Orquesta makes of every string value in the expression corpus: its syntax
# errors (Orquesta's `validate`), or the value Orquesta's `evaluate` returns for context.json, or the
# evaluation error. Run by hand when the corpus changes; commit the output. Needs the oracles in
# ../shared/oracles (python3-yaql, python3-jinja2 and Orquesta's other deps installed).
#   usage: scripts/record-expressions.sh [ORACLES_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
oracles=${1:-$root/../../shared/oracles}
[ -d "$oracles/orquesta" ] || oracles=/work/shared/oracles
fixtures=$root/tests/fixtures/expressions
# orquesta-inspect writes the entry-point metadata stevedore needs to find Orquesta's plugins.
printf 'tasks:\n  t:\n    action: core.noop\n' > "${TMPDIR:-/tmp}/record-expressions-probe.yaml"
"$oracles/orquesta-inspect" "${TMPDIR:-/tmp}/record-expressions-probe.yaml" > /dev/null
meta=${TMPDIR:-/tmp}/orquesta-inspect-meta-$(id -u)
PYTHONPATH=$oracles/orquesta:$meta /usr/bin/python3 - "$fixtures" <<'PY'
import json, sys
from orquesta.expressions import base as expressions

fixtures = sys.argv[1]
context = json.load(open(f"{fixtures}/context.json"))
cases = []
for line in open(f"{fixtures}/corpus.txt", encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    cases.append(json.loads(line[5:]) if line.startswith("json:") else line)

def plain(value):
    """The value as JSON would hold it: tuples and other iterables become lists."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):  # no order to keep: sorted, and the record says so
        return sorted((plain(v) for v in value), key=repr)
    if isinstance(value, (list, tuple, range)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)

records = []
for text in cases:
    record = {"text": text}
    errors = expressions.validate(text)["errors"]
    if errors:
        record["syntax"] = [{"type": e["type"], "expression": e["expression"], "message": e["message"]} for e in errors]
    else:
        try:
            value = expressions.evaluate(text, json.loads(json.dumps(context)))
            record["value"] = plain(value)
            if isinstance(value, (set, frozenset)):
                record["unordered"] = True
            else:
                record["repr"] = repr(value)
        except Exception as e:  # Orquesta wraps every failure in its own exception type
            record["error"] = {"type": type(e).__name__, "message": str(e)}
    records.append(record)

with open(f"{fixtures}/recorded.json", "w", encoding="utf-8") as out:
    json.dump(records, out, indent=1, ensure_ascii=False)
    out.write("\n")
print(f"recorded {len(records)} cases: {sum('syntax' in r for r in records)} syntax errors, "
      f"{sum('error' in r for r in records)} evaluation errors", file=sys.stderr)
PY
