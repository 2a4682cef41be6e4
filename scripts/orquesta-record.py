#!/usr/bin/python3
"""Record what StackStorm's own Orquesta conductor does with each case of the engine corpus.

For every test case in tests/fixtures/engine-corpus/tests/*.yaml this runs the workflow it names
(workflows/<name>.yaml, the `workflow:` block) through orquesta.conducting.WorkflowConductor with
the case's mocked action results, on the schedule src/core/engine/run.ts uses (every ready task or
item starts in one batch; results are applied in batch order), and writes the task sequence with
statuses, routes, workflow status, output, errors and terminal context to
tests/fixtures/engine-corpus/orquesta-record.json.

usage: /usr/bin/python3 scripts/orquesta-record.py [ORQUESTA_SOURCE_DIR]   (default /work/shared/oracles/orquesta)
       ... --bench N   times N rounds of the corpus instead (bench/engine)
needs: Debian's python3-yaql python3-networkx python3-jinja2 python3-stevedore python3-jsonschema
       python3-six python3-ujson python3-dateutil python3-yaml
"""
import glob
import json
import os
import re
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, '..', 'tests', 'fixtures', 'engine-corpus')
SRC = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith('--') else '/work/shared/oracles/orquesta'


def entry_points_dir(src):
    """stevedore finds Orquesta's plugins through a dist-info entry_points.txt made from setup.py."""
    meta = os.path.join(tempfile.gettempdir(), 'patternhub-orquesta-meta-%d' % os.getuid())
    info = os.path.join(meta, 'orquesta-0.dist-info')
    os.makedirs(info, exist_ok=True)
    with open(os.path.join(info, 'METADATA'), 'w') as f:
        f.write('Metadata-Version: 2.1\nName: orquesta\nVersion: 0\n')
    setup = open(os.path.join(src, 'setup.py')).read()
    body = re.search(r'entry_points=\{(.*?)\n    \},', setup, re.S).group(1)
    lines = []
    for group, items in re.findall(r'"([\w.]+)":\s*\[(.*?)\]', body, re.S):
        lines.append('[%s]' % group)
        for item in re.findall(r'"([^"]+)"', items):
            lines.append(' = '.join(p.strip() for p in item.split('=', 1)))
    with open(os.path.join(info, 'entry_points.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return meta


sys.path[:0] = [SRC, entry_points_dir(SRC)]

from orquesta import conducting, events, statuses  # noqa: E402
from orquesta.specs import native  # noqa: E402


def mock_for(case, task_id, item_id, attempt):
    """The case's result for this run of a task (or item): as described in schema/pattern-test.schema.json."""
    spec = (case.get('actions') or {}).get(task_id)
    if spec is None:
        return {'status': 'succeeded', 'result': None}
    if isinstance(spec, dict) and 'items' in spec and item_id is not None:
        items = spec['items']
        spec = items[item_id] if item_id < len(items) else {}
    if isinstance(spec, list):
        spec = spec[min(attempt, len(spec) - 1)] if spec else {}
    return {'status': spec.get('status', 'succeeded'), 'result': spec.get('result')}


def run_case(definition, case):
    spec = native.WorkflowSpec(definition)
    conductor = conducting.WorkflowConductor(spec, inputs=case.get('input') or {})
    if conductor.get_workflow_status() == statuses.UNSET:
        conductor.request_workflow_status(statuses.RUNNING)
    attempts = {}
    accumulated = {}
    steps = 0
    while True:
        next_tasks = conductor.get_next_tasks()
        if not next_tasks:
            break
        steps += 1
        if steps > 1000:
            raise RuntimeError('too many steps')
        batch = []
        for task in next_tasks:
            tid, route = task['id'], task['route']
            if task['spec'].has_items() and task.get('items_count') == 0:
                conductor.update_task_state(tid, route, events.ActionExecutionEvent(statuses.RUNNING))
                batch.append((task, None, True))
                continue
            for action in task['actions']:
                item_id = action.get('item_id')
                if item_id == 0:
                    accumulated.pop((tid, route), None)
                if item_id is None:
                    event = events.ActionExecutionEvent(statuses.RUNNING)
                else:
                    event = events.TaskItemActionExecutionEvent(item_id, statuses.RUNNING)
                conductor.update_task_state(tid, route, event)
                batch.append((task, item_id, False))
        outcomes = []
        for task, item_id, empty in batch:
            if empty:
                outcomes.append(None)
                continue
            key = task['id'] if item_id is None else '%s[%d]' % (task['id'], item_id)
            attempt = attempts.get(key, 0)
            attempts[key] = attempt + 1
            outcomes.append(mock_for(case, task['id'], item_id, attempt))
        for (task, item_id, empty), outcome in zip(batch, outcomes):
            tid, route = task['id'], task['route']
            if empty:
                event = events.ActionExecutionEvent(statuses.SUCCEEDED, result=None)
            elif item_id is None:
                event = events.ActionExecutionEvent(outcome['status'], result=outcome['result'])
            else:
                acc = accumulated.setdefault((tid, route), [])
                while len(acc) <= item_id:
                    acc.append(None)
                acc[item_id] = outcome['result']
                event = events.TaskItemActionExecutionEvent(
                    item_id, outcome['status'], result=outcome['result'], accumulated_result=list(acc)
                )
            conductor.update_task_state(tid, route, event)
    status = conductor.get_workflow_status()
    context = {}
    if status in statuses.COMPLETED_STATUSES:
        conductor.render_workflow_output()
        status = conductor.get_workflow_status()
        context = {k: v for k, v in conductor.get_workflow_terminal_context().items() if not k.startswith('__')}
    return {
        'status': status,
        'output': conductor.get_workflow_output(),
        'errors': [
            {k: v for k, v in e.items() if k in ('type', 'task_id', 'route', 'task_transition_id')}
            for e in conductor.errors
        ],
        'path': [
            {'task': t['id'], 'route': t['route'], 'status': t.get('status', statuses.UNSET)}
            for t in conductor.workflow_state.sequence
        ],
        'routes': conductor.workflow_state.routes,
        'context': context,
    }


def bench(rounds):
    """Times Orquesta's conductor over the whole corpus (for bench/engine): prints ms per case."""
    import time
    cases = []
    for path in sorted(glob.glob(os.path.join(CORPUS, 'tests', '*.yaml'))):
        case = yaml.safe_load(open(path))
        doc = yaml.safe_load(open(os.path.join(CORPUS, 'workflows', case['workflow'] + '.yaml')))
        cases.append((doc['workflow'], case))
    start = time.perf_counter()
    for _ in range(rounds):
        for definition, case in cases:
            run_case(definition, case)
    elapsed = (time.perf_counter() - start) * 1000
    print(json.dumps({'cases': len(cases), 'rounds': rounds, 'msPerCase': elapsed / (rounds * len(cases))}))


def main():
    if '--bench' in sys.argv:
        bench(int(sys.argv[sys.argv.index('--bench') + 1]))
        return
    record = {}
    for path in sorted(glob.glob(os.path.join(CORPUS, 'tests', '*.yaml'))):
        case = yaml.safe_load(open(path))
        doc = yaml.safe_load(open(os.path.join(CORPUS, 'workflows', case['workflow'] + '.yaml')))
        name = os.path.splitext(os.path.basename(path))[0]
        record[name] = run_case(doc['workflow'], case)
    out = os.path.join(CORPUS, 'orquesta-record.json')
    with open(out, 'w') as f:
        json.dump(record, f, indent=2, sort_keys=True, default=str)
        f.write('\n')
    print('recorded %d cases into %s' % (len(record), os.path.relpath(out)))


if __name__ == '__main__':
    main()
