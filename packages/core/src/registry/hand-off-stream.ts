import type { StreamPart } from '../provider/stream-part.js';

/**
 * What a stream's generator yields once its answer is committed: the rest of the parts come from
 * `pull`, each made what the consumer sees by `take` (undefined: held back), without passing
 * through the generator. See {@link handOffStream}.
 */
export class PartHandOff {
  constructor(
    readonly pull: () => Promise<IteratorResult<StreamPart, undefined>>,
    readonly take: (part: StreamPart) => StreamPart | undefined,
  ) {}
}

/**
 * A stream's generator as the consumer iterates it, with the hand-off taken: once the generator
 * yields a {@link PartHandOff}, each `next()` pulls one part and hands it on directly, so a part
 * costs one promise instead of the generator's own awaits and result promise on top of it. When
 * the pulls end, the generator resumes after its `yield` (its end: finish, telemetry, budgets);
 * when one fails, it resumes with the error thrown at that `yield`, so its `catch` and `finally`
 * run as if it had pulled the part itself; `return()` (a consumer that leaves) returns it the
 * same way, once the `next()` in flight settled, as a generator queues it.
 */
export function handOffStream(generator: AsyncGenerator<StreamPart | PartHandOff, void, undefined>): AsyncIterableIterator<StreamPart, void, undefined> {
  let handOff: PartHandOff | undefined;
  /** The last `next()` the consumer asked for: `return()` waits for it, as a generator queues it. */
  let inFlight: Promise<unknown> | undefined;

  const fromGenerator = (
    result: IteratorResult<StreamPart | PartHandOff, void>,
  ): Promise<IteratorResult<StreamPart, void>> | IteratorResult<StreamPart, void> => {
    if (result.done || !(result.value instanceof PartHandOff)) return result as IteratorResult<StreamPart, void>;
    handOff = result.value;
    return pulled();
  };
  // One pair of handlers for every pull, not two closures per part.
  const onPulled = (result: IteratorResult<StreamPart, undefined>): Promise<IteratorResult<StreamPart, void>> | IteratorResult<StreamPart, void> => {
    if (result.done) {
      handOff = undefined;
      return generator.next().then(fromGenerator);
    }
    const part = handOff!.take(result.value);
    return part === undefined ? pulled() : { done: false, value: part };
  };
  const onFailed = (error: unknown): Promise<IteratorResult<StreamPart, void>> => {
    handOff = undefined;
    return generator.throw(error).then(fromGenerator);
  };
  const pulled = (): Promise<IteratorResult<StreamPart, void>> => handOff!.pull().then(onPulled, onFailed);

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      const next = handOff ? pulled() : generator.next().then(fromGenerator);
      inFlight = next;
      return next;
    },
    async return() {
      if (inFlight) await inFlight.catch(() => {});
      handOff = undefined;
      await generator.return(undefined);
      return { done: true, value: undefined };
    },
  };
}
