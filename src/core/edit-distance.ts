/** Edit distances between words: search's typo tolerance and the CLI's "did you mean". */

/** Largest edit distance accepted for a word of this length: one for short words, two from five letters. */
export function allowedDistance(length: number): number {
  return length <= 4 ? 1 : 2;
}

/**
 * Optimal-string-alignment distance (Damerau-Levenshtein with adjacent swaps counting one), or
 * `max + 1` as soon as it must exceed `max`.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let previous2 = new Array<number>(cols).fill(0);
  let previous = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const current = new Array<number>(cols).fill(0);
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, previous2[j - 2]! + 1);
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[cols - 1]!;
}

/**
 * The candidate closest to `word` within the distance its length allows (ties: the first given), or
 * undefined. Used for "did you mean" on commands and options.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const max = allowedDistance(word.length);
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate, max);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
