/**
 * The install benchmark's package graph, shared with `bench/compare`: a project → 6 bundle patterns →
 * ~27 community patterns → the ~17 community action packages they call (tests/helpers/corpus.ts).
 */
import { stringify } from 'yaml';
import { type CorpusPackage, generateCorpus } from '../../tests/helpers/corpus.js';

/** Earlier releases of a package: the same files, a patch-level README change, a lower version. */
export function releases(
  pkg: CorpusPackage,
  count: number,
): Array<{ version: string; files: Record<string, string> }> {
  const [major, minor, patch] = pkg.version.split('.').map(Number) as [number, number, number];
  const out: Array<{ version: string; files: Record<string, string> }> = [];
  for (let i = 0; i < count; i++) {
    const version = `${major}.${minor}.${patch + i}`;
    const files = { ...pkg.files };
    files['patternhub.yaml'] = files['patternhub.yaml']!.replace(/^version: .*$/m, `version: ${version}`);
    if (i > 0) files['README.md'] = `${files['README.md']}\n## ${version}\n\nClearer wording of the steps.\n`;
    out.push({ version, files });
  }
  return out;
}

/**
 * The graph: a project → 6 bundle patterns → ~27 community patterns → the ~17 community action packages
 * they call. Each action package has 3 releases and each pattern 2, so metadata is not trivially small
 * and resolution has versions to choose from.
 */
export function buildGraph() {
  const corpus = generateCorpus({ packages: 120, seed: 7, privateShare: 0, deprecatedShare: 0 });
  const actions = corpus.filter((pkg) => pkg.kind === 'action' && pkg.scope === 'community');
  const patterns = corpus.filter(
    (pkg) =>
      pkg.kind === 'pattern' && Object.keys(pkg.dependencies).every((d) => d.startsWith('@community/')),
  );
  const chosen = patterns.slice(0, 27);
  const bundles: CorpusPackage[] = [];
  for (let b = 0; b < 6; b++) {
    const members = chosen.filter((_, index) => index % 6 === b);
    const name = `@ops/bundle-${b + 1}`;
    const dependencies = Object.fromEntries(
      members.map((pkg) => [pkg.name, `^${pkg.version.replace(/\.\d+$/, '.0')}`]),
    );
    const manifest = stringify({
      name,
      version: '1.0.0',
      kind: 'pattern',
      description: `Runbook bundle ${b + 1} of the ops team.`,
      keywords: ['bundle'],
      license: 'Apache-2.0',
      dependencies,
    });
    const workflow = stringify({
      name: `bundle-${b + 1}`,
      description: 'Announce the bundle.',
      parameters: { message: { type: 'string', default: 'bundle ready' } },
      workflow: {
        version: 1.0,
        input: ['message'],
        tasks: { announce: { action: 'core.echo', input: { message: '<% ctx().message %>' } } },
      },
    });
    bundles.push({
      ...chosen[0]!,
      name,
      scope: 'ops',
      shortName: `bundle-${b + 1}`,
      version: '1.0.0',
      dependencies,
      files: {
        'patternhub.yaml': manifest,
        [`workflows/bundle-${b + 1}.yaml`]: workflow,
        'README.md': `# ${name}\n\n${'The ops team runs these patterns together during incidents. '.repeat(12)}\n`,
      },
    });
  }
  return { actions, patterns: chosen, bundles, corpus };
}

/** The project that installs the graph: its manifest depends on the six bundles. */
export function projectManifest(bundles: CorpusPackage[]): string {
  return stringify({
    name: '@ops/runbooks',
    version: '0.1.0',
    kind: 'pattern',
    description: 'The ops team runbooks.',
    dependencies: Object.fromEntries(bundles.map((pkg) => [pkg.name, '^1.0.0'])),
  });
}
