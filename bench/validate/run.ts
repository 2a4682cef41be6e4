/**
 * Validate benchmark: the start-up cost of `patternhub validate` on a one-workflow package, side by
 * side with `node -e 0` (process start-up alone), and validation in process per workflow.
 *
 *   npm run build && npx tsx bench/validate/run.ts [--runs 30] [--json]
 *
 * CLI: one process per run, wall clock from spawn to exit, in interleaved rounds (node, validate,
 * node, validate, …) so both see the same machine load; medians and their ratio are printed, and the
 * mean CPU time of each (from /proc, on Linux), which a loaded machine distorts less than wall time.
 * In process: `validatePackage` on each workflow of the Orquesta corpus as a one-workflow package
 * (schema, semantics, expressions), after a warm-up; the median and p95 per workflow, and the CPU
 * time per workflow over the whole pass (the machines are shared; CPU time is what validation costs).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { filesFromRecord } from '../../src/core/package-files.js';
import { validatePackage } from '../../src/core/validate/index.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '30' }, json: { type: 'boolean', default: false } },
});
const runs = Number(values.runs);
const root = fileURLToPath(new URL('../../', import.meta.url));
const corpus = join(root, 'tests/fixtures/orquesta-corpus');
const MANIFEST = 'name: "@bench/one"\nversion: 1.0.0\nkind: pattern\ndescription: One workflow.\n';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

// A one-workflow package: the realistic disk-full pattern of the corpus.
const dir = mkdtempSync(join(tmpdir(), 'patternhub-bench-validate-'));
mkdirSync(join(dir, 'workflows'));
writeFileSync(join(dir, 'patternhub.yaml'), MANIFEST);
const workflow = readFileSync(join(corpus, 'realistic/realistic-disk-full.yaml'), 'utf8');
writeFileSync(join(dir, 'workflows/disk-full.yaml'), workflow.replace(/^name: .*$/m, 'name: disk-full'));

/** CPU time (user + system) of the waited-for children so far, in ms (Linux; 10 ms ticks). */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** Runs node with the arguments; its wall time and its CPU time. */
function run(args: string[]): { wall: number; cpu: number | undefined } {
  const cpuBefore = childrenCpuMs();
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${child.status}`);
  const cpuAfter = childrenCpuMs();
  return { wall, cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

const node: number[] = [];
const cli: number[] = [];
let nodeCpu = 0;
let cliCpu = 0;
run(['bin/patternhub.js', 'validate', dir]); // warm the file cache
for (let round = 0; round < runs; round++) {
  const a = run(['-e', '0']);
  const b = run(['bin/patternhub.js', 'validate', dir]);
  node.push(a.wall);
  cli.push(b.wall);
  nodeCpu += a.cpu ?? Number.NaN;
  cliCpu += b.cpu ?? Number.NaN;
}
rmSync(dir, { recursive: true, force: true });

// In process: every corpus workflow as a one-workflow package.
const packages = readdirSync(corpus, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) =>
    readdirSync(join(corpus, entry.name)).map((file) => {
      const stem = basename(file, '.yaml');
      return filesFromRecord({
        'patternhub.yaml': MANIFEST,
        [`workflows/${stem}.yaml`]: readFileSync(join(corpus, entry.name, file)),
      });
    }),
  );
for (const files of packages.slice(0, 50)) validatePackage(files); // warm-up (JIT)
const perWorkflow: number[] = [];
const cpuStart = process.cpuUsage();
const passStart = process.hrtime.bigint();
for (const files of packages) {
  const start = process.hrtime.bigint();
  validatePackage(files);
  perWorkflow.push(Number(process.hrtime.bigint() - start) / 1e6);
}
const cpu = process.cpuUsage(cpuStart);
const passMs = Number(process.hrtime.bigint() - passStart) / 1e6;
const cpuPerWorkflow = (cpu.user + cpu.system) / 1000 / packages.length;

const result = {
  runs,
  nodeMedianMs: median(node),
  validateMedianMs: median(cli),
  ratio: median(cli) / median(node),
  nodeCpuMeanMs: nodeCpu / runs,
  validateCpuMeanMs: cliCpu / runs,
  cpuRatio: cliCpu / nodeCpu,
  workflows: packages.length,
  perWorkflowMedianMs: median(perWorkflow),
  perWorkflowP95Ms: p95(perWorkflow),
  perWorkflowCpuMs: cpuPerWorkflow,
  passMs,
};
if (values.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`CLI, ${runs} interleaved rounds (median wall time, spawn to exit):`);
  console.log(`  node -e 0                              ${f(result.nodeMedianMs)}`);
  console.log(
    `  patternhub validate (one workflow)     ${f(result.validateMedianMs)}   ${result.ratio.toFixed(2)}× node -e 0 (target ≤ 1.2×)`,
  );
  console.log(
    `  CPU time, mean: node -e 0 ${f(result.nodeCpuMeanMs)}, validate ${f(result.validateCpuMeanMs)}   ${result.cpuRatio.toFixed(2)}×`,
  );
  console.log(`In process, ${packages.length} corpus workflows, each a one-workflow package:`);
  console.log(
    `  per workflow: median ${f(result.perWorkflowMedianMs)}, p95 ${f(result.perWorkflowP95Ms)}, CPU ${f(cpuPerWorkflow)} (target ≤ 5 ms)`,
  );
}
