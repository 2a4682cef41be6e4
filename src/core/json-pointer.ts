/** Escapes one reference token of an RFC 6901 JSON pointer (`~` → `~0`, `/` → `~1`). */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds an RFC 6901 JSON pointer from a base pointer and more tokens: `pointerTo('/a', 'b/c', 0)` is `/a/b~1c/0`. */
export function pointerTo(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((token) => `/${escapeToken(token)}`).join('');
}
