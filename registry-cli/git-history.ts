/**
 * Reads a git repository's releases with the `git` command: its tags that name a version, in semver
 * order, and the files of the tree at each. Only the CLI runs subprocesses; core gets the files.
 */
import { execFileSync } from 'node:child_process';
import semver from 'semver';
import { RegistryError } from '../src/core/errors.js';
import type { PackageFiles } from '../src/core/package-files.js';

export interface Release {
  tag: string;
  /** The version the tag names (`v1.2.0` → 1.2.0). */
  version: string;
}

function git(dir: string, args: string[], input?: Uint8Array): Buffer {
  try {
    return execFileSync('git', ['-C', dir, ...args], {
      input,
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new RegistryError(
      'USAGE',
      missing
        ? 'import --history needs the `git` command'
        : `git ${args[0]} failed in ${dir}: ${stderr || 'unknown error'}`,
      {
        hint: missing
          ? 'Install git.'
          : 'Pass the folder of a git repository (its work tree or a bare repository).',
      },
    );
  }
}

/** The tags that name a semver version (`1.2.0`, `v1.2.0`), lowest first; others are left out. */
export function listReleases(dir: string): { releases: Release[]; ignored: string[] } {
  const tags = git(dir, ['tag', '--list']).toString('utf8').split('\n').filter(Boolean);
  const releases: Release[] = [];
  const ignored: string[] = [];
  for (const tag of tags) {
    const version = semver.valid(tag.replace(/^v/, ''));
    if (version) releases.push({ tag, version });
    else ignored.push(tag);
  }
  releases.sort((a, b) => semver.compare(a.version, b.version));
  return { releases, ignored };
}

/** Every regular file of the tree at `tag` (links and submodules are left out, as a pack holds none). */
export function filesAtTag(dir: string, tag: string): PackageFiles {
  const listing = git(dir, ['ls-tree', '-r', '-z', '--full-tree', `refs/tags/${tag}^{tree}`]).toString(
    'utf8',
  );
  const blobs: Array<{ sha: string; path: string }> = [];
  for (const line of listing.split('\0')) {
    const match = /^(\d+) blob ([0-9a-f]+)\t(.+)$/s.exec(line);
    if (match && match[1] !== '120000') blobs.push({ sha: match[2]!, path: match[3]! });
  }
  const files: PackageFiles = new Map();
  if (blobs.length === 0) return files;
  // One `cat-file --batch` for the whole tree: "<sha> blob <size>\n<bytes>\n" per object.
  const out = git(dir, ['cat-file', '--batch'], Buffer.from(blobs.map((blob) => `${blob.sha}\n`).join('')));
  let offset = 0;
  for (const blob of blobs) {
    const headerEnd = out.indexOf(0x0a, offset);
    const size = Number(out.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
    files.set(blob.path, new Uint8Array(out.subarray(headerEnd + 1, headerEnd + 1 + size)));
    offset = headerEnd + 1 + size + 1;
  }
  return files;
}
