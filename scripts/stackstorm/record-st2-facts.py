#!/usr/bin/env python3
"""Records what StackStorm accepts, from the st2 oracle (../shared/oracles/st2), into the project's
own fixtures: tests/fixtures/stackstorm-oracle/. Run by hand when the oracle changes:

    python3 scripts/stackstorm/record-st2-facts.py [ORACLE_DIR]

- pack.schema.json, action.schema.json: the `schema` dicts of PackAPI (api/pack.py) and ActionAPI
  (api/action.py), read with `ast` (no st2 import needed), turned into JSON Schema draft-07 for ajv:
  st2's draft-3 style `"required": True` on a property becomes the parent's `required` list, and
  names st2 imports from modules outside the oracle are filled in from the table below.
- action-params.schema.json, action-output.schema.json: api/action_params.json and
  api/action_output_schema.json (draft-04 meta-schemas st2 extends), with `$id`s for ajv.
- runners.json: every runner's name, aliases and own parameter names (runners/*.yaml).
"""
import ast
import json
import os
import sys

import yaml

ORACLE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), '..', '..', '..', '..', 'shared', 'oracles', 'st2')
ORACLE = os.path.abspath(ORACLE if os.path.isdir(ORACLE) else '/work/shared/oracles/st2')
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests', 'fixtures', 'stackstorm-oracle')

# Names the schemas use that are defined outside the oracle copy (st2common), as st2 defines them.
EXTERNAL = {
    'DEFAULT_PACK_NAME': 'default',
    # st2common/constants/pack.py
    'PACK_REF_WHITELIST_REGEX': r'^[a-z0-9_]+$',
    'PACK_VERSION_REGEX': r'^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[\da-z\-]+(?:\.[\da-z\-]+)*)?(?:\+[\da-z\-]+(?:\.[\da-z\-]+)*)?$',
    'ST2_VERSION_REGEX': r'^((>?>|>=|=|<=|<?<)\s*[0-9]+\.[0-9]+\.[0-9]+?(\s*,)?\s*)+$',
    # st2common/models/api/notification.py: a notification's body (message, data, routes).
    'NotificationSubSchemaAPI': {'type': 'object'},
}
CALLS = {
    'get_action_parameters_schema': {'$ref': 'st2-action-params.schema.json'},
    'get_action_output_schema': {'$ref': 'st2-action-output.schema.json'},
}
SYSTEM_SCOPE = 'system'
USER_SCOPE = 'user'


def evaluate(node):
    if isinstance(node, ast.Dict):
        return {evaluate(k): evaluate(v) for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.List):
        return [evaluate(item) for item in node.elts]
    if isinstance(node, ast.Tuple):
        return [evaluate(item) for item in node.elts]
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in EXTERNAL:
            return EXTERNAL[node.id]
        raise ValueError(f'unknown name {node.id}')
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, 'id', '')
        if name in CALLS:
            return CALLS[name]
        raise ValueError(f'unknown call {name}')
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return evaluate(node.left) + evaluate(node.right)
    if isinstance(node, ast.JoinedStr):
        return ''.join(str(evaluate(v)) for v in node.values)
    raise ValueError(f'cannot evaluate {ast.dump(node)[:80]}')


def class_schema(path, class_name):
    tree = ast.parse(open(path).read())
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for item in node.body:
                if isinstance(item, ast.Assign) and any(getattr(t, 'id', '') == 'schema' for t in item.targets):
                    return evaluate(item.value)
    raise SystemExit(f'no schema in {class_name} of {path}')


def draft7(schema):
    """st2's draft-3 style `required: True` on a property → the parent's `required` list; `default`s kept."""
    if isinstance(schema, list):
        return [draft7(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: draft7(value) for key, value in schema.items()}
    props = out.get('properties')
    if isinstance(props, dict):
        required = [name for name, sub in props.items() if isinstance(sub, dict) and sub.get('required') is True]
        for sub in props.values():
            if isinstance(sub, dict) and isinstance(sub.get('required'), bool):
                del sub['required']
        if required:
            out['required'] = required
    return out


def draft4_bounds(node):
    """Draft-04's boolean `exclusiveMinimum`/`exclusiveMaximum` → draft-07's numeric ones."""
    if isinstance(node, list):
        return [draft4_bounds(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: draft4_bounds(value) for key, value in node.items()}
    for bound, exclusive in (('minimum', 'exclusiveMinimum'), ('maximum', 'exclusiveMaximum')):
        if out.get(exclusive) is True and bound in out:
            out[exclusive] = out.pop(bound)
        elif isinstance(out.get(exclusive), bool):
            del out[exclusive]
    return out


def meta_schema(path, schema_id):
    doc = draft4_bounds(json.load(open(path)))
    doc.pop('id', None)
    doc['$schema'] = 'http://json-schema.org/draft-07/schema#'
    doc['$id'] = schema_id
    return doc


def runners(folder):
    found = []
    for name in sorted(os.listdir(folder)):
        for runner in yaml.safe_load(open(os.path.join(folder, name))):
            found.append({
                'name': runner['name'],
                'aliases': runner.get('aliases') or [],
                'parameters': sorted((runner.get('runner_parameters') or {}).keys()),
            })
    return sorted(found, key=lambda r: r['name'])


def write(name, doc):
    with open(os.path.join(OUT, name), 'w') as handle:
        json.dump(doc, handle, indent=2, sort_keys=True)
        handle.write('\n')


os.makedirs(OUT, exist_ok=True)
api = os.path.join(ORACLE, 'api')
pack = draft7(class_schema(os.path.join(api, 'pack.py'), 'PackAPI'))
pack['$id'] = 'st2-pack.schema.json'
action = draft7(class_schema(os.path.join(api, 'action.py'), 'ActionAPI'))
action['$id'] = 'st2-action.schema.json'
write('st2-pack.schema.json', pack)
write('st2-action.schema.json', action)
write('st2-action-params.schema.json', meta_schema(os.path.join(api, 'action_params.json'), 'st2-action-params.schema.json'))
write('st2-action-output.schema.json', meta_schema(os.path.join(api, 'action_output_schema.json'), 'st2-action-output.schema.json'))
write('runners.json', runners(os.path.join(ORACLE, 'runners')))
print(f'recorded st2 facts into {os.path.relpath(OUT)}')
