import { startDynasparkEmulator, type DynasparkEmulator } from './index.js';

describe('the /__emulator control endpoints', () => {
  let emulator: DynasparkEmulator;

  beforeEach(async () => {
    emulator = await startDynasparkEmulator();
  });

  afterEach(async () => {
    await emulator.close();
  });

  const control = (path: string, body?: unknown): Promise<Response> =>
    fetch(`${emulator.url}/__emulator/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  const chat = (userInput = 'Hi'): Promise<Response> =>
    fetch(`${emulator.url}/generate_response`, { method: 'POST', body: new URLSearchParams({ user_input: userInput, ai_model: 'gemini-1.5-flash' }) });

  it('POST config sets faults, latency and mode, and answers the whole config', async () => {
    const res = await control('config', { faults: [{ fault: 'status-502', times: 1 }], latencyMs: 5 });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ faults: [{ fault: 'status-502', times: 1 }], latencyMs: 5, mode: 'healthy' });
    expect((await chat()).status).toBe(502);
    expect((await chat()).status).toBe(200);
  });

  it('POST config with mode down makes the service answer 503', async () => {
    await control('config', { mode: 'down' });

    expect((await fetch(`${emulator.url}/status`)).status).toBe(503);
    expect((await chat()).status).toBe(503);
  });

  it('POST config refuses an invalid config as a whole and changes nothing', async () => {
    const res = await control('config', { latencyMs: 50, faults: [{ fault: 'status-999' }] });

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain("faults[0].fault: unknown fault kind 'status-999'");
    expect(await (await control('config')).json()).toEqual({ faults: [], latencyMs: 0, mode: 'healthy' });
  });

  it.each([
    ['a body that is not JSON', 'faults=reset', 'The config body must be JSON'],
    ['an unknown option', { latency: 5 }, "Unknown config option 'latency'"],
    ['an unknown mode', { mode: 'sleepy' }, `mode must be 'healthy' or 'down', got "sleepy"`],
    ['a negative latency', { latencyMs: -1 }, 'latencyMs must be a finite number >= 0'],
  ])('POST config answers 400 for %s', async (_case, body, message) => {
    const res = await fetch(`${emulator.url}/__emulator/config`, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(message);
  });

  it('GET stats reports the counters, and control requests are not counted', async () => {
    await chat();
    await chat('#fault:status-500');

    const res = await control('stats');

    expect(await res.json()).toEqual({ received: 2, answered: 1, faulted: 1, inFlight: 0 });
  });

  it('GET requests lists the recorded requests without raw bodies', async () => {
    await chat('Hello\nthere');

    const recorded = (await (await control('requests')).json()) as Array<Record<string, unknown>>;

    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ method: 'POST', path: '/generate_response', fields: { user_input: 'Hello\nthere', ai_model: 'gemini-1.5-flash' } });
    expect(recorded[0]).not.toHaveProperty('rawBody');
    expect(emulator.requests[0]?.rawBody).toBeInstanceOf(Buffer);
  });

  it('POST reset clears faults, latency, mode, stats and requests', async () => {
    await control('config', { faults: [{ fault: 'reset' }], latencyMs: 10_000, mode: 'down' });
    await fetch(`${emulator.url}/status`, { signal: AbortSignal.timeout(50) }).catch(() => undefined);

    const res = await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' });

    expect(await res.json()).toEqual({ faults: [], latencyMs: 0, mode: 'healthy' });
    expect(emulator.stats).toMatchObject({ received: 0, answered: 0, faulted: 0 });
    expect(emulator.requests).toEqual([]);
    expect((await chat()).status).toBe(200);
  });

  it('answers 405 for a known path with the wrong method, 404 for an unknown one', async () => {
    const wrongMethod = await fetch(`${emulator.url}/__emulator/reset`);
    const unknown = await control('nothing-here');

    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toContain('available: GET /__emulator/config');
  });

  it('is not delayed by latency nor hit by faults', async () => {
    emulator.setLatency(10_000);
    emulator.setFaults([{ fault: 'hang' }]);

    const res = await control('stats', undefined);

    expect(res.status).toBe(200);
  });
});
