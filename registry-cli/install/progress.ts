/**
 * The progress line of an install on a terminal: `resolved 42 · fetched 12/50 · extracted 3/50`.
 * Redrawn at most every 50 ms (a warm install would otherwise spend its time painting), silent when
 * stderr is not a terminal or the output is JSON.
 */
import type { Output } from '../output.js';

export interface InstallProgress {
  resolved(): void;
  fetchTotal(total: number): void;
  fetched(): void;
  extractTotal(total: number): void;
  extracted(): void;
}

const INTERVAL_MS = 50;

export function createProgress(out: Output, enabled: boolean): InstallProgress {
  const counts = { resolved: 0, fetched: 0, fetchTotal: 0, extracted: 0, extractTotal: 0 };
  let last = 0;
  const draw = (force = false) => {
    if (!enabled) return;
    const now = Date.now();
    if (!force && now - last < INTERVAL_MS) return;
    last = now;
    const parts = [`resolved ${counts.resolved}`];
    if (counts.fetchTotal > 0) parts.push(`fetched ${counts.fetched}/${counts.fetchTotal}`);
    if (counts.extractTotal > 0) parts.push(`extracted ${counts.extracted}/${counts.extractTotal}`);
    out.progress(parts.join(' · '));
  };
  return {
    resolved() {
      counts.resolved++;
      draw();
    },
    fetchTotal(total) {
      counts.fetchTotal = total;
      draw(true);
    },
    fetched() {
      counts.fetched++;
      draw(counts.fetched === counts.fetchTotal);
    },
    extractTotal(total) {
      counts.extractTotal = total;
      draw(true);
    },
    extracted() {
      counts.extracted++;
      draw(counts.extracted === counts.extractTotal);
    },
  };
}
