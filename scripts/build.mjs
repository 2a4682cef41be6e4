// Bundles the CLI (and, behind a lazy import, the server) into dist/ with esbuild: no TypeScript
// compilation at run time, and `patternhub --version` loads one small file.
import { writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { generateSchemaValidators, OUTPUT } from './schema-validators.mjs';

// The JSON Schemas, compiled to code once here instead of on every run.
writeFileSync(OUTPUT, generateSchemaValidators());

await build({
  entryPoints: { cli: 'registry-cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Small pure-JS dependencies of every command (yaml, semver, diff, the ajv runtime) are bundled:
  // loading them as one file instead of hundreds of modules is most of `validate`'s start-up. The
  // server's dependencies stay external (PGlite finds its WebAssembly next to its own files).
  external: [
    '@electric-sql/pglite',
    '@electric-sql/pglite/*',
    'postgres',
    'drizzle-orm',
    'drizzle-orm/*',
    'hono',
    'hono/*',
    '@hono/node-server',
    '@hono/node-server/*',
  ],
  // Bundled CommonJS modules `require` Node's built-ins (yaml asks for 'process'): give them one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  legalComments: 'none',
  minify: true,
});
