// Bundles the CLI and, apart, the server into dist/ with esbuild: no TypeScript compilation at run
// time. `patternhub --version` loads no bundle at all (bin/patternhub.js answers it).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Small pure-JS dependencies of every command (yaml, semver, diff, ignore, the ajv runtime) are
  // bundled: loading them as one file instead of hundreds of modules is most of `validate`'s
  // start-up. Every other package stays external (the server's: PGlite finds its WebAssembly next to
  // its own files).
  plugins: [bundleOnly(['yaml', 'semver', 'diff', 'ajv', 'ajv-formats', 'fast-deep-equal', 'ignore'])],
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  minify: true,
};

/**
 * The CLI's only way to the server, registry-cli/server.ts, imports dist/server.js instead: the
 * launcher hands the bundle `__patternhub_import` (a vm.Script cannot `import()` without an
 * experimental flag; the launcher, an ordinary CommonJS module, can).
 */
const serverBeside = {
  name: 'server-beside',
  setup(plugin) {
    plugin.onLoad({ filter: /registry-cli[\\/]server\.ts$/ }, () => ({
      contents: "export function loadServer() { return __patternhub_import('./server.js'); }",
      loader: 'js',
    }));
  },
};

// The CLI: one CommonJS file, so that the launcher can run it with a V8 code cache (ES modules have
// none on Node 20). Commands stay lazy: esbuild evaluates each command's modules on first import().
// Files of earlier layouts (dist/cli.js, old chunks) must not linger beside the new ones.
rmSync('dist', { recursive: true, force: true });

await build({
  ...common,
  entryPoints: { cli: 'registry-cli/main.ts' },
  outfile: 'dist/cli.cjs',
  format: 'cjs',
  // import() of a bundled module or a built-in becomes a require(); nothing else is imported.
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__patternhub_import_meta_url' },
  banner: { js: "var __patternhub_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [...common.plugins, serverBeside],
});

// The launcher reads the bundle as latin1, the cheapest decoding, which is right for ASCII only.
if (readFileSync('dist/cli.cjs').some((byte) => byte > 127)) throw new Error('dist/cli.cjs is not ASCII');

// The launcher bin/patternhub.js requires: reads the code cache, runs dist/cli.cjs.
await build({
  ...common,
  entryPoints: { launch: 'registry-cli/launch.ts' },
  outfile: 'dist/launch.cjs',
  format: 'cjs',
  sourcemap: false,
});

// The server (`serve`, `migrate`), as ES modules: its dependencies (PGlite, hono, drizzle) are.
await build({
  ...common,
  // The analysis worker is a thread of the server with an entry point of its own (it shares chunks).
  entryPoints: { server: 'src/main/serve-cli.ts', 'analysis-worker': 'src/services/analysis-worker.ts' },
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  // Bundled CommonJS modules `require` Node's built-ins (yaml asks for 'process'): give them one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  chunkNames: 'chunks/[name]-[hash]',
  // The worker's entry point, in dist/ (the pool finds it from dist/ or from dist/chunks/).
  define: { __PATTERNHUB_ANALYSIS_WORKER__: JSON.stringify('analysis-worker.js') },
});
