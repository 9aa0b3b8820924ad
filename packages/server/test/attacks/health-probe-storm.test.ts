// Attack: `/health?probe=true` makes the gateway probe every provider, and anyone who reaches the
// route can ask for it. Two hundred calls at once must not become two hundred probes of each
// provider: they share one, and more within healthProbeIntervalMs read its results.
import { describe, expect, it } from '@jest/globals';
import { json } from '../../src/__fixtures__/start-test-gateway.js';
import { useEmulatedGateway } from '../../src/__fixtures__/start-emulated-gateway.js';
import { STALL_MS, watchLiveness } from './watch-liveness.js';

const server = useEmulatedGateway();

describe('a storm of forced health probes', () => {
  it('200 concurrent probe=true calls send at most one probe to each provider', async () => {
    const watch = watchLiveness(server.url);

    const responses = await Promise.all(Array.from({ length: 200 }, () => fetch(`${server.url}/health?probe=true`)));
    const bodies = await Promise.all(responses.map((response) => json(response)));
    const liveness = await watch.stop();

    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(bodies.every((body) => body.providers.length === 3)).toBe(true);
    const outcomes = responses.map((response) => response.headers.get('x-switchboard-probe'));
    expect(outcomes.filter((outcome) => outcome === 'ran')).toHaveLength(1);
    // Counted at the emulators: every request they received since the reset.
    const emulators = [server.dynaspark, server.local, server.backup];
    for (const emulator of emulators) expect(emulator.requests.length).toBeLessThanOrEqual(1);
    expect(emulators.reduce((sum, emulator) => sum + emulator.requests.length, 0)).toBeGreaterThan(0);
    expect(liveness.slowestMs).toBeLessThan(STALL_MS);

    // Right after, within healthProbeIntervalMs: the report, without probing again.
    server.reset();
    const again = await fetch(`${server.url}/health?probe=true`);
    expect(again.headers.get('x-switchboard-probe')).toBe('recent');
    expect((await json(again)).providers).toHaveLength(3);
    for (const emulator of [server.dynaspark, server.local, server.backup]) expect(emulator.requests).toHaveLength(0);
  });
});
