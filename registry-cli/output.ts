/**
 * Terminal output. Colour is decided per stream, each by its own terminal (NO_COLOR and TERM=dumb turn
 * it off, FORCE_COLOR on): `patternhub … 2>log` keeps colour on stdout and none in the log.
 */
export interface Output {
  /** Colour for what goes to stdout (`write`). */
  color: boolean;
  /** Colour for what goes to stderr (`error`, progress). */
  errorColor: boolean;
  isTTY: boolean;
  write(text: string): void;
  error(text: string): void;
  /** A transient status line on a terminal; nothing otherwise. */
  progress(text: string): void;
  clearProgress(): void;
}

export function createOutput(
  stdout: NodeJS.WriteStream,
  stderr: NodeJS.WriteStream,
  env: Record<string, string | undefined>,
): Output {
  const isTTY = Boolean(stderr.isTTY);
  const colorFor = (stream: NodeJS.WriteStream) =>
    env.NO_COLOR
      ? false
      : env.FORCE_COLOR && env.FORCE_COLOR !== '0'
        ? true
        : Boolean(stream.isTTY) && env.TERM !== 'dumb';
  let progressShown = false;
  return {
    color: colorFor(stdout),
    errorColor: colorFor(stderr),
    isTTY,
    write: (text) => stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    error: (text) => stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    progress(text) {
      if (!isTTY) return;
      stderr.write(`\r\u001b[2K${text}`);
      progressShown = true;
    },
    clearProgress() {
      if (progressShown) stderr.write('\r\u001b[2K');
      progressShown = false;
    },
  };
}

const CODES = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  gray: 90,
  bold: 1,
  dim: 2,
} as const;

export type Paint = (style: keyof typeof CODES, text: string) => string;

export function painter(enabled: boolean): Paint {
  return (style, text) => (enabled ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text);
}

/** An aligned table; the last column is not padded. */
export function table(headers: string[], rows: string[][]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, column) => Math.max(...all.map((row) => visibleLength(row[column] ?? ''))));
  return all
    .map((row) =>
      row
        .map((cell, column) =>
          column === row.length - 1 ? cell : cell + ' '.repeat(widths[column]! - visibleLength(cell)),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function visibleLength(text: string): number {
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}
