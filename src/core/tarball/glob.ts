/**
 * gitignore-style patterns over POSIX relative paths, for `.patternhubignore` and the manifest's
 * `files` allow-list. Pure string matching: the caller lists the folder.
 */

/** One compiled line of an ignore file or one entry of an allow-list. */
export interface PathRule {
  /** The line as written, for diagnostics. */
  source: string;
  /** `!pattern`: re-includes what an earlier rule excluded (or excludes from an allow-list). */
  negate: boolean;
  /** `pattern/`: matches folders only, hence everything inside them. */
  folderOnly: boolean;
  regex: RegExp;
}

/**
 * Parses gitignore lines: `#` comments and blank lines skipped, `!` negates, a trailing `/` matches
 * folders only, a pattern containing another `/` is anchored at the package root while one without
 * matches at any depth, `*` and `?` stay within a segment, `**` spans segments, `[a-z]` classes,
 * and `\` escapes the next character.
 */
export function parseIgnoreRules(text: string): PathRule[] {
  const rules: PathRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const rule = compileRule(trimTrailingSpaces(rawLine), false);
    if (rule) rules.push(rule);
  }
  return rules;
}

/**
 * Compiles the manifest's `files` entries. Unlike ignore lines they are always anchored at the root
 * (`docs` means the top-level `docs`, not any folder of that name); a folder entry takes everything
 * below it, and `!` entries carve exceptions out of earlier ones.
 */
export function parseAllowList(entries: readonly string[]): PathRule[] {
  const rules: PathRule[] = [];
  for (const entry of entries) {
    const rule = compileRule(entry.trim(), true);
    if (rule) rules.push(rule);
  }
  return rules;
}

/** Ignore-file semantics, as git has them: an excluded folder cannot have files re-included. */
export function isIgnored(rules: readonly PathRule[], path: string): boolean {
  if (rules.length === 0) return false;
  for (const folder of parentFolders(path)) {
    if (lastMatch(rules, folder, true) === 'exclude') return true;
  }
  return lastMatch(rules, path, false) === 'exclude';
}

/**
 * Allow-list semantics: the last rule that names the file or one of its folders decides; a file no
 * rule names is not allowed.
 */
export function isAllowed(rules: readonly PathRule[], path: string): boolean {
  let allowed = false;
  const folders = parentFolders(path);
  for (const rule of rules) {
    const hits =
      (!rule.folderOnly && rule.regex.test(path)) || folders.some((folder) => rule.regex.test(folder));
    if (hits) allowed = !rule.negate;
  }
  return allowed;
}

function lastMatch(
  rules: readonly PathRule[],
  path: string,
  isFolder: boolean,
): 'exclude' | 'include' | undefined {
  let result: 'exclude' | 'include' | undefined;
  for (const rule of rules) {
    if (rule.folderOnly && !isFolder) continue;
    if (rule.regex.test(path)) result = rule.negate ? 'include' : 'exclude';
  }
  return result;
}

/** `a/b/c.txt` → `a`, `a/b`. */
export function parentFolders(path: string): string[] {
  const folders: string[] = [];
  let slash = path.indexOf('/');
  while (slash !== -1) {
    folders.push(path.slice(0, slash));
    slash = path.indexOf('/', slash + 1);
  }
  return folders;
}

function compileRule(line: string, anchorAlways: boolean): PathRule | undefined {
  if (line === '' || line.startsWith('#')) return undefined;
  let pattern = line;
  const negate = pattern.startsWith('!');
  if (negate) pattern = pattern.slice(1);
  // `\#` and `\!` stand for a literal first character; the glob compiler drops the backslash.
  const folderOnly = pattern.endsWith('/') && !pattern.endsWith('\\/');
  if (folderOnly) pattern = pattern.replace(/\/+$/, '');
  if (anchorAlways) pattern = pattern.replace(/^\.\//, '');
  const anchored = anchorAlways || pattern.includes('/');
  pattern = pattern.replace(/^\/+/, '');
  if (pattern === '') return undefined;
  if (!anchored) pattern = `**/${pattern}`;
  return { source: line, negate, folderOnly, regex: new RegExp(`^${globToRegExpSource(pattern)}$`, 'u') };
}

/** Trailing spaces are dropped unless escaped with a backslash, as in gitignore. */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t') && line[end - 2] !== '\\') end--;
  return line.slice(0, end);
}

// Unicode-mode regular expressions reject needless escapes, so inside and outside a class differ.
function escapeRegExp(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}

function escapeClassMember(char: string): string {
  return /[\]\\^-]/.test(char) ? `\\${char}` : char;
}

/** Translates one glob into a regular expression over a whole `/`-separated path. */
export function globToRegExpSource(pattern: string): string {
  // By code point, so `?` and classes treat an emoji as one character.
  const glob = Array.from(pattern);
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      const atSegmentStart = i === 0 || glob[i - 1] === '/';
      const next = glob[i + 2];
      if (atSegmentStart && next === '/') {
        out += '(?:.*/)?'; // `**/`: zero or more folders
        i += 3;
        continue;
      }
      if (atSegmentStart && next === undefined) {
        out += '.*'; // trailing `**`: everything inside
        i += 2;
        continue;
      }
      // Elsewhere `**` is an ordinary `*`, as gitignore says.
      while (glob[i] === '*') i++;
      out += '[^/]*';
      continue;
    }
    if (char === '*') {
      out += '[^/]*';
    } else if (char === '?') {
      out += '[^/]';
    } else if (char === '[') {
      const parsed = parseClass(glob, i);
      if (parsed) {
        out += parsed.source;
        i = parsed.end;
        continue;
      }
      out += '\\[';
    } else if (char === '\\' && i + 1 < glob.length) {
      i++;
      out += escapeRegExp(glob[i]!);
    } else {
      out += escapeRegExp(char);
    }
    i++;
  }
  return out;
}

/** A bracket expression `[abc]`, `[a-z]`, `[!x]` or `[^x]`; undefined if it never closes. */
function parseClass(glob: readonly string[], start: number): { source: string; end: number } | undefined {
  let i = start + 1;
  const negate = glob[i] === '!' || glob[i] === '^';
  if (negate) i++;
  let body = '';
  // A `]` right after the opening bracket is a literal member.
  if (glob[i] === ']') {
    body += '\\]';
    i++;
  }
  while (i < glob.length && glob[i] !== ']') {
    const char = glob[i]!;
    if (char === '\\' && i + 1 < glob.length) {
      i++;
      body += escapeClassMember(glob[i]!);
    } else if (char === '-' && body !== '' && glob[i + 1] !== ']') {
      body += '-'; // a range
    } else {
      body += escapeClassMember(char);
    }
    i++;
  }
  if (i >= glob.length || body === '') return undefined;
  // A class never matches the separator, or `[!a]` would cross folders.
  return { source: negate ? `[^/${body}]` : `(?![/])[${body}]`, end: i + 1 };
}
