// The dashboard of a fleet, in Debian's Chromium: two gateways (replicas `a` and `b`), each with
// its own registry, sharing a real redis-server. What one replica does (spend a budget, open a
// circuit, get a Retry-After) shows on the other's page. The page is the operator's: a client key
// does not open it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import { createOpenAICompatible } from '@switchboard/provider-openai-compatible';
import { createRedisStore } from '@switchboard/store-redis';
import { canStartRedisServer, type RedisServer, startRedisServer } from '@switchboard/store-redis/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { browserAvailability, launchTestBrowser } from '../src/__fixtures__/launch-test-browser.js';
import { screenshotPath } from '../src/__fixtures__/screenshot-path.js';
import { startTestGateway, type TestGateway } from '../src/__fixtures__/start-test-gateway.js';

const OPERATOR_KEY = 'sk-operator-dashboard-0123456789';
const ALICE_KEY = 'sk-alice-dashboard-0123456789';
const as = (key: string) => ({ authorization: `Bearer ${key}` });
/** How long a page may take to show what the fleet did: updates come every second, Redis relays in milliseconds. */
const LIVE_MS = 5_000;
/** Each scenario has its provider instance on the primary emulator (and its own model), and a backup serving them all. */
const MODELS = { budgeted: 'm-budget', flaky: 'm-circuit', limited: 'm-cooldown' } as const;

const browser = browserAvailability();
// Under CI both are installed, and a missing one fails (the dashboard browser test and store-redis say so).
const describeFleet = browser.available && canStartRedisServer() ? describe : describe.skip;

describeFleet('the dashboard of two gateways sharing a real Redis, in Chromium', () => {
  let redis: RedisServer;
  let primary: OpenAICompatibleEmulator;
  let backup: OpenAICompatibleEmulator;
  let a: TestGateway;
  let b: TestGateway;
  let context: BrowserContext;
  let closeBrowser: () => Promise<void>;
  /** b's page, which shows what a did. */
  let page: Page;
  const consoleErrors: string[] = [];

  const chat = (gateway: TestGateway, model: string, content = 'Hello', key = OPERATOR_KEY) =>
    gateway.chat({ model, messages: [{ role: 'user', content }] }, as(key));
  const providerRow = (id: string) => page.waitForSelector(`tr[data-provider="${id}"]`);
  const budgetUse = async () =>
    Object.fromEntries(
      await page.$$eval('tr[data-provider="budgeted"] [data-limit]', (items) =>
        items.map((item) => [item.getAttribute('data-limit'), item.querySelector('[data-use]')!.textContent]),
      ),
    );

  async function startReplica(replica: string, prefix: string): Promise<TestGateway> {
    const instance = (id: keyof typeof MODELS) =>
      createOpenAICompatible({ id, baseUrl: primary.url, models: [MODELS[id]], headers: { 'x-replica': replica } }, { env: {} });
    return startTestGateway({
      providers: [
        await instance('budgeted'),
        await instance('flaky'),
        await instance('limited'),
        await createOpenAICompatible({ id: 'backup', baseUrl: backup.url, models: Object.values(MODELS) }, { env: {} }),
      ],
      registry: {
        store: createRedisStore({ url: redis.url, prefix, heartbeatMs: 200, commandTimeoutMs: 2_000 }),
        limits: { budgeted: { rpm: 30, tpm: 50_000, concurrency: 2 } },
        // A Retry-After over a second is waited out by nobody: it cools the provider for the fleet.
        resilience: { maxAttemptsPerProvider: 1, maxRetryAfterMs: 1_000, circuitFailureThreshold: 3, circuitCooldownMs: 60_000 },
      },
      // b keeps what was said (captureContent), a does not.
      gateway: { apiKey: OPERATOR_KEY, keys: [{ name: 'alice', key: ALICE_KEY }], captureContent: replica === 'b' },
    });
  }

  beforeAll(async () => {
    [redis, primary, backup] = await Promise.all([
      startRedisServer(),
      startOpenAICompatibleEmulator({ models: Object.values(MODELS) }),
      startOpenAICompatibleEmulator({ models: Object.values(MODELS) }),
    ]);
    const prefix = `dashboard:${Date.now()}:`;
    [a, b] = await Promise.all([startReplica('a', prefix), startReplica('b', prefix)]);
    ({ context, close: closeBrowser } = await launchTestBrowser());
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
  }, 60_000);

  afterAll(async () => {
    await closeBrowser?.();
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all([primary?.close(), backup?.close(), redis?.stop()]);
  });

  it("refuses a client key's sign-in, saying whose page it is, and opens with the operator's key", async () => {
    await page.goto(`${b.url}/ui`);
    await page.fill('[data-control="key"]', ALICE_KEY);
    await page.click('[data-control="sign-in"]');
    await page.waitForSelector('[data-problem]:has-text("cannot open")');
    expect(await page.textContent('[data-problem]')).toBe(
      "That key cannot open the dashboard: The dashboard shows every client's traffic: open it with the gateway's apiKey, not a client key.",
    );

    await page.fill('[data-control="key"]', OPERATOR_KEY);
    await page.click('[data-control="sign-in"]');
    await page.waitForSelector('[data-connection="live"]');
  });

  it('shows the store shared by 2 replicas, and every provider', async () => {
    const store = await page.waitForSelector('[data-store="shared"][data-replicas="2"]', { timeout: LIVE_MS });
    expect(await store.getAttribute('data-store-status')).toBe('ok');
    expect(await store.textContent()).toBe("Store: shared · 2 replicas share circuits, cooldowns and budgets: this is the fleet's view");
    expect(await page.$$eval('tr[data-provider]', (rows) => rows.map((row) => row.getAttribute('data-provider')))).toEqual([
      'budgeted',
      'flaky',
      'limited',
      'backup',
    ]);
    expect(await budgetUse()).toEqual({ rpm: 'rpm 0/30', tpm: 'tpm 0/50000', concurrency: 'concurrency 0/2' });
    expect(await (await providerRow('backup')).textContent()).toContain('no limits');
  });

  it('shows the budget the other replica spends: requests and tokens in the minute, and calls in flight', async () => {
    for (let index = 0; index < 3; index++) expect((await chat(a, MODELS.budgeted)).headers.get('x-switchboard-provider')).toBe('budgeted');
    await page.waitForSelector('tr[data-provider="budgeted"] [data-limit="rpm"] [data-use]:has-text("rpm 3/30")', { timeout: LIVE_MS });
    const tokens = Number(/tpm (\d+)\/50000/.exec((await budgetUse())['tpm']!)![1]);
    expect(tokens).toBeGreaterThan(0);
    expect(await page.textContent('tr[data-provider="budgeted"] [data-limit="rpm"]')).toMatch(/refills in [56]\d s/);

    // Two calls held upstream for a few seconds: both concurrency slots taken, seen from b.
    primary.setFaults([{ fault: 'latency', model: MODELS.budgeted, delayMs: 3_000 }]);
    const held = [chat(a, MODELS.budgeted), chat(a, MODELS.budgeted)];
    await page.waitForSelector('tr[data-provider="budgeted"] [data-use]:has-text("concurrency 2/2")', { timeout: LIVE_MS });
    // A third goes to the next candidate while they are held: the budget is the fleet's.
    expect((await chat(b, MODELS.budgeted)).headers.get('x-switchboard-provider')).toBe('backup');
    await page.screenshot({ path: screenshotPath('providers-shared'), fullPage: true });
    for (const response of await Promise.all(held)) expect(response.headers.get('x-switchboard-provider')).toBe('budgeted');
    primary.setFaults([]);
    await page.waitForSelector('tr[data-provider="budgeted"] [data-use]:has-text("concurrency 0/2")', { timeout: LIVE_MS });
    expect((await budgetUse())['rpm']).toBe('rpm 5/30');
  });

  it('shows a circuit opened on the other replica as open here', async () => {
    primary.setFaults([{ fault: 'status-503', model: MODELS.flaky }]);
    for (let index = 0; index < 3; index++) expect((await chat(a, MODELS.flaky)).headers.get('x-switchboard-provider')).toBe('backup');

    const row = await page.waitForSelector('tr[data-provider="flaky"][data-circuit="open"]', { timeout: LIVE_MS });
    expect(await row.textContent()).toMatch(/probes in [56]\d s/);
    // b never sent it a request: it stays off the provider because a opened the circuit.
    expect((await chat(b, MODELS.flaky)).headers.get('x-switchboard-provider')).toBe('backup');
    expect(primary.requests.filter((request) => request.headers['x-replica'] === 'b' && (request.body as { model?: string })?.model === MODELS.flaky)).toEqual(
      [],
    );
    primary.setFaults([]);
  });

  it("shows a provider's Retry-After, received by the other replica, as its cooldown here", async () => {
    primary.setFaults([{ fault: 'rate-limit', model: MODELS.limited, retryAfterSeconds: 40, times: 1 }]);
    expect((await chat(a, MODELS.limited)).headers.get('x-switchboard-provider')).toBe('backup');

    const cell = await page.waitForSelector('tr[data-provider="limited"] td[data-cooldown]:not([data-cooldown="none"])', { timeout: LIVE_MS });
    expect(await cell.textContent()).toMatch(/until \d\d:\d\d:\d\d \(in (3\d|40) s\)/);
    expect(await page.getAttribute('tr[data-provider="limited"]', 'data-circuit')).toBe('closed');
    await page.screenshot({ path: screenshotPath('providers-fleet'), fullPage: true });
  });

  it("lists this replica's requests of all three APIs, with the client key's name and, with captureContent, what was said", async () => {
    const post = (path: string, body: unknown, key: string) =>
      fetch(`${b.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...as(key) }, body: JSON.stringify(body) });
    expect((await chat(b, 'm-budget', 'chat from alice', ALICE_KEY)).status).toBe(200);
    expect((await post('/v1/responses', { model: 'm-budget', input: 'responses from the operator' }, OPERATOR_KEY)).status).toBe(200);
    expect(
      (await post('/v1/messages', { model: 'm-budget', max_tokens: 50, messages: [{ role: 'user', content: 'messages from alice' }] }, ALICE_KEY)).status,
    ).toBe(200);

    await page.click('[data-tab="requests"]');
    await page.waitForSelector('tr[data-request][data-route="messages"]', { timeout: LIVE_MS });
    expect(await page.getAttribute('[data-capture]', 'data-capture')).toBe('on');
    const rows = await page.$$eval('tr[data-request]', (elements) =>
      elements.map((element) => [...element.querySelectorAll('td')].map((cell) => cell.textContent)),
    );
    // Newest first: time, route, client key, model asked, answered by, ...; b's earlier chat went to the backup.
    expect(rows.map((cells) => cells.slice(1, 5))).toEqual([
      ['messages', 'alice', 'm-budget', 'budgeted/m-budget'],
      ['responses', '—', 'm-budget', 'budgeted/m-budget'],
      ['chat', 'alice', 'm-budget', 'budgeted/m-budget'],
      ['chat', '—', 'm-circuit', 'backup/m-circuit'],
      ['chat', '—', 'm-budget', 'backup/m-budget'],
    ]);
    for (const [route, said] of [
      ['messages', 'messages from alice'],
      ['responses', 'responses from the operator'],
    ]) {
      await page.click(`tr[data-request][data-route="${route}"]`);
      const details = await page.textContent('tr.details');
      expect(details).toContain(said);
      expect(details).toContain(`Echo from m-budget: ${said}`);
    }
    await page.screenshot({ path: screenshotPath('requests-captured'), fullPage: true });
    expect(JSON.stringify(await page.content())).not.toContain(ALICE_KEY);
  });

  it("a's page (captureContent off) shows none of what a was told", async () => {
    const other = await context.newPage();
    await other.goto(`${a.url}/ui`);
    await other.fill('[data-control="key"]', OPERATOR_KEY);
    await other.click('[data-control="sign-in"]');
    await other.click('[data-tab="requests"]');
    await other.waitForSelector('tr[data-request]');
    expect(await other.getAttribute('[data-capture]', 'data-capture')).toBe('off');
    const count = await other.$$eval('tr[data-request]', (rows) => rows.length);
    expect(count).toBe(9);
    // Each row opened in turn shows its trail, and nothing of what was said.
    for (let index = 0; index < count; index++) {
      await other.click(`tr[data-request] >> nth=${index}`);
      const details = await other.textContent('tr.details');
      expect(details).toContain('#1');
      expect(details).not.toMatch(/Hello|Echo from/);
    }
    expect(await other.content()).not.toMatch(/Hello|Echo from/);
    await other.close();
  });

  it('logged no error but the two refusals: the first look without a key, and the client key', () => {
    expect(consoleErrors).toEqual([
      'Failed to load resource: the server responded with a status of 401 (Unauthorized)',
      'Failed to load resource: the server responded with a status of 403 (Forbidden)',
    ]);
  });
});
