import { BOTH_EMULATORS, withFreshEmulator, type AnyEmulator } from './__fixtures__/both-emulators.js';

describe.each(BOTH_EMULATORS)('the /__emulator control endpoints of the $name emulator', ({ start, chat, chatPath }) => {
  let emulator: AnyEmulator;
  withFreshEmulator(start, (started) => (emulator = started));

  const control = (path: string, body?: unknown): Promise<Response> =>
    fetch(`${emulator.origin}/__emulator/${path}`, body === undefined ? {} : { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('POST config sets faults, latency and mode, and answers the whole config', async () => {
    const res = await control('config', { faults: [{ fault: 'status-502', times: 1 }], latencyMs: 5 });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ faults: [{ fault: 'status-502', times: 1 }], latencyMs: 5, mode: 'healthy' });
    expect((await chat(emulator)).status).toBe(502);
    expect((await chat(emulator)).status).toBe(200);
  });

  it('POST config with mode down makes the service answer 503', async () => {
    await control('config', { mode: 'down' });

    expect((await chat(emulator)).status).toBe(503);
  });

  it('POST config refuses an invalid config as a whole and changes nothing', async () => {
    const res = await control('config', { latencyMs: 50, faults: [{ fault: 'status-999' }] });

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('Invalid faults[0].fault: unknown fault kind "status-999"');
    expect(await (await control('config')).json()).toEqual({ faults: [], latencyMs: 0, mode: 'healthy' });
  });

  it.each([
    ['a body that is not JSON', 'faults=reset', 'The config body must be JSON'],
    ['an unknown option', { latency: 5 }, "Invalid latency: unknown option 'latency'; did you mean 'latencyMs'?"],
    [
      'an unknown rule option',
      { faults: [{ fault: 'reset', probabilty: 0.5 }] },
      "Invalid faults[0].probabilty: unknown option 'probabilty'; did you mean 'probability'?",
    ],
    ['an unknown mode', { mode: 'sleepy' }, 'Invalid mode: unknown mode "sleepy"; known: healthy, down'],
    ['a negative latency', { latencyMs: -1 }, 'Invalid latencyMs: must be a finite number >= 0, got -1'],
  ])('POST config answers 400 for %s', async (_case, body, message) => {
    const res = await control('config', body);

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(message);
  });

  it('GET stats reports the counters, and control requests are not counted', async () => {
    await chat(emulator);
    await chat(emulator, '#fault:status-500');

    const res = await control('stats');

    expect(await res.json()).toEqual({ received: 2, answered: 1, faulted: 1, inFlight: 0 });
  });

  it('GET requests lists the recorded requests without bytes or promises', async () => {
    await chat(emulator, 'Hello\nthere');

    const recorded = (await (await control('requests')).json()) as Array<Record<string, unknown>>;

    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ method: 'POST', path: chatPath, rawHeaders: expect.arrayContaining([['content-type', expect.any(String)]]) });
    expect(recorded[0]).not.toHaveProperty('rawBody');
    expect(recorded[0]).not.toHaveProperty('outcome');
    expect(emulator.requests[0]?.rawBody).toBeInstanceOf(Buffer);
  });

  it('POST reset clears faults, latency, mode, stats and requests', async () => {
    await chat(emulator);
    await control('config', { faults: [{ fault: 'reset' }], latencyMs: 10_000, mode: 'down' });

    const res = await fetch(`${emulator.origin}/__emulator/reset`, { method: 'POST' });

    expect(await res.json()).toEqual({ faults: [], latencyMs: 0, mode: 'healthy' });
    expect(emulator.stats).toMatchObject({ received: 0, answered: 0, faulted: 0 });
    expect(emulator.requests).toEqual([]);
    expect((await chat(emulator)).status).toBe(200);
  });

  it('answers 405 for a known path with the wrong method, 404 for an unknown one', async () => {
    const wrongMethod = await fetch(`${emulator.origin}/__emulator/reset`);
    const unknown = await control('nothing-here');

    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toContain('available: GET /__emulator/config');
  });

  it('is not delayed by latency nor hit by faults', async () => {
    emulator.setLatency(10_000);
    emulator.setFaults([{ fault: 'hang' }]);

    const res = await control('stats');

    expect(res.status).toBe(200);
  });
});
