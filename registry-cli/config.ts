import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { RegistryError } from '../src/core/errors.js';

export const DEFAULT_REGISTRY = 'http://127.0.0.1:4873';

/** The file at `~/.config/patternhub/config.yaml` (0600). */
export interface ConfigFile {
  /** The default registry. */
  registry?: string;
  /** Per-scope registries: `"@acme": https://patterns.acme.example`. */
  scopes?: Record<string, string>;
  /** Tokens per registry URL. */
  tokens?: Record<string, string>;
}

export interface CliConfig {
  file: ConfigFile;
  path: string;
  /** The registry a scope's packages come from (flag > env > scope mapping > config > default). */
  registryFor(scope?: string): string;
  /** The token for a registry (PATTERNHUB_TOKEN applies to the default registry). */
  tokenFor(registry: string): string | undefined;
  save(file: ConfigFile): Promise<void>;
}

export function normaliseRegistry(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RegistryError('CONFIG_INVALID', `"${url}" is not a registry URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new RegistryError('CONFIG_INVALID', `"${url}" is not an http(s) URL`);
  }
  return parsed.toString().replace(/\/+$/, '');
}

export function configPath(env: Record<string, string | undefined>): string {
  if (env.PATTERNHUB_CONFIG) return env.PATTERNHUB_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'patternhub', 'config.yaml');
}

async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let doc: unknown;
  try {
    // yaml is loaded only when there is a file to read: most commands in CI have none.
    // `.default` is yaml's CommonJS exports both unbundled and in the bundle, which has no named exports.
    const { parse } = (await import('yaml')).default;
    doc = parse(text) ?? {};
  } catch (error) {
    throw new RegistryError(
      'CONFIG_INVALID',
      `${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  // The shape is schema/cli-config.schema.json's; ajv, like yaml, loads only when there is a file.
  const { schemaProblems } = await import('../src/core/validate/schema-issues.js');
  const problems = schemaProblems('cli-config', doc);
  if (problems.length > 0) {
    throw new RegistryError(
      'CONFIG_INVALID',
      `${path}: ${problems.map(({ pointer, message }) => `${pointer || '/'} ${message}`).join('; ')}`,
      { details: { file: path, issues: problems } },
    );
  }
  return doc as ConfigFile;
}

export async function loadCliConfig(
  env: Record<string, string | undefined>,
  flags: { registry?: string | undefined },
): Promise<CliConfig> {
  const path = configPath(env);
  const file = await readConfigFile(path);
  const primary = normaliseRegistry(
    flags.registry ?? env.PATTERNHUB_REGISTRY ?? file.registry ?? DEFAULT_REGISTRY,
  );
  const explicit = flags.registry !== undefined || env.PATTERNHUB_REGISTRY !== undefined;
  return {
    file,
    path,
    registryFor(scope) {
      // An explicit --registry or PATTERNHUB_REGISTRY wins over the per-scope map.
      if (!explicit && scope) {
        const mapped = file.scopes?.[scope.startsWith('@') ? scope : `@${scope}`];
        if (mapped) return normaliseRegistry(mapped);
      }
      return primary;
    },
    tokenFor(registry) {
      const url = normaliseRegistry(registry);
      if (env.PATTERNHUB_TOKEN && url === primary) return env.PATTERNHUB_TOKEN;
      return file.tokens?.[url];
    },
    async save(next) {
      const { stringify } = (await import('yaml')).default;
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, stringify(next), { mode: 0o600 });
      chmodSync(temporary, 0o600);
      renameSync(temporary, path);
    },
  };
}
