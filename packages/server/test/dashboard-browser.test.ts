// The dashboard in a real browser: Debian's Chromium driven by playwright-core, against a gateway
// over both real plugins and their emulators. Screenshots of each view go to docs/dashboard/.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startDynasparkEmulator, type DynasparkEmulator } from '@switchboard/emulators/dynaspark';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import { createDynaspark } from '@switchboard/provider-dynaspark';
import { createOpenAICompatible } from '@switchboard/provider-openai-compatible';
import type { BrowserContext, Page } from 'playwright-core';
import { browserAvailability, launchTestBrowser } from '../src/__fixtures__/launch-test-browser.js';
import { screenshotPath } from '../src/__fixtures__/screenshot-path.js';
import { startTestGateway, type TestGateway } from '../src/__fixtures__/start-test-gateway.js';
import type { DashboardSnapshot } from '../src/ui/dashboard-data.js';
import { emptyTrafficSeries } from '../src/ui/traffic-recorder.js';

const KEY = 'sk-dashboard-browser-test';
const DYNASPARK_MODEL = 'gemini-1.5-flash';
const LOCAL_MODEL = 'gpt-4o-mini';
/** How long the page may take to show what the gateway saw: its live updates come every second. */
const LIVE_MS = 5_000;

/** The part of a canvas element the chart test reads (the test's own types know no DOM). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> } };
}

const browser = browserAvailability();
if (!browser.available && !browser.required) process.stderr.write(`${browser.note}\n`);
const describeInBrowser = browser.available ? describe : describe.skip;

if (!browser.available && browser.required) {
  describe('the dashboard in Chromium', () => {
    it('needs Chromium under CI', () => {
      throw new Error(browser.note.replace('skipped', 'cannot run'));
    });
  });
}

describeInBrowser('the dashboard in Chromium', () => {
  let dynaspark: DynasparkEmulator;
  let local: OpenAICompatibleEmulator;
  let server: TestGateway;
  let context: BrowserContext;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let origin: string;
  const consoleErrors: { text: string; url: string }[] = [];
  const requested: { url: string; authorization: string | undefined }[] = [];
  const foreign: string[] = [];

  const chat = (model: string, content: string, stream = false) =>
    server.chat({ model, messages: [{ role: 'user', content }], stream }, { authorization: `Bearer ${KEY}` });
  const openView = async (view: string) => {
    await page.click(`[data-tab="${view}"]`);
    await page.waitForSelector(`[data-view="${view}"]`);
  };

  beforeAll(async () => {
    [dynaspark, local] = await Promise.all([startDynasparkEmulator(), startOpenAICompatibleEmulator({ models: [LOCAL_MODEL], chunkDelayMs: 5 })]);
    const context_ = { env: {} };
    server = await startTestGateway({
      providers: [
        createDynaspark({ baseUrl: dynaspark.url }, context_),
        await createOpenAICompatible({ id: 'local', baseUrl: local.url, models: [LOCAL_MODEL] }, context_),
      ],
      // Two attempts per provider (a lone provider is held to it too): a failed request keeps a
      // trail of attempts (AllProvidersFailedError) for the requests view to show.
      registry: { resilience: { maxAttemptsPerProvider: 2, circuitFailureThreshold: 3, circuitCooldownMs: 60_000 } },
      gateway: { apiKey: KEY },
    });
    origin = new URL(server.url).origin;
    ({ context, close: closeBrowser } = await launchTestBrowser());
    // Every request the page makes is recorded; one for another origin is refused and remembered.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith('data:')) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    context.on('request', (request) => requested.push({ url: request.url(), authorization: request.headers()['authorization'] }));
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push({ text: message.text(), url: message.location().url });
    });
    page.on('pageerror', (error) => consoleErrors.push({ text: String(error), url: '' }));
  }, 60_000);

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
    await Promise.all([dynaspark?.close(), local?.close()]);
  });

  it('asks for the key, says when a key is wrong, and opens with the right one', async () => {
    await page.goto(`${server.url}/ui`);
    await page.waitForSelector('[data-view="sign-in"]');
    expect(await page.textContent('[data-problem]')).toBe('This gateway needs its API key to show its dashboard.');

    await page.fill('[data-control="key"]', 'sk-wrong');
    await page.click('[data-control="sign-in"]');
    await page.waitForSelector('[data-problem]:has-text("refused")');
    expect(await page.textContent('[data-problem]')).toBe('That key was refused: The API key in the Authorization header is not valid for this gateway.');
    await page.screenshot({ path: screenshotPath('sign-in') });

    await page.fill('[data-control="key"]', KEY);
    await page.click('[data-control="sign-in"]');
    await page.waitForSelector('[data-view="providers"]');
    await page.waitForSelector('[data-connection="live"]');
  });

  it('lists both providers with their status and circuit', async () => {
    const rows = await page.$$eval('tr[data-provider]', (elements) =>
      elements.map((element) => [element.getAttribute('data-provider'), element.getAttribute('data-status'), element.getAttribute('data-circuit')]),
    );
    expect(rows).toEqual([
      ['dynaspark', 'unknown', 'closed'],
      ['local', 'unknown', 'closed'],
    ]);
    expect(await page.textContent('tr[data-provider="local"]')).toContain('no limits');
    expect(await page.getAttribute('[data-store]', 'data-store')).toBe('local');
  });

  it('shows a call made from outside the page within seconds, without a reload', async () => {
    await openView('requests');
    const response = await chat(LOCAL_MODEL, 'Hello from the test', true);
    expect(response.status).toBe(200);
    await response.text();

    const row = await page.waitForSelector(`tr[data-request]:has-text("${LOCAL_MODEL}")`, { timeout: LIVE_MS });
    expect(await row.textContent()).toContain(`local/${LOCAL_MODEL}`);
    expect(await row.getAttribute('data-status')).toBe('200');
  });

  it('lists requests of the Responses and Messages APIs too, and keeps no prompt or answer text (captureContent is off)', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify(body),
      });
    expect((await post('/v1/responses', { model: LOCAL_MODEL, input: 'Hello from responses' })).status).toBe(200);
    const messages = await post('/v1/messages', {
      model: LOCAL_MODEL,
      max_tokens: 50,
      stream: true,
      messages: [{ role: 'user', content: 'Hello from messages' }],
    });
    expect(messages.status).toBe(200);
    await messages.text();

    await page.waitForSelector('tr[data-request][data-route="messages"]', { timeout: LIVE_MS });
    const rows = await page.$$eval('tr[data-request]', (elements) => elements.map((element) => [element.getAttribute('data-route'), element.textContent]));
    expect(rows.map(([route]) => route)).toEqual(['messages', 'responses', 'chat']);
    for (const [, text] of rows) expect(text).toContain(`local/${LOCAL_MODEL}`);
    expect(await page.getAttribute('[data-capture]', 'data-capture')).toBe('off');
    // Opened, a row shows its trail and nothing of what was said; neither does the data behind the page.
    for (const route of ['chat', 'responses', 'messages']) {
      await page.click(`tr[data-request][data-route="${route}"]`);
      expect(await page.textContent('tr.details')).toContain('success');
    }
    const snapshot = await page.evaluate(async (key) => (await fetch('api/snapshot', { headers: { authorization: `Bearer ${key}` } })).text(), KEY);
    for (const text of [await page.content(), snapshot]) {
      expect(text).toContain(LOCAL_MODEL);
      expect(text).not.toMatch(/Hello from|Echo from/);
    }
  });

  it('turns a failing provider down, with its circuit open', async () => {
    dynaspark.setMode('down');
    for (let index = 0; index < 3; index++) expect((await chat(DYNASPARK_MODEL, `attempt ${index}`)).status).toBeGreaterThanOrEqual(500);
    await openView('providers');

    const row = await page.waitForSelector('tr[data-provider="dynaspark"][data-circuit="open"]', { timeout: LIVE_MS });
    expect(await row.getAttribute('data-status')).toBe('down');
    expect(await row.textContent()).toMatch(/probes in \d+ s/);
    // One success is too few samples for a status of its own; what matters is that local stays up.
    expect(await page.getAttribute('tr[data-provider="local"]', 'data-status')).not.toBe('down');
    expect(await page.getAttribute('tr[data-provider="local"]', 'data-circuit')).toBe('closed');
    await page.screenshot({ path: screenshotPath('providers'), fullPage: true });
  });

  it('lists failed requests with their attempt trail', async () => {
    await openView('requests');
    await page.waitForSelector('tr[data-request][data-status="502"]', { timeout: LIVE_MS });
    await page.click('tr[data-request][data-status="502"]');
    const trail = await page.textContent('tr.details');
    expect(trail).toContain(`dynaspark/${DYNASPARK_MODEL}`);
    expect(trail).toContain('error');
    await page.screenshot({ path: screenshotPath('requests'), fullPage: true });
  });

  it('draws the traffic charts', async () => {
    for (let index = 0; index < 5; index++) await (await chat(LOCAL_MODEL, `load ${index}`, index % 2 === 0)).text();
    await openView('traffic');
    await page.waitForSelector('.uplot canvas');
    // Wait for an update that carries the calls above, then look at the pixels.
    await page.waitForTimeout(1_500);
    const charts = await page.$$eval('.uplot canvas', (canvases) =>
      (canvases as unknown as Canvas[]).map((canvas) => {
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let index = 3; index < pixels.length; index += 4) if (pixels[index]! > 0) painted++;
        return { width: canvas.width, height: canvas.height, painted };
      }),
    );
    expect(charts.length).toBe(6);
    for (const chart of charts) {
      expect(chart.width).toBeGreaterThan(200);
      expect(chart.painted).toBeGreaterThan(100);
    }
    expect(await page.$$eval('[data-chart] .u-legend .u-series', (items) => items.map((item) => item.textContent))).toEqual(
      expect.arrayContaining([expect.stringContaining('local'), expect.stringContaining('dynaspark'), expect.stringContaining('p95')]),
    );
    await page.screenshot({ path: screenshotPath('traffic'), fullPage: true });
  });

  it('streams an answer from "Try it" through the gateway', async () => {
    await openView('try-it');
    await page.selectOption('[data-control="try-model"]', LOCAL_MODEL);
    await page.fill('[data-control="try-prompt"]', 'Tell me about switchboards');
    await page.click('[data-control="try-send"]');

    await page.waitForSelector('[data-run="done"]', { timeout: LIVE_MS });
    expect(await page.textContent('.answer-text')).toBe(`Echo from ${LOCAL_MODEL}: Tell me about switchboards`);
    expect(await page.getAttribute('[data-answered-by]', 'data-answered-by')).toBe('local');
    await page.screenshot({ path: screenshotPath('try-it'), fullPage: true });
  });

  it('pauses while the tab is hidden and picks up again when it shows', async () => {
    const setVisibility = (state: 'hidden' | 'visible') =>
      page.evaluate((visibility) => {
        // This runs in the page; the test's own types know no DOM.
        const { document } = globalThis as unknown as { document: { dispatchEvent(event: Event): void } };
        Object.defineProperty(document, 'visibilityState', { value: visibility, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await setVisibility('hidden');
    await page.waitForSelector('[data-connection="paused"]');
    const before = requested.length;
    await page.waitForTimeout(1_500);
    expect(requested.slice(before)).toEqual([]);

    await setVisibility('visible');
    await page.waitForSelector('[data-connection="live"]', { timeout: LIVE_MS });
    expect(requested.slice(before).map((request) => new URL(request.url).pathname)).toEqual(['/ui/api/events']);
  });

  it('refuses every data request made without the key', async () => {
    const statuses = await page.evaluate(async () => {
      const answer = async (path: string) => (await fetch(path)).status;
      return [await answer('api/snapshot'), await answer('api/events')];
    });
    expect(statuses).toEqual([401, 401]);
  });

  it('loaded nothing from another origin, put no data in a URL, sent the key with every data request, and logged no error', () => {
    expect(foreign).toEqual([]);
    const pageRequests = requested.filter((request) => request.url.startsWith(origin));
    expect(pageRequests.length).toBeGreaterThan(4);
    for (const { url } of pageRequests) {
      expect(new URL(url).search).toBe('');
      expect(url).not.toContain(KEY);
    }
    const dataRequests = pageRequests.filter((request) => new URL(request.url).pathname.startsWith('/ui/api/'));
    // One event stream after sign-in, one more after the tab showed again.
    expect(dataRequests.filter((request) => request.authorization === `Bearer ${KEY}`).length).toBeGreaterThanOrEqual(2);
    // Every other one is accounted for: the first look before sign-in, the wrong key, the two sent without a key on purpose.
    expect(dataRequests.filter((request) => request.authorization !== `Bearer ${KEY}`).map((request) => request.authorization ?? 'none')).toEqual([
      'none',
      'Bearer sk-wrong',
      'none',
      'none',
    ]);
    // Chromium logs each refused request as a console error: those four, and nothing else.
    expect(consoleErrors.map(({ text, url }) => `${text} ${new URL(url || 'about:blank').pathname}`)).toEqual([
      'Failed to load resource: the server responded with a status of 401 (Unauthorized) /ui/api/events',
      'Failed to load resource: the server responded with a status of 401 (Unauthorized) /ui/api/events',
      'Failed to load resource: the server responded with a status of 401 (Unauthorized) /ui/api/snapshot',
      'Failed to load resource: the server responded with a status of 401 (Unauthorized) /ui/api/events',
    ]);
  });
  it('says when the shared store cannot be reached, and when each budget refills', async () => {
    // A Redis outage, fed to the page as data (dashboard-shared-store.test.ts shows the rest on a real Redis).
    const now = Date.now();
    const snapshot: DashboardSnapshot = {
      version: 1,
      at: now,
      gateway: {
        startedAt: now - 60_000,
        inFlight: 2,
        models: ['m'],
        captureContent: false,
        recentRequestsKept: 300,
        store: { kind: 'shared', replicas: 3, status: 'degraded' },
      },
      providers: [
        {
          id: 'groq',
          label: 'Groq',
          configured: true,
          working: true,
          status: 'degraded',
          source: 'traffic',
          circuit: 'closed',
          cooldownUntil: now + 40_000,
          models: [{ model: 'm', vision: false, status: 'degraded', circuit: 'closed' }],
          limits: { rpm: { limit: 30, used: 12, resetsAt: now + 20_000 }, concurrency: { limit: 4, used: 4 } },
        },
      ],
      traffic: { bucketMs: 5_000, windowMs: 600_000, at: [], total: emptyTrafficSeries(''), providers: [] },
      requests: [],
    };
    const fake = await context.newPage();
    await fake.route('**/ui/api/events', (route) =>
      route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: `event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n` }),
    );
    await fake.goto(`${server.url}/ui/`);

    const row = await fake.waitForSelector('tr[data-provider="groq"]');
    expect(await row.getAttribute('data-status')).toBe('degraded');
    expect(await fake.$$eval('[data-limit]', (items) => items.map((item) => item.textContent))).toEqual(['rpm 12/30refills in 20 s', 'concurrency 4/4']);
    expect(await row.textContent()).toMatch(/until \d\d:\d\d:\d\d \(in 4\d s\)/);
    expect(await fake.getAttribute('[data-store]', 'data-store-status')).toBe('degraded');
    expect(await fake.textContent('[data-store]')).toBe(
      "Store: shared · 3 replicas share circuits, cooldowns and budgets: this is the fleet's view · unreachable: each replica uses its own view and its share of each budget",
    );
    await fake.close();
  });
});
