// Bundles the CLI (and, behind a lazy import, the server) into dist/ with esbuild: no TypeScript
// compilation at run time, and `patternhub --version` loads one small file.
import { writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { generateSchemaValidators, OUTPUT } from './schema-validators.mjs';

// The JSON Schemas, compiled to code once here instead of on every run.
writeFileSync(OUTPUT, generateSchemaValidators());

/** An esbuild plugin that bundles only the named packages and leaves every other import external. */
function bundleOnly(names) {
  return {
    name: 'bundle-only',
    setup(plugin) {
      plugin.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = args.path.startsWith('@')
          ? args.path.split('/').slice(0, 2).join('/')
          : args.path.split('/')[0];
        return args.path.startsWith('node:') || !names.includes(name)
          ? { path: args.path, external: true }
          : undefined;
      });
    },
  };
}

await build({
  // The analysis worker is a thread of the server with an entry point of its own (it shares chunks).
  entryPoints: { cli: 'registry-cli/main.ts', 'analysis-worker': 'src/services/analysis-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Small pure-JS dependencies of every command (yaml, semver, diff, the ajv runtime) are bundled:
  // loading them as one file instead of hundreds of modules is most of `validate`'s start-up. Every
  // other package stays external (the server's: PGlite finds its WebAssembly next to its own files).
  plugins: [bundleOnly(['yaml', 'semver', 'diff', 'ajv', 'ajv-formats', 'fast-deep-equal'])],
  // Bundled CommonJS modules `require` Node's built-ins (yaml asks for 'process'): give them one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // Where the pool (in a chunk, behind the server's lazy import) finds the worker's entry point.
  define: { __PATTERNHUB_ANALYSIS_WORKER__: JSON.stringify('../analysis-worker.js') },
  logLevel: 'warning',
  legalComments: 'none',
  minify: true,
});
