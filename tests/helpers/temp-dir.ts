import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh folder, removed when the test process exits (however the file ends), so no run leaves
 * folders behind. Made inside the test runner's work folder when there is one.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(process.env.PATTERNHUB_TEST_WORK ?? tmpdir(), `${prefix}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
