import { Agent, request } from 'node:http';
import { BOTH_EMULATORS, withFreshEmulator, eventually, type AnyEmulator } from './__fixtures__/both-emulators.js';

// One API shape for every emulator: these run against each of them.
describe.each(BOTH_EMULATORS)('the $name emulator handle', ({ start, chat, chatPath, urlSuffix }) => {
  let emulator: AnyEmulator;
  withFreshEmulator(start, (started) => (emulator = started));

  it('url is what the provider’s baseUrl takes: the origin plus the API prefix', () => {
    expect(emulator.origin).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(emulator.url).toBe(`${emulator.origin}${urlSuffix}`);
  });

  it('requests: the log, newest last, with headers in arrival order and the raw body', async () => {
    await chat(emulator, 'first');
    await chat(emulator, 'second');

    expect(emulator.requests.map((recorded) => recorded.path)).toEqual([chatPath, chatPath]);
    expect(emulator.requests[1]?.rawBody.toString()).toContain('second');
    expect(emulator.requests[1]?.rawHeaders.map(([name]) => name.toLowerCase())).toContain('host');
    emulator.clearRequests();
    expect(emulator.requests).toEqual([]);
  });

  it('faults / setFaults: the rules in force, replaced whole, counted in stats and marked on the answer', async () => {
    emulator.setFaults([{ fault: 'status-503', times: 1 }]);
    const faulted = await chat(emulator);
    const answered = await chat(emulator);

    expect(emulator.faults).toEqual([{ fault: 'status-503', times: 1 }]);
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('x-emulator-fault')).toBe('status-503');
    expect(answered.status).toBe(200);
    expect(emulator.stats).toEqual({ received: 2, answered: 1, faulted: 1, inFlight: 0 });
    expect(emulator.requests.map((recorded) => recorded.fault)).toEqual(['status-503', undefined]);
  });

  it('setFaults refuses an unknown rule key, naming it and the closest valid one', () => {
    expect(() => emulator.setFaults([{ fault: 'reset', probabilty: 0.1 } as never])).toThrow(
      "Invalid faults[0].probabilty: unknown option 'probabilty'; did you mean 'probability'?",
    );
  });

  it('start refuses an unknown option, naming it and the closest valid one', async () => {
    await expect(start({ latency: 50 })).rejects.toThrow("Invalid latency: unknown option 'latency'; did you mean 'latencyMs'?");
  });

  it("setMode('down') answers 503, whatever the rules; reset() puts everything back", async () => {
    emulator.setFaults([{ fault: 'status-500' }]);
    emulator.setMode('down');
    const down = await chat(emulator);
    emulator.reset();
    const healthy = await chat(emulator);

    expect(down.status).toBe(503);
    expect(healthy.status).toBe(200);
    expect(emulator.faults).toEqual([]);
    expect(emulator.stats).toMatchObject({ received: 1, answered: 1, faulted: 0 });
  });

  it('a prompt directive #fault:<kind> injects that fault', async () => {
    expect((await chat(emulator, 'please #fault:rate-limit-no-header')).status).toBe(429);
  });

  it('setLatency delays every answer', async () => {
    emulator.setLatency(150);
    const started = Date.now();

    await chat(emulator);

    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('close() is prompt with an idle keep-alive socket and a hung request, clears timers, and is idempotent', async () => {
    const agent = new Agent({ keepAlive: true });
    try {
      await new Promise<void>((resolve, reject) => {
        request(`${emulator.origin}/__emulator/stats`, { agent }, (res) => res.resume().on('end', resolve))
          .on('error', reject)
          .end();
      });
      emulator.setFaults([{ fault: 'hang' }]);
      const hung = chat(emulator).catch((error: unknown) => error);
      await eventually(() => emulator.stats.inFlight === 1);
      emulator.setFaults([]);
      emulator.setLatency(60_000);
      const delayed = chat(emulator).catch((error: unknown) => error);
      await eventually(() => emulator.stats.inFlight === 2);
      await Promise.all([emulator.close(), emulator.close()]);
      await emulator.close();
      expect(await hung).toMatchObject({ message: 'fetch failed' });
      expect(await delayed).toMatchObject({ message: 'fetch failed' });
      await eventually(() => emulator.stats.inFlight === 0);
    } finally {
      agent.destroy();
    }
  });
});
