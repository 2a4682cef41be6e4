#!/usr/bin/env bash
# Records what StackStorm's Orquesta makes of the expression corpus (see record-expressions.py): for
# each string value, its syntax errors (Orquesta's `validate`), or the value Orquesta's `evaluate`
# returns for context.json, or the evaluation error. Run by hand when the corpus changes; commit the
# output. Needs the oracles in ../shared/oracles (python3-yaql, python3-jinja2 and Orquesta's deps).
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
PYTHONPATH=$oracles/orquesta:$meta /usr/bin/python3 -W ignore "$root/scripts/record-expressions.py" "$fixtures"
