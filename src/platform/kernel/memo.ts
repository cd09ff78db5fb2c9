/**
 * Remembers the answers of a pure function of one string or number, up to `size` of them
 * (then it starts afresh): for formatting that runs per job at a peak (Intl formatters are
 * slow) on a handful of distinct values (a programme's dates, its amounts).
 */
export function memo<K extends string | number, V>(compute: (key: K) => V, size = 1000): (key: K) => V {
  let known = new Map<K, V>();
  return (key: K) => {
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    if (known.size >= size) known = new Map();
    known.set(key, value);
    return value;
  };
}
