import { RegistryError } from '../../src/core/errors.js';
import { defineCommand } from '../command.js';
import { DEFAULT_REGISTRY, normaliseRegistry } from '../config.js';
import { requireArg, unknownAction } from './_shared.js';

const USAGE =
  'patternhub config get KEY\n' +
  '       patternhub config set KEY VALUE\n' +
  '       patternhub config delete KEY\n' +
  '       patternhub config list';

/** `registry`, or `@scope:registry` (npm's spelling) for the registry of one scope. */
type Key = { kind: 'registry' } | { kind: 'scope'; scope: string };

function parseKey(raw: string): Key {
  if (raw === 'registry') return { kind: 'registry' };
  const scoped = /^(@[a-z0-9][a-z0-9-]{0,63}):registry$/.exec(raw);
  if (scoped) return { kind: 'scope', scope: scoped[1]! };
  if (raw === 'tokens' || raw.startsWith('tokens')) {
    throw new RegistryError('USAGE', 'Tokens are written by `patternhub login` and removed by `logout`', {
      hint: 'patternhub login --registry URL --token TOKEN',
    });
  }
  throw new RegistryError('USAGE', `"${raw}" is not a setting`, {
    hint: 'Settings: registry, @scope:registry (e.g. @acme:registry).',
    details: { key: raw },
  });
}

export default defineCommand({
  name: 'config',
  summary: 'Read and write CLI settings (the default registry, per-scope registries)',
  usage: USAGE,
  examples: [
    'patternhub config set registry https://patterns.example.org',
    'patternhub config get registry',
    'patternhub config set @acme:registry https://patterns.acme.example',
    'patternhub config delete @acme:registry',
    'patternhub config list --json',
  ],
  notes:
    'Settings live in ~/.config/patternhub/config.yaml (PATTERNHUB_CONFIG names another file); `set` keeps ' +
    "the file's comments. `get registry` prints the registry in effect (--registry and PATTERNHUB_REGISTRY " +
    'win over the file). Tokens are never printed: `list` shows for which registries one is stored.',
  async run(context) {
    const action = requireArg(context, 0, 'an action (get, set, delete, list)', USAGE);
    const { config } = context;
    if (action === 'list') {
      const data = {
        path: config.path,
        registry: config.registryFor(),
        registrySource: context.flags.registry
          ? '--registry'
          : context.env.PATTERNHUB_REGISTRY
            ? 'PATTERNHUB_REGISTRY'
            : config.file.registry
              ? 'config file'
              : 'default',
        scopes: config.file.scopes ?? {},
        tokens: Object.keys(config.file.tokens ?? {}),
      };
      const lines = [
        `# ${config.path}`,
        `registry = ${data.registry}${data.registrySource === 'config file' ? '' : `  (from ${data.registrySource})`}`,
        ...Object.entries(data.scopes).map(([scope, url]) => `${scope}:registry = ${url}`),
        ...data.tokens.map((url) => `token for ${url} = (stored)`),
      ];
      return { text: lines.join('\n'), data };
    }
    const key = parseKey(requireArg(context, 1, 'the setting (registry, @scope:registry)', USAGE));
    if (action === 'get') {
      const value =
        key.kind === 'registry' ? config.registryFor() : (config.file.scopes?.[key.scope] ?? null);
      return { text: value ?? '(not set)', data: { key: context.args[1], value } };
    }
    if (action === 'set') {
      const raw = requireArg(context, 2, 'the value', USAGE);
      const value = normaliseRegistry(raw);
      await config.edit((doc) => {
        if (key.kind === 'registry') doc.set('registry', value);
        else doc.setIn(['scopes', key.scope], value);
      });
      return { text: `${context.args[1]} = ${value}`, data: { key: context.args[1], value } };
    }
    if (action === 'delete') {
      await config.edit((doc) => {
        if (key.kind === 'registry') doc.delete('registry');
        else {
          doc.deleteIn(['scopes', key.scope]);
          const scopes = doc.get('scopes') as { items?: unknown[] } | undefined;
          if (scopes?.items?.length === 0) doc.delete('scopes');
        }
      });
      const now =
        key.kind === 'registry' ? ` (now ${context.env.PATTERNHUB_REGISTRY ?? DEFAULT_REGISTRY})` : '';
      return { text: `Deleted ${context.args[1]}${now}`, data: { key: context.args[1], value: null } };
    }
    throw unknownAction('config', action, ['get', 'set', 'delete', 'list'], USAGE);
  },
});
