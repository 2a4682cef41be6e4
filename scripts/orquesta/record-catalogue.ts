/**
 * Records the facts validation needs about StackStorm's own actions and runners into
 * src/core/catalogue/stackstorm.json: each runner's parameters (which every action of that runner
 * also takes) and each `core.*` action's runner and parameters. Read from StackStorm's metadata (the
 * st2 oracle's `runners/*.yaml` and `core-actions/*.yaml`); run by hand when that changes:
 *   npx tsx scripts/orquesta/record-catalogue.ts [path/to/oracles/st2]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const st2 = process.argv[2] ?? '/work/shared/oracles/st2';
const out = fileURLToPath(new URL('../../src/core/catalogue/stackstorm.json', import.meta.url));

type Spec = Record<string, unknown>;
/** What validation uses of a parameter. */
function parameterFacts(spec: Spec): Spec {
  const facts: Spec = {};
  for (const key of ['type', 'required', 'default', 'immutable', 'secret'] as const) {
    if (spec[key] !== undefined) facts[key] = spec[key];
  }
  return facts;
}

function parametersOf(value: unknown): Record<string, Spec> {
  const parameters: Record<string, Spec> = {};
  for (const [name, spec] of Object.entries((value ?? {}) as Record<string, Spec>).sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    parameters[name] = parameterFacts(spec ?? {});
  }
  return parameters;
}

const yamlFiles = (dir: string) =>
  readdirSync(join(st2, dir))
    .filter((file) => file.endsWith('.yaml'))
    .sort();

const runners: Record<string, { aliases: string[]; enabled: boolean; parameters: Record<string, Spec> }> = {};
for (const file of yamlFiles('runners')) {
  const doc = parse(readFileSync(join(st2, 'runners', file), 'utf8')) as Spec | Spec[];
  for (const runner of Array.isArray(doc) ? doc : [doc]) {
    runners[runner.name as string] = {
      aliases: (runner.aliases as string[] | undefined) ?? [],
      enabled: runner.enabled !== false,
      parameters: parametersOf(runner.runner_parameters),
    };
  }
}

const actions: Record<string, { runnerType: string; enabled: boolean; parameters: Record<string, Spec> }> =
  {};
for (const file of yamlFiles('core-actions')) {
  const action = parse(readFileSync(join(st2, 'core-actions', file), 'utf8')) as Spec;
  actions[`core.${action.name as string}`] = {
    runnerType: action.runner_type as string,
    enabled: action.enabled !== false,
    parameters: parametersOf(action.parameters),
  };
}

const sorted = <T>(record: Record<string, T>) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(
  out,
  `${JSON.stringify({ source: 'StackStorm st2 (core pack and runners), recorded by scripts/orquesta/record-catalogue.ts', runners: sorted(runners), actions: sorted(actions) }, null, 2)}\n`,
);
console.log(`${Object.keys(runners).length} runners, ${Object.keys(actions).length} core actions → ${out}`);
