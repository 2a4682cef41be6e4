/**
 * The layers stay apart (Biome enforces the same with noRestrictedImports; this test also covers
 * what a lint rule cannot see, such as an import path assembled by re-exports):
 * - src/core is pure: it imports only itself, the JSON Schemas and computation-only libraries;
 * - src/db and src/storage import no services, server, composition root or CLI;
 * - src/services import no server, no HTTP framework, no composition root or CLI;
 * - src/server reaches data through services: no db, storage or database driver;
 * - src/main, the composition root, is the only place that may import every layer;
 * - the CLI reaches a registry over HTTP only: `serve` and `migrate`, which are the registry,
 *   load the composition root (through registry-cli/server.ts) and nothing else of the server side.
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
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => (match[1] ?? match[2])!);
}

function target(file: string, specifier: string): string {
  return specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), specifier)) : specifier;
}

/** Libraries src/core may use: computation only, no I/O. */
const CORE_PACKAGES = new Set([
  'semver',
  'yaml',
  'diff',
  'ajv', // types only: the validators are compiled at build time (src/core/generated)
  'ignore',
  'node:crypto',
  'node:zlib',
  'node:buffer',
  'node:util',
]);

const DATABASE_PACKAGES = /^(drizzle-orm|postgres|@electric-sql)(\/|$)/;
const HTTP_PACKAGES = /^(hono|@hono)(\/|$)/;

interface Layer {
  name: string;
  folders: string[];
  /** Project folders this layer must not import from. */
  forbidden: RegExp;
  /** Packages this layer must not import. */
  forbiddenPackages?: RegExp;
  except?: (file: string) => boolean;
}

const LAYERS: Layer[] = [
  {
    name: 'src/db and src/storage import no services, server, composition root or CLI',
    folders: ['src/db', 'src/storage'],
    forbidden: /^(src\/(server|services|main)|registry-cli)\//,
    forbiddenPackages: HTTP_PACKAGES,
  },
  {
    name: 'src/services import no server, hono, composition root or CLI',
    folders: ['src/services'],
    forbidden: /^(src\/(server|main)|registry-cli)\//,
    forbiddenPackages: HTTP_PACKAGES,
  },
  {
    name: 'src/server imports no db, storage, database driver, composition root or CLI',
    folders: ['src/server'],
    forbidden: /^(src\/(db|storage|main)|registry-cli)\//,
    forbiddenPackages: DATABASE_PACKAGES,
  },
  {
    name: 'src/main (the composition root) imports no CLI',
    folders: ['src/main'],
    forbidden: /^registry-cli\//,
  },
  {
    name: 'the CLI imports no server, database, storage, service or composition-root code',
    folders: ['registry-cli'],
    forbidden: /^src\/(server|db|storage|services|main)\//,
    forbiddenPackages: new RegExp(`${DATABASE_PACKAGES.source}|${HTTP_PACKAGES.source}`),
    except: (file) =>
      file === 'registry-cli/commands/serve.ts' ||
      file === 'registry-cli/commands/migrate.ts' ||
      file === 'registry-cli/server.ts',
  },
  {
    name: '`serve` and `migrate` reach the registry through the composition root only',
    folders: ['registry-cli'],
    forbidden: /^src\/(server|db|storage|services)\//,
    forbiddenPackages: new RegExp(`${DATABASE_PACKAGES.source}|${HTTP_PACKAGES.source}`),
    except: (file) => !file.startsWith('registry-cli/commands/') && file !== 'registry-cli/server.ts',
  },
];

function offencesOf(layer: Layer): string[] {
  const offences: string[] = [];
  for (const file of layer.folders.flatMap(sources)) {
    if (layer.except?.(file)) continue;
    for (const specifier of importsOf(file)) {
      const to = target(file, specifier);
      const bad = specifier.startsWith('.')
        ? layer.forbidden.test(to)
        : (layer.forbiddenPackages?.test(specifier) ?? false);
      if (bad) offences.push(`${file} imports ${specifier}`);
    }
  }
  return offences;
}

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

  for (const layer of LAYERS) {
    it(layer.name, () => {
      assert.deepEqual(offencesOf(layer), []);
    });
  }

  it('finds imports at all (the scanner is not blind)', () => {
    assert.ok(importsOf('src/core/names.ts').includes('./errors.js'));
    assert.ok(importsOf('registry-cli/server.ts').some((specifier) => specifier.includes('src/main')));
    // Each rule would catch the import it exists for: the composition root imports every layer.
    const root = sources('src/main').flatMap((file) => importsOf(file).map((s) => target(file, s)));
    for (const layer of ['src/db/', 'src/storage/', 'src/services/', 'src/server/']) {
      assert.ok(
        root.some((to) => to.startsWith(layer)),
        `src/main imports ${layer}`,
      );
    }
    assert.ok(offencesOf({ ...LAYERS[2]!, folders: ['src/main'] }).length > 0);
  });
});
