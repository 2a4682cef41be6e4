/**
 * Changing a project on disk all or nothing.
 *
 * Everything new (package folders, manifest, lockfile) is first written into a staging folder inside
 * `.patternhub/` (same file system, so moves are renames). Only then is the live tree touched, by a
 * short run of renames recorded in a journal; if any of them fails, the journal is played backwards and
 * the project is left byte for byte as it was. The project is never touched before staging succeeded,
 * so a failed download, a refused tarball or a full disk changes nothing; a process killed while
 * staging leaves only its staging folder, which the next install removes.
 */
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { LOCKFILE_NAME } from '../../src/core/lockfile.js';
import { MANIFEST_FILE, type PackageFiles } from '../../src/core/package-files.js';
import { writePackage } from './extract.js';
import { INSTALL_DIR } from './installed.js';

const STAGING_PREFIX = '.staging-';
/** `.patternhub/state.json` (see state.ts), named here to keep this module free of state's imports. */
const STATE_NAME = 'state.json';

/** One package folder to (re)write. */
export interface PackageWrite {
  name: string;
  integrity: string;
  files: PackageFiles;
  /** A symbolic link to this folder instead of files (`patternhub link`). */
  link?: string;
}

export interface ApplyPlan {
  /** The project root (holding `patternhub.yaml`). */
  root: string;
  /** Package folders to write, replacing any folder of the same name. */
  write: PackageWrite[];
  /** Installed packages to remove. */
  remove: string[];
  /** The new manifest text, when it changed. */
  manifest?: string | undefined;
  /** The new lockfile text, when it changed. */
  lockfile?: string | undefined;
  /** The new `.patternhub/state.json`, written last (it vouches for everything before it). */
  state?: string | undefined;
}

export interface ApplyHooks {
  /** After each package folder is staged (progress). */
  onStaged?: (name: string) => void;
  /** Before each change to the live project; throwing from it simulates a failure there (tests). */
  beforeStep?: (step: string) => void;
}

type JournalEntry =
  | { kind: 'move'; from: string; to: string }
  | { kind: 'mkdir'; path: string }
  | { kind: 'replace'; live: string; backup: string | undefined };

/** True when the plan changes nothing: then not even `.patternhub/` is created. */
export function isEmptyPlan(plan: ApplyPlan): boolean {
  return (
    plan.write.length === 0 &&
    plan.remove.length === 0 &&
    plan.manifest === undefined &&
    plan.lockfile === undefined &&
    plan.state === undefined
  );
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes staging folders left by installs that were killed (their process is gone). */
export function removeStaleStaging(installDir: string): void {
  for (const entry of safeReaddir(installDir)) {
    if (!entry.startsWith(STAGING_PREFIX)) continue;
    const pid = Number(entry.slice(STAGING_PREFIX.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) {
      rmSync(join(installDir, entry), { recursive: true, force: true });
    }
  }
}

/**
 * Applies the plan, or leaves the project as it was and throws. See the module comment for how.
 * Errors from staging (a tarball's files, a full disk) and from the renames are passed through unchanged.
 */
export function applyPlan(plan: ApplyPlan, hooks: ApplyHooks = {}): void {
  if (isEmptyPlan(plan)) return;
  const installDir = join(plan.root, INSTALL_DIR);
  const packagesDir = join(installDir, 'packages');
  const createdInstallDir = !existsSync(installDir);
  if (!createdInstallDir) removeStaleStaging(installDir);
  mkdirSync(installDir, { recursive: true });
  const staging = mkdtempSync(join(installDir, `${STAGING_PREFIX}${process.pid}-`));
  const journal: JournalEntry[] = [];
  try {
    // Stage: nothing outside `staging` changes here.
    for (const scope of new Set(plan.write.map((entry) => entry.name.split('/')[0]!))) {
      mkdirSync(join(staging, 'packages', scope), { recursive: true });
    }
    for (const entry of plan.write) {
      if (entry.link) symlinkSync(entry.link, join(staging, 'packages', entry.name), 'dir');
      else writePackage(join(staging, 'packages', entry.name), entry.files, entry.integrity);
      hooks.onStaged?.(entry.name);
    }
    if (plan.lockfile !== undefined) writeFileSync(join(staging, LOCKFILE_NAME), plan.lockfile);
    if (plan.manifest !== undefined) writeFileSync(join(staging, MANIFEST_FILE), plan.manifest);
    if (plan.state !== undefined) writeFileSync(join(staging, STATE_NAME), plan.state);

    // Commit: renames only, each journaled before the next.
    const trash = join(staging, 'trash');
    const step = (description: string) => hooks.beforeStep?.(description);
    const ensureDir = (path: string) => {
      if (existsSync(path)) return;
      step(`mkdir ${path}`);
      mkdirSync(path);
      journal.push({ kind: 'mkdir', path });
    };
    const move = (from: string, to: string) => {
      step(`move ${from} ${to}`);
      mkdirSync(dirname(to), { recursive: true });
      renameSync(from, to);
      journal.push({ kind: 'move', from, to });
    };
    // A file is replaced by one rename (never a moment without it); a copy of the old one is the undo.
    const replace = (staged: string, live: string, backupName: string) => {
      step(`replace ${live}`);
      let backup: string | undefined;
      if (existsSync(live)) {
        backup = join(trash, backupName);
        mkdirSync(trash, { recursive: true });
        copyFileSync(live, backup);
      }
      renameSync(staged, live);
      journal.push({ kind: 'replace', live, backup });
    };

    if (plan.write.length > 0) ensureDir(packagesDir);
    for (const entry of plan.write) {
      const live = join(packagesDir, entry.name);
      ensureDir(dirname(live));
      if (existsOrLink(live)) move(live, join(trash, 'packages', entry.name));
      move(join(staging, 'packages', entry.name), live);
    }
    for (const name of plan.remove) {
      const live = join(packagesDir, name);
      if (existsOrLink(live)) move(live, join(trash, 'packages', name));
    }
    // Lockfile and manifest last: if the machine stops half-way, the tree disagrees with the lockfile
    // and the next install repairs it, rather than the lockfile claiming what is not installed.
    if (plan.lockfile !== undefined)
      replace(join(staging, LOCKFILE_NAME), join(plan.root, LOCKFILE_NAME), LOCKFILE_NAME);
    if (plan.manifest !== undefined)
      replace(join(staging, MANIFEST_FILE), join(plan.root, MANIFEST_FILE), MANIFEST_FILE);
    if (plan.state !== undefined)
      replace(join(staging, STATE_NAME), join(installDir, STATE_NAME), STATE_NAME);
  } catch (error) {
    rollBack(journal);
    rmSync(staging, { recursive: true, force: true });
    if (createdInstallDir) rmSync(installDir, { recursive: true, force: true });
    throw error;
  }
  // Committed: what is left is clean-up, and a failure there must not report a failed install.
  rmSync(staging, { recursive: true, force: true });
  for (const name of plan.remove) removeIfEmpty(dirname(join(packagesDir, name)));
}

/** existsSync follows links: a link whose folder has gone is still there to be replaced. */
function existsOrLink(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function rollBack(journal: JournalEntry[]): void {
  for (const entry of journal.reverse()) {
    try {
      if (entry.kind === 'move') renameSync(entry.to, entry.from);
      else if (entry.kind === 'mkdir') rmdirSync(entry.path);
      else if (entry.backup) renameSync(entry.backup, entry.live);
      else rmSync(entry.live, { force: true });
    } catch {
      // Keep undoing the rest: one stuck entry must not leave everything after it changed.
    }
  }
}

function removeIfEmpty(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    // Not empty (other packages of the scope), or already gone.
  }
}
