/** Options for {@link closestNames}. */
export interface ClosestNamesOptions {
  /** How many names to return at most. @default 3 */
  limit?: number;
}

/**
 * The candidates closest to `name`, best first: names that contain it or that it contains, then
 * names within a small edit distance. Used by every "not found" error.
 */
export function closestNames(name: string, candidates: Iterable<string>, { limit = 3 }: ClosestNamesOptions = {}): string[] {
  const needle = name.toLowerCase();
  if (needle.length === 0) return [];
  const maxDistance = Math.max(2, Math.floor(needle.length / 3));
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    if (lower === needle) {
      scored.push({ candidate, score: -1 });
      continue;
    }
    const distance = editDistance(needle, lower, maxDistance);
    if (distance <= maxDistance) {
      scored.push({ candidate, score: distance });
    } else if (lower.includes(needle) || needle.includes(lower)) {
      scored.push({ candidate, score: maxDistance + 1 + Math.abs(lower.length - needle.length) / 100 });
    }
  }
  scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map(({ candidate }) => candidate);
}

/** Levenshtein distance, giving up (returning `limit + 1`) as soon as it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}
