/**
 * Concurrent calls with one key share one run: the first call starts it, later ones get its promise,
 * and the key is forgotten once the run settles, so the next call starts afresh. For reads whose
 * answer every concurrent caller may share (a package head, a search answer, an upstream refresh).
 */
export function sharedRuns<K, V>(): (key: K, run: () => Promise<V>) => Promise<V> {
  const running = new Map<K, Promise<V>>();
  return (key, run) => {
    let pending = running.get(key);
    if (!pending) {
      pending = run().finally(() => running.delete(key));
      running.set(key, pending);
    }
    return pending;
  };
}
