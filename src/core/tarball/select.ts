/**
 * Which files of a package folder go into its tarball. Pure: the CLI lists the folder and passes the
 * paths; the same rules then give the same selection everywhere.
 */
import ignore, { type Ignore } from 'ignore';
import { compareCodePoints } from './paths.js';

export interface SelectOptions {
  /** The manifest's `files` allow-list; absent means every file that is not ignored. */
  files?: string[];
  /** The contents of `.patternhubignore` (gitignore syntax). */
  ignore?: string;
}

// Never wanted in a published package, whatever the allow-list or ignore file says: VCS data,
// installed dependencies, Patternhub's own install and data folders, packed tarballs, Finder litter,
// and the consuming project's lockfile. Matched at any depth.
const EXCLUDED_FOLDERS = new Set(['.git', 'node_modules', '.patternhub', '.patternhub-data']);
const EXCLUDED_FILE = /(?:^|\/)(?:[^/]*\.tgz|\.DS_Store|patternhub\.lock)$/;

// Always packed when present at the root: the manifest, and the README and licence people read
// before installing (any extension, any case, either spelling of licence).
const INCLUDED_FILE = /^(?:patternhub\.yaml|(?:readme|license|licence)(?:\.[^/]*)?)$/i;
const MANIFEST = 'patternhub.yaml';

/**
 * The package-relative paths to pack, sorted in code-point order and without duplicates.
 *
 * `paths` are the folder's files as POSIX relative paths. Precedence: always-excluded (`.git/`,
 * `node_modules/`, `.patternhub/`, `.patternhub-data/`, `*.tgz`, `.DS_Store`, `patternhub.lock`, at
 * any depth) beats always-included (`patternhub.yaml`, `README*`, `LICENSE*`/`LICENCE*` at the root),
 * which beats the `files` allow-list and the ignore file; a file must pass both of those.
 */
export function selectPackageFiles(paths: readonly string[], options: SelectOptions = {}): string[] {
  const ignored = options.ignore === undefined ? undefined : ignore().add(options.ignore);
  const allowRules = options.files === undefined ? undefined : parseAllowList(options.files);
  const selected = new Set<string>();
  for (const raw of paths) {
    // A listing may say `./README.md`; the tarball never does.
    const path = raw.replace(/^(?:\.\/)+/, '');
    if (path === '' || path.endsWith('/') || isAlwaysExcluded(path)) continue;
    const wanted =
      isAlwaysIncluded(path) ||
      ((allowRules === undefined || isAllowed(allowRules, path)) && !ignored?.ignores(path));
    if (wanted) selected.add(path);
  }
  return [...selected].sort(compareCodePoints);
}

/** One entry of the manifest's `files`: its glob (matched by git's rules), or an exception to earlier ones. */
interface AllowRule {
  negate: boolean;
  matcher: Ignore;
}

/**
 * Compiles the manifest's `files` entries. Unlike ignore lines they are always anchored at the
 * package root (`docs` means the top-level `docs`, not any folder of that name); a folder entry
 * takes everything below it, and `!` entries carve exceptions out of earlier ones.
 */
function parseAllowList(entries: readonly string[]): AllowRule[] {
  const rules: AllowRule[] = [];
  for (const raw of entries) {
    let entry = raw.trim();
    const negate = entry.startsWith('!');
    if (negate) entry = entry.slice(1);
    entry = entry.replace(/^(?:\.\/)+/, '').replace(/^\/+/, '');
    if (entry === '' || entry.startsWith('#')) continue;
    rules.push({ negate, matcher: ignore().add(`/${entry}`) });
  }
  return rules;
}

/**
 * The last entry that names the file or one of its folders decides (so, unlike an ignore file, an
 * exception may reach inside a listed folder); a file no entry names is not allowed.
 */
function isAllowed(rules: readonly AllowRule[], path: string): boolean {
  let allowed = false;
  for (const rule of rules) if (rule.matcher.ignores(path)) allowed = !rule.negate;
  return allowed;
}

function isAlwaysExcluded(path: string): boolean {
  if (EXCLUDED_FILE.test(path)) return true;
  const segments = path.split('/');
  segments.pop();
  return segments.some((segment) => EXCLUDED_FOLDERS.has(segment));
}

function isAlwaysIncluded(path: string): boolean {
  // Exactly `patternhub.yaml`: a `PatternHub.YAML` is not the manifest and should not sneak in.
  if (path.toLowerCase() === MANIFEST) return path === MANIFEST;
  return INCLUDED_FILE.test(path);
}
