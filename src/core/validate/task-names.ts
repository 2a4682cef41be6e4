/**
 * Task names that StackStorm cannot use although they look fine here. StackStorm loads workflow
 * files with PyYAML, a YAML 1.1 loader: a plain (unquoted) `yes`, `no`, `on`, `off`, `true`, `null`,
 * `123` or `0x1f` is a boolean, null or number there, not a name, and Orquesta's inspector crashes on
 * it. We parse YAML 1.2, where most of these are strings, so the check looks at how the key is written.
 */
import { isMap, isScalar, parseDocument, Scalar } from 'yaml';
import { pointerTo } from '../json-pointer.js';
import type { IssueList } from './issues.js';

/** Plain scalars YAML 1.1 resolves to a boolean, null or an integer and that `^\w+$` allows. */
const YAML11_NOT_A_STRING =
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|0b[01_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+)$/;

/**
 * Reports each task name written as a plain scalar that YAML 1.1 reads as no string. `text` is the
 * workflow file's source; it is parsed again only when some name could be one.
 */
export function checkTaskNameScalars(
  file: string,
  text: string,
  taskNames: readonly string[],
  tasksPointer: string,
  issues: IssueList,
): void {
  if (!taskNames.some((name) => YAML11_NOT_A_STRING.test(name))) return;
  const tasks = parseDocument(text).getIn(['workflow', 'tasks'], true);
  if (!isMap(tasks)) return;
  for (const pair of tasks.items) {
    const key = pair.key;
    if (!isScalar(key) || key.type !== Scalar.PLAIN) continue;
    const name = String(key.source ?? key.value);
    if (!YAML11_NOT_A_STRING.test(name)) continue;
    issues.add(
      'TASK_NAME_NOT_A_STRING',
      file,
      pointerTo(tasksPointer, String(key.value)),
      `StackStorm's YAML loader reads the task name ${name} as a ${/^\d|^0/.test(name) ? 'number' : /^n/i.test(name) && name.length === 4 ? 'null' : 'boolean'}, not a name: quote it ("${name}") or rename it`,
    );
  }
}
