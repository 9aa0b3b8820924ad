// Three `switchboard serve` processes (the built CLI) sharing one real redis-server, the
// OpenAI-compatible emulators behind them, counting at the emulator what each replica sends. What
// one replica learns, the others act on: an open circuit, a provider's Retry-After, a budget, a
// health probe, a client key's budget.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { canStartRedisServer } from '@switchboard/store-redis/testing';
import { FLEET_ENV, OPERATOR } from './__fixtures__/fleet-config.js';
import { type Fleet, healthOf, startFleet } from './__fixtures__/start-fleet.js';
import { chat, eventually, type Replica } from './__fixtures__/start-replica.js';

const describeRedis = canStartRedisServer() ? describe : describe.skip;

describeRedis('three switchboard serve processes sharing one Redis', () => {
  let started: Fleet;
  let primary: Fleet['primary'];
  let backup: Fleet['backup'];
  let fleet: Replica[] = [];
  const a = () => fleet[0]!;
  const b = () => fleet[1]!;
  const c = () => fleet[2]!;

  beforeAll(async () => {
    started = await startFleet();
    ({ primary, backup, replicas: fleet } = started);
    // A hang guard, not a speed check: three processes start on a machine running every test at once.
  }, 60_000);
  afterAll(async () => {
    const codes = (await started?.stop()) ?? [];
    // A replica that did not exit cleanly shows what it printed, to tell a crash from a slow stop.
    expect(codes.map((code, index) => (code === 0 ? 0 : `exit ${code}: ${fleet[index]?.stderr()}`))).toEqual([0, 0, 0]);
  });
  beforeEach(() => {
    primary.clearRequests();
    backup.clearRequests();
  });

  /** Chat requests the primary emulator got for `model`, by replica. */
  const sentBy = (model: string) => {
    const counts: Record<string, number> = {};
    for (const request of primary.requests) {
      if (request.path !== '/v1/chat/completions' || (request.body as { model?: string })?.model !== model) continue;
      const replica = request.headers['x-replica'] ?? '?';
      counts[replica] = (counts[replica] ?? 0) + 1;
    }
    return counts;
  };

  it('a circuit opened by one replica is honoured by the other two: no further request from them', async () => {
    primary.setFaults([{ fault: 'status-503', model: 'm-circuit' }]);
    for (let i = 0; i < 3; i++) {
      const response = await chat(a(), 'm-circuit', OPERATOR);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-switchboard-provider')).toBe('backup');
    }
    const opened = Date.now();
    const seenMs = await eventually(
      async () => (await Promise.all([b(), c()].map((replica) => circuitOf(replica, 'flaky')))).every((state) => state === 'open'),
      200,
    );
    expect(Date.now() - opened).toBeLessThan(200);
    for (const replica of [b(), c(), b(), c(), b(), c()]) {
      const response = await chat(replica, 'm-circuit', OPERATOR);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-switchboard-provider')).toBe('backup');
    }
    expect(sentBy('m-circuit')).toEqual({ r1: 3 });
    expect(seenMs).toBeLessThan(200);
    primary.setFaults([]);
  });

  it("a provider's Retry-After keeps all three off it until the deadline, then they use it again", async () => {
    primary.setFaults([{ fault: 'rate-limit', model: 'm-cooldown', retryAfterSeconds: 2, times: 1 }]);
    expect((await chat(a(), 'm-cooldown', OPERATOR)).headers.get('x-switchboard-provider')).toBe('backup');
    const limitedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const replica of [a(), b(), c(), a(), b(), c()])
      expect((await chat(replica, 'm-cooldown', OPERATOR)).headers.get('x-switchboard-provider')).toBe('backup');
    expect(sentBy('m-cooldown')).toEqual({ r1: 1 });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, limitedAt + 2_100 - Date.now())));
    for (const replica of [b(), c()]) expect((await chat(replica, 'm-cooldown', OPERATOR)).headers.get('x-switchboard-provider')).toBe('limited');
    expect(sentBy('m-cooldown')).toEqual({ r1: 1, r2: 1, r3: 1 });
  });

  it('rpm: 20 lets 20 requests a minute through across the three (counted at the emulator); the rest go to the next candidate', async () => {
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => chat(fleet[i % 3]!, 'm-budget', OPERATOR)));
    expect(responses.map((response) => response.status)).toEqual(Array(30).fill(200));
    const by = responses.map((response) => response.headers.get('x-switchboard-provider'));
    expect(by.filter((provider) => provider === 'budgeted')).toHaveLength(20);
    expect(by.filter((provider) => provider === 'backup')).toHaveLength(10);
    const counted = sentBy('m-budget');
    expect(Object.values(counted).reduce((sum, count) => sum + count, 0)).toBe(20);
    expect(backup.requests.filter((request) => (request.body as { model?: string })?.model === 'm-budget')).toHaveLength(10);
    // Each replica sees the fleet's use.
    for (const replica of fleet) {
      const report = await healthOf(replica);
      expect(report.budgets).toContainEqual(expect.objectContaining({ name: 'budgeted', shared: true, rpm: expect.objectContaining({ used: 20, limit: 20 }) }));
    }
  });

  it('one replica probes a provider per interval, and every replica reads its result', async () => {
    primary.clearRequests();
    const windowMs = 4_000;
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const probes = primary.requests.filter((request) => request.path === '/v1/models' && request.headers['x-provider'] === 'steady');
    // Without sharing: three a second. Shared: one an interval (1 s), give or take the window's edges.
    expect(probes.length).toBeGreaterThanOrEqual(2);
    expect(probes.length).toBeLessThanOrEqual(windowMs / 1_000 + 1);
    const latest = Math.max(...probes.map((request) => request.receivedAt));
    for (const replica of fleet) {
      const steady = (await healthOf(replica)).providers.find((provider) => provider.provider === 'steady')!;
      expect(steady).toMatchObject({ status: 'healthy', source: 'probe' });
      expect(steady.checkedAt).toBeGreaterThanOrEqual(latest - 1_500);
    }
  });

  it('a client key with rpm: 5 used through all three: 5 answered in the minute, the rest 429 with Retry-After; another key unaffected; a model outside its list is a 403', async () => {
    const alice = { authorization: `Bearer ${FLEET_ENV.ALICE_KEY}` };
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const response = await chat(fleet[i % 3]!, 'm-keys', alice);
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        const { error } = (await response.json()) as { error: { message: string } };
        expect(error.message).toMatch(/^The API key 'alice' is over its budget of 5 requests a minute \(rpm\)/);
        expect(error.message).not.toContain(FLEET_ENV.ALICE_KEY);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429]);
    expect(sentBy('m-keys')).toEqual({ r1: 2, r2: 2, r3: 1 });
    for (const replica of fleet) expect((await chat(replica, 'm-keys', { authorization: `Bearer ${FLEET_ENV.BOB_KEY}` })).status).toBe(200);
    const outside = await chat(b(), 'm-budget', alice);
    expect(outside.status).toBe(403);
    expect(((await outside.json()) as { error: { message: string } }).error.message).toBe(
      "The API key 'alice' may not use the model 'm-budget'; it may use: m-keys.",
    );
  });

  it('a Responses API conversation made on one replica continues on the others by previous_response_id', async () => {
    const respond = async (replica: Replica, body: Record<string, unknown>) => {
      const response = await fetch(`${replica.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...OPERATOR },
        body: JSON.stringify({ model: 'm-soak', ...body }),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { id: string };
    };
    const first = await respond(a(), { input: 'My name is Ada.' });
    const second = await respond(b(), { input: 'What is my name?', previous_response_id: first.id });
    await respond(c(), { input: 'Spell it.', previous_response_id: second.id });

    // Counted at the emulator: c sent the whole conversation, two turns of which it never saw.
    const sent = primary.requests.filter((request) => request.path === '/v1/chat/completions' && request.headers['x-replica'] === 'r3').at(-1);
    expect(sent).toBeDefined();
    const { messages } = sent!.body as { messages: { role: string; content: unknown }[] };
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect(messages[0]!.content).toBe('My name is Ada.');
    const unknown = await fetch(`${b().url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...OPERATOR },
      body: JSON.stringify({ model: 'm-soak', input: 'Hi', previous_response_id: 'resp_nobody_made_this' }),
    });
    expect(unknown.status).toBe(404);
  });

  it('said nothing alarming meanwhile: no warning, no unhandled rejection', () => {
    for (const replica of fleet) {
      expect(replica.running()).toBe(true);
      expect(replica.stderr()).not.toMatch(/unhandled|warn:/i);
    }
  });
});

async function circuitOf(replica: Replica, provider: string): Promise<string | undefined> {
  return (await healthOf(replica)).providers.find((each) => each.provider === provider)?.circuit;
}
