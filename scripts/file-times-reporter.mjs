/**
 * A node:test reporter that prints, once the run ends, how long each test file took, slowest first,
 * so a slow file shows up without reading the whole log. Used beside the usual reporter by
 * scripts/run-tests.ts.
 */
export default async function* fileTimes(source) {
  const times = new Map();
  for await (const event of source) {
    // With process isolation each file is a test of its own, named by its path.
    if (event.type === 'test:complete' && event.data.name === event.data.file && event.data.file) {
      times.set(event.data.file, {
        ms: event.data.details?.duration_ms ?? 0,
        ok: event.data.details?.passed !== false,
      });
    }
  }
  if (times.size === 0) return;
  const cwd = `${process.cwd()}/`;
  const rows = [...times].sort((a, b) => b[1].ms - a[1].ms);
  yield '# per-file times (slowest first):\n';
  for (const [file, { ms, ok }] of rows) {
    const name = file.startsWith(cwd) ? file.slice(cwd.length) : file;
    yield `#   ${(ms / 1000).toFixed(1).padStart(7)} s  ${ok ? 'ok    ' : 'FAILED'}  ${name}\n`;
  }
}
