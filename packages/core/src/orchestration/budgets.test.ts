import { BudgetExceededError } from '../errors/budget-exceeded-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import type { ProviderChunk } from '../provider/stream-part.js';
import { registryWith } from '../registry/__fixtures__/registry-with.js';
import { createMemoryStore } from '../store/memory-store.js';
import { rejection, thrown } from '../testing/captured-error.js';
import { createFakeClock } from '../testing/fake-clock.js';
import { createFakeProvider } from '../__fixtures__/fake-provider.js';

const words = (...chunks: ProviderChunk[]) =>
  async function* () {
    yield* chunks;
  };

const groq = (chunks: ProviderChunk[] = ['from groq']) => createFakeProvider({ id: 'groq', models: ['llama'], answer: words(...chunks) });
const local = () => createFakeProvider({ id: 'local', models: ['llama'], answer: words('from local') });

describe('provider budgets (limits)', () => {
  it('send the request past the budget to the next candidate, sending nothing to the provider out of budget', async () => {
    const clock = createFakeClock();
    const [first, second] = [groq(), local()];
    const registry = registryWith([first, second], { clock, limits: { groq: { rpm: 2 } } });
    const model = registry.create('llama');
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await model.generate('Hi'));

    expect(answers.map((answer) => answer.provider)).toEqual(['groq', 'groq', 'local']);
    expect(first.calls).toHaveLength(2);
    expect(answers[2]!.attempts[0]).toMatchObject({ provider: 'groq', outcome: 'skipped', errorKind: 'budget', decision: 'fallback' });
    expect(answers[2]!.attempts[0]!.message).toBe("Budget rpm of provider 'groq' is used up (2 of 2 requests a minute); it refills in 60 s.");
    // The window slides: a minute after the first request, there is room again.
    await clock.advance(60_000);
    expect((await model.generate('Hi')).provider).toBe('groq');
    await registry.close();
  });

  it('with every candidate out of budget, fail with a BudgetExceededError (a RateLimitError) naming the budget that refills first', async () => {
    const clock = createFakeClock();
    const [first, second] = [groq(), local()];
    const registry = registryWith([first, second], { clock, limits: { groq: { rpm: 1 }, local: { rpm: 1 } } });
    const model = registry.create('llama');
    await model.generate('Hi');
    await clock.advance(10_000);
    await model.generate('Hi');
    const error = await rejection(model.generate('Hi'));

    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ budget: 'groq', scope: 'provider', limit: 'rpm', used: 1, max: 1, retryAfterMs: 50_000, provider: 'groq', model: 'llama' });
    expect((error as Error).message).toBe(
      "Budget rpm of provider 'groq' is used up (1 of 1 requests a minute); it refills in 50 s. Also refused: Budget rpm of provider 'local' is used up (1 of 1 requests a minute); it refills in 60 s.",
    );
    expect(first.calls.length + second.calls.length).toBe(2);
    await registry.close();
  });

  it('reserve the prompt and the expected answer against tpm, then settle with the usage the provider reports', async () => {
    const clock = createFakeClock();
    const provider = groq(['hi', { type: 'usage', usage: { totalTokens: 30 } }]);
    const registry = registryWith([provider], { clock, limits: { groq: { tpm: 1_000, expectedOutputTokens: 400 } } });
    const model = registry.create('llama');
    await model.generate('Hi');
    expect((await registry.health({ probe: false })).budgets).toEqual([
      { name: 'groq', scope: 'provider', shared: false, tpm: { used: 30, limit: 1_000, resetsAt: clock.now() + 60_000 } },
    ]);
    // Each reservation (5 for the prompt, 400 expected for the answer) is settled to the 30 reported.
    const both = [model.generate('Hi'), model.generate('Hi')];
    await Promise.all(both);
    expect((await registry.health({ probe: false })).budgets[0]!.tpm!.used).toBe(90);
    await registry.close();
  });

  it('settle a provider that reports no usage with the prompt and the answer estimated from their length', async () => {
    const registry = registryWith([groq(['x'.repeat(400)])], { limits: { groq: { tpm: 10_000 } } });
    await registry.create('llama').generate('Hi');
    // 'Hi': 1 token + 4 for the message; 400 characters: 100.
    expect((await registry.health({ probe: false })).budgets[0]!.tpm!.used).toBe(105);
    await registry.close();
  });

  it('hold a concurrency slot for the whole stream, and give it back when the stream ends', async () => {
    const registry = registryWith([groq(['a', 'b']), local()], { limits: { groq: { concurrency: 1 } } });
    const model = registry.create('llama');
    const stream = model.stream('Hi')[Symbol.asyncIterator]();
    await stream.next();
    expect((await model.generate('Hi')).provider).toBe('local');
    for (let part = await stream.next(); !part.done; part = await stream.next());
    expect((await model.generate('Hi')).provider).toBe('groq');
    await registry.close();
  });

  it('count a failed request against rpm and give its slot back', async () => {
    const failing = createFakeProvider({
      id: 'groq',
      models: ['llama'],
      answer: () => {
        throw new RateLimitError({ message: '429', provider: 'groq', model: 'llama' });
      },
    });
    const registry = registryWith([failing, local()], { limits: { groq: { rpm: 10, concurrency: 1 } }, resilience: { maxAttemptsPerProvider: 1 } });
    await registry.create('llama').generate('Hi');
    expect((await registry.health({ probe: false })).budgets[0]).toMatchObject({ rpm: { used: 1 }, concurrency: { used: 0 } });
    await registry.close();
  });

  it('are checked when the registry is created, naming the wrong key', () => {
    const error = thrown(() => registryWith([groq()], { limits: { groq: { rpm: 0 } } }));
    expect(InvalidArgumentError.isInstance(error) && error.argument).toBe('options.limits.groq.rpm');
    expect(thrown(() => registryWith([groq()], { limits: { grok: { rpm: 1 } } }))).toMatchObject({
      argument: 'options.limits.grok',
      message: expect.stringContaining("no provider 'grok' is registered; did you mean 'groq'?"),
    });
    expect(thrown(() => registryWith([groq()], { limits: { groq: { rpn: 1 } as never } }))).toMatchObject({
      argument: 'options.limits.groq.rpn',
      message: expect.stringContaining("did you mean 'rpm'?"),
    });
  });
});

describe('caller budgets (CallOptions.budget)', () => {
  it('refuse a call past its budget before anything is sent, naming the budget', async () => {
    const provider = groq();
    const registry = registryWith([provider]);
    const model = registry.create('llama');
    const budget = { name: 'key:alice', rpm: 1 };
    await model.generate('Hi', { budget });
    const error = await rejection(model.generate('Hi', { budget }));

    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error).toMatchObject({ budget: 'key:alice', scope: 'caller', limit: 'rpm', provider: '' });
    expect((error as Error).message).toBe("Budget rpm 'key:alice' is used up (1 of 1 requests a minute); it refills in 60 s.");
    expect(provider.calls).toHaveLength(1);
    // Another budget is another count.
    await model.generate('Hi', { budget: { name: 'key:bob', rpm: 1 } });
    expect((await registry.health({ probe: false })).budgets.map(({ name, scope }) => `${scope}:${name}`)).toEqual(['caller:key:alice', 'caller:key:bob']);
    await registry.close();
  });

  it('count one call once, however many attempts it makes, and hold its slot until the stream ends', async () => {
    let failures = 1;
    const flaky = createFakeProvider({
      id: 'groq',
      models: ['llama'],
      answer: async function* () {
        if (failures-- > 0) throw new RateLimitError({ message: '429', provider: 'groq', model: 'llama', retryAfterMs: 0 });
        yield 'ok';
      },
    });
    const registry = registryWith([flaky]);
    const model = registry.create('llama');
    const budget = { name: 'key:alice', rpm: 5, concurrency: 1 };
    const stream = model.stream('Hi', { budget })[Symbol.asyncIterator]();
    await stream.next();
    expect(await rejection(model.generate('Hi', { budget }))).toMatchObject({ limit: 'concurrency' });
    for (let part = await stream.next(); !part.done; part = await stream.next());
    await model.generate('Hi', { budget });
    expect((await registry.health({ probe: false })).budgets[0]).toMatchObject({ rpm: { used: 2 }, concurrency: { used: 0 } });
    await registry.close();
  });

  it('is checked like every other option', async () => {
    const registry = registryWith([groq()]);
    expect(await rejection(registry.create('llama').generate('Hi', { budget: { rpm: 1 } as never }))).toMatchObject({ argument: 'options.budget.name' });
    await registry.close();
  });
});

describe('the store option', () => {
  it('refuses a store of another contract version, and a store already taken', async () => {
    expect(thrown(() => registryWith([groq()], { store: { specificationVersion: 'v0' } as never }))).toMatchObject({
      argument: 'options.store',
      message: expect.stringContaining('expected a store implementing specificationVersion \'store-v1\', got "v0"'),
    });
    const store = createMemoryStore();
    const registry = registryWith([groq()], { store });
    expect(thrown(() => registryWith([groq()], { store }))).toMatchObject({ argument: 'options.store' });
    expect((await registry.health({ probe: false })).store).toMatchObject({ kind: 'memory', state: 'local', replicas: 1 });
    await registry.close();
  });
});
