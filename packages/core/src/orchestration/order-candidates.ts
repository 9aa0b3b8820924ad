/** Options for {@link orderCandidates}. */
export interface OrderCandidatesOptions {
  /** Explicit order of provider ids; providers not listed are left out. */
  order?: readonly string[] | undefined;
  /** Shuffle (gpt4free's default), or weighted random order when `weights` is given. @default false */
  shuffle?: boolean;
  /** Relative weights per provider id for the weighted random order (missing = 1). */
  weights?: Readonly<Record<string, number>> | undefined;
  random: () => number;
}

/**
 * Orders candidates: an explicit order wins; otherwise registration order, optionally shuffled
 * or drawn by weight (without replacement, so every candidate still gets its turn). Pure.
 */
export function orderCandidates<T extends { provider: { id: string } }>(candidates: readonly T[], options: OrderCandidatesOptions): T[] {
  if (options.order) {
    const byId = new Map(candidates.map((candidate) => [candidate.provider.id, candidate]));
    return options.order.flatMap((id) => {
      const candidate = byId.get(id);
      return candidate ? [candidate] : [];
    });
  }
  if (!options.shuffle || candidates.length < 2) return [...candidates];
  const pool = [...candidates];
  const result: T[] = [];
  while (pool.length > 0) {
    const weights = pool.map((candidate) => Math.max(0, options.weights?.[candidate.provider.id] ?? 1));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let pick = pool.length - 1;
    if (total > 0) {
      let threshold = options.random() * total;
      for (let index = 0; index < pool.length; index++) {
        threshold -= weights[index]!;
        if (threshold < 0) {
          pick = index;
          break;
        }
      }
    }
    result.push(pool.splice(pick, 1)[0]!);
  }
  return result;
}
