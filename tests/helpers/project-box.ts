/**
 * A consuming project for CLI install tests: its own folder with a `patternhub.yaml`, its own HOME,
 * CLI config file and cache, so cases never share state.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface ProjectBox {
  dir: string;
  env: Record<string, string>;
}

/** A fresh project under `root`, with `config` as its CLI config file. */
export function projectBox(root: string, config: Record<string, unknown>): ProjectBox {
  const dir = join(root, 'project');
  mkdirSync(join(root, 'home'), { recursive: true });
  mkdirSync(dir);
  writeFileSync(join(root, 'home', 'config.yaml'), stringify(config));
  writeFileSync(
    join(dir, 'patternhub.yaml'),
    'name: "@ops/runbooks"\nversion: 0.1.0\nkind: pattern\ndescription: Ours.\n',
  );
  return {
    dir,
    env: {
      HOME: join(root, 'home'),
      PATTERNHUB_CONFIG: join(root, 'home', 'config.yaml'),
      PATTERNHUB_CACHE: join(root, 'cache'),
    },
  };
}
