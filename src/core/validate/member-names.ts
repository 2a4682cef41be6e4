import type { IssueList } from './issues.js';

/** What may follow the dot in `@scope/pkg.member` (see `parseActionRef` in names.ts). */
export const MEMBER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

interface Member {
  file: string;
  stem: string;
  name: string | undefined;
}

/**
 * Checks the names of the package's actions and workflows: each equals its file name, can be called
 * as `@scope/pkg.name`, and is unique across actions and workflows (they share one namespace).
 */
export function checkMemberNames(members: Member[], issues: IssueList): void {
  const firstFile = new Map<string, string>();
  for (const member of members) {
    const { name } = member;
    if (name === undefined) continue; // The schema reports a missing or non-string name.
    if (name !== member.stem) {
      issues.add(
        'NAME_MISMATCH',
        member.file,
        '/name',
        `the name "${name}" differs from the file name "${member.stem}"`,
      );
    }
    if (!MEMBER_NAME.test(name)) {
      issues.add(
        'INVALID_MEMBER_NAME',
        member.file,
        '/name',
        `"${name}" cannot be called as @scope/pkg.${name}: use letters, digits, "_" and "-"`,
      );
    }
    const first = firstFile.get(name);
    if (first === undefined) firstFile.set(name, member.file);
    else issues.add('DUPLICATE_NAME', member.file, '/name', `"${name}" is already the name of ${first}`);
  }
}
