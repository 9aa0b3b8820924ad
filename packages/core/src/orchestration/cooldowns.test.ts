import { RateLimitError } from '../errors/rate-limit-error.js';
import { registryWith } from '../registry/__fixtures__/registry-with.js';
import { rejection } from '../testing/captured-error.js';
import { createFakeClock } from '../testing/fake-clock.js';
import { createFakeProvider } from '../__fixtures__/fake-provider.js';

/** A provider that answers 429 with `Retry-After` for its first `times` calls. */
function limited(id: string, retryAfterMs: number, times = 1) {
  let left = times;
  return createFakeProvider({
    id,
    models: ['llama'],
    answer: async function* () {
      if (left-- > 0) throw new RateLimitError({ message: `HTTP 429 from ${id}`, provider: id, model: 'llama', status: 429, retryAfterMs });
      yield `from ${id}`;
    },
  });
}
const steady = (id: string) => createFakeProvider({ id, models: ['llama'] });

describe("a provider's Retry-After (cooldowns)", () => {
  it('keeps every later call off the provider until it ends, then uses it again', async () => {
    const clock = createFakeClock();
    const [groq, local] = [limited('groq', 60_000), steady('local')];
    const registry = registryWith([groq, local], { clock });
    const model = registry.create('llama');

    expect((await model.generate('Hi')).provider).toBe('local');
    const second = await model.generate('Hi');
    expect(second.provider).toBe('local');
    expect(second.attempts[0]).toMatchObject({
      provider: 'groq',
      outcome: 'skipped',
      errorKind: 'rate-limit',
      message: expect.stringMatching(/asked to wait \(Retry-After\): 60 s left/),
    });
    expect(groq.calls).toHaveLength(1);
    expect((await registry.health({ probe: false })).providers.find((each) => each.provider === 'groq')?.cooldownUntil).toBe(clock.now() + 60_000);

    await clock.advance(60_000);
    expect((await model.generate('Hi')).provider).toBe('groq');
    await registry.close();
  });

  it('leaves a wait no longer than maxRetryAfterMs to the call that got it: its retry waits, other calls go on', async () => {
    const clock = createFakeClock();
    const groq = limited('groq', 1_000);
    const registry = registryWith([groq], { clock });
    const model = registry.create('llama');
    const call = model.generate('Hi');
    await new Promise((resolve) => setImmediate(resolve));
    expect((await model.generate('Hi')).provider).toBe('groq');
    await clock.advance(1_000);

    expect((await call).provider).toBe('groq');
    expect(groq.calls).toHaveLength(3);
    expect((await registry.health({ probe: false })).providers[0]!.cooldownUntil).toBeUndefined();
    await registry.close();
  });

  it('with every candidate waiting out a Retry-After, fails at once with a RateLimitError saying when to come back', async () => {
    const clock = createFakeClock();
    const groq = limited('groq', 30_000);
    const registry = registryWith([groq], { clock, resilience: { maxRetryAfterMs: 1_000 } });
    const model = registry.create('llama');
    await rejection(model.generate('Hi'));
    await clock.advance(10_000);
    const error = await rejection(model.generate('Hi'));

    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryAfterMs: 20_000, provider: 'groq', model: 'llama' });
    expect((error as Error).message).toBe("No request was sent for model 'llama': groq/llama asked to wait (Retry-After); retry in 20 s.");
    expect(groq.calls).toHaveLength(1);
    await registry.close();
  });
});
