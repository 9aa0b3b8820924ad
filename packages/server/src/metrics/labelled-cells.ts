/** Label values of one series, by label name. */
export type LabelValues = Readonly<Record<string, string | number>>;

/** Maps nested one level per label name; the last level holds the series. */
type Level<C> = Map<string, Level<C> | C>;

/** A label value as the exposition writes it (prom-client counts `200` and `'200'` as one series). */
const keyOf = (value: string | number) => (typeof value === 'string' ? value : String(value));

/**
 * One series per label set, found through one map per label name, keyed by the values as they
 * are (no key string built per update, and strings keep their hash: an update with the same
 * label strings costs a few lookups). Label sets are bounded by the caller: model labels are
 * only names the registry serves, never what a client sent.
 */
export class LabelledCells<C> {
  #root: Level<C> = new Map();
  #cells: C[] = [];
  readonly #labelNames: readonly string[];
  readonly #create: (labels: LabelValues) => C;

  /** `labelNames`: at least one (a metric without labels has one series and needs none of this). */
  constructor(labelNames: readonly string[], create: (labels: LabelValues) => C) {
    if (labelNames.length === 0) throw new TypeError('LabelledCells needs at least one label name');
    this.#labelNames = labelNames;
    this.#create = create;
  }

  /** The series of `labels`, created the first time (its labels object kept as given, for the exposition's label order). */
  of(labels: LabelValues): C {
    const names = this.#labelNames;
    let level = this.#root;
    const last = names.length - 1;
    for (let index = 0; index < last; index++) {
      const value = keyOf(labels[names[index]!]!);
      let next = level.get(value) as Level<C> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    const value = keyOf(labels[names[last]!]!);
    let cell = level.get(value) as C | undefined;
    if (cell === undefined) {
      cell = this.#create(labels);
      level.set(value, cell);
      this.#cells.push(cell);
    }
    return cell;
  }

  clear(): void {
    this.#root = new Map();
    this.#cells = [];
  }

  /** Every series, in the order they were first seen (prom-client's order). */
  values(): readonly C[] {
    return this.#cells;
  }
}
