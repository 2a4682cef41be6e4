import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every path under a folder with its type and content hash: equal hashes mean byte-identical trees. */
export function treeHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (path: string, rel: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const full = join(path, entry.name);
      const name = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        hash.update(`d ${name}\n`);
        walk(full, name);
      } else hash.update(`f ${name} ${createHash('sha256').update(readFileSync(full)).digest('hex')}\n`);
    }
  };
  walk(dir, '');
  return hash.digest('hex');
}
