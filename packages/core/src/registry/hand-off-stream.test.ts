import { describe, expect, it } from '@jest/globals';
import type { StreamPart } from '../provider/stream-part.js';
import { handOffStream, PartHandOff } from './hand-off-stream.js';

const text = (value: string): StreamPart => ({ type: 'text', text: value });

/** Pulls that hand out `parts`, then end (or fail with `failure`). */
function pullsOf(parts: StreamPart[], failure?: Error) {
  let index = 0;
  return async (): Promise<IteratorResult<StreamPart, undefined>> => {
    if (index < parts.length) return { done: false, value: parts[index++]! };
    if (failure) throw failure;
    return { done: true, value: undefined };
  };
}

async function drain(iterator: AsyncIterator<StreamPart, void>): Promise<string[]> {
  const seen: string[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done) return seen;
    seen.push(next.value.type === 'text' ? next.value.text : next.value.type);
  }
}

describe('handOffStream', () => {
  it('hands the pulled parts on as `take` makes them, then resumes the generator for its end', async () => {
    const log: string[] = [];
    async function* run(): AsyncGenerator<StreamPart | PartHandOff, void, undefined> {
      yield text('head');
      yield new PartHandOff(pullsOf([text('a'), text('held'), text('b')]), (part) => (part.type === 'text' && part.text === 'held' ? undefined : part));
      log.push('resumed');
      yield { type: 'finish', finishReason: 'stop' };
    }
    expect(await drain(handOffStream(run()))).toEqual(['head', 'a', 'b', 'finish']);
    expect(log).toEqual(['resumed']);
  });

  it('throws a failed pull into the generator at its hand-off, so its catch and finally run', async () => {
    const log: string[] = [];
    async function* run(): AsyncGenerator<StreamPart | PartHandOff, void, undefined> {
      try {
        yield new PartHandOff(pullsOf([text('a')], new Error('cut')), (part) => part);
      } catch (error) {
        log.push(`caught ${(error as Error).message}`);
        throw new Error('interrupted');
      } finally {
        log.push('finally');
      }
    }
    const iterator = handOffStream(run());
    expect(await iterator.next()).toEqual({ done: false, value: text('a') });
    await expect(iterator.next()).rejects.toThrow('interrupted');
    expect(log).toEqual(['caught cut', 'finally']);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('returns the generator when the consumer leaves mid-stream, once the next() in flight settled', async () => {
    const log: string[] = [];
    let release: () => void = () => {};
    let started: () => void = () => {};
    const pullStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const slow = () =>
      new Promise<IteratorResult<StreamPart, undefined>>((resolve) => {
        started();
        release = () => {
          log.push('pull settled');
          resolve({ done: false, value: text('late') });
        };
      });
    async function* run(): AsyncGenerator<StreamPart | PartHandOff, void, undefined> {
      try {
        yield text('head');
        yield new PartHandOff(slow, (part) => part);
        log.push('never resumed');
      } finally {
        log.push('finally');
      }
    }
    const iterator = handOffStream(run());
    await iterator.next();
    const pending = iterator.next();
    await pullStarted;
    const leaving = iterator.return!();
    release();
    await pending;
    expect(await leaving).toEqual({ done: true, value: undefined });
    expect(log).toEqual(['pull settled', 'finally']);
  });
});
