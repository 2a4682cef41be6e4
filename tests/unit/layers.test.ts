/**
 * The layers stay apart (Biome enforces the same with noRestrictedImports; this test also covers
 * what a lint rule cannot see, such as an import path assembled by re-exports):
 * - src/core is pure: it imports only itself, the JSON Schemas and computation-only libraries;
 * - the CLI reaches a registry over HTTP only: no server, database, storage or service code,
 *   except `serve` and `migrate`, which are the registry.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => (match[1] ?? match[2])!);
}

function target(file: string, specifier: string): string {
  return specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), specifier)) : specifier;
}

const CORE_PACKAGES = new Set([
  'semver',
  'yaml',
  'diff',
  'ajv', // types only: the validators are compiled at build time (src/core/generated)
  'node:crypto',
  'node:zlib',
  'node:buffer',
  'node:util',
]);

describe('layers', () => {
  it('src/core imports only core, the schemas and pure libraries', () => {
    const offences: string[] = [];
    for (const file of sources('src/core')) {
      for (const specifier of importsOf(file)) {
        const to = target(file, specifier);
        const ok = specifier.startsWith('.')
          ? to.startsWith('src/core/') || to.startsWith('schema/')
          : CORE_PACKAGES.has(specifier);
        if (!ok) offences.push(`${file} imports ${specifier}`);
      }
    }
    assert.deepEqual(offences, []);
  });

  it('the CLI imports no server, database, storage or service code (serve and migrate aside)', () => {
    const offences: string[] = [];
    for (const file of sources('registry-cli')) {
      if (file === 'registry-cli/commands/serve.ts' || file === 'registry-cli/commands/migrate.ts') continue;
      for (const specifier of importsOf(file)) {
        const to = target(file, specifier);
        if (
          /^src\/(server|db|storage|services)\//.test(to) ||
          /^(drizzle-orm|postgres|@electric-sql|hono)/.test(specifier)
        ) {
          offences.push(`${file} imports ${specifier}`);
        }
      }
    }
    assert.deepEqual(offences, []);
  });

  it('finds imports at all (the scanner is not blind)', () => {
    assert.ok(importsOf('src/core/names.ts').includes('./errors.js'));
    assert.ok(
      importsOf('registry-cli/commands/serve.ts').some((specifier) => specifier.includes('src/server')),
    );
  });
});
