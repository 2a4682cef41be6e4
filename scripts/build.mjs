// Bundles the CLI (and, behind a lazy import, the server) into dist/ with esbuild: no TypeScript
// compilation at run time, and `patternhub --version` loads one small file.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'registry-cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  legalComments: 'none',
});
