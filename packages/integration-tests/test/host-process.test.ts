// A host script, in its own Node process with nothing else holding its event loop, awaiting a call
// while the registry retries, waits out a Retry-After or times an attempt out. Before timers a
// caller waits on kept the process alive, such a script exited mid-retry with no answer and no
// error (exit code 13 with top-level await, 0 with main().then()). The emulators run here, in the
// test's process; only the host script runs in the child.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startDynasparkEmulator, type DynasparkFaultRule } from '@switchboard/emulators/dynaspark';

const here = fileURLToPath(new URL('.', import.meta.url));
let dir: string;

beforeAll(() => {
  // Inside this package, so the script resolves @switchboard/* from its node_modules like a host app.
  dir = mkdtempSync(join(here, '..', 'node_modules', '.host-scripts-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Writes `source` as an ES module and runs it with plain `node`, nothing else in the process. */
function runScript(name: string, source: string, env: Record<string, string>): Promise<Outcome> {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, source);
  const child = spawn(process.execPath, [file], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout: stdout.trim(), stderr })));
}

/** The host app: top-level await, or main().then() — the two ways scripts are written. */
const hostScript = (style: 'top-level-await' | 'main-then') => {
  const body = `
  const registry = createRegistry({
    providerOptions: { dynaspark: { baseUrl: process.env.BASE_URL } },
    resilience: JSON.parse(process.env.RESILIENCE),
  });
  const result = await registry.create('gemini-2.0-flash').generate('Are you there?');
  console.log(JSON.stringify({ text: result.text, attempts: result.attempts.map((a) => a.errorKind ?? a.outcome) }));
  await registry.close();`;
  const imports = `import { createRegistry } from '@switchboard/core';\nimport '@switchboard/provider-dynaspark';\n`;
  return style === 'top-level-await'
    ? `${imports}${body}\n`
    : `${imports}async function main() {${body}\n}\nmain().then(() => {}, (error) => { console.error(error); process.exitCode = 1; });\n`;
};

let emulator: Awaited<ReturnType<typeof startDynasparkEmulator>> | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const FAST = { baseDelayMs: 200, maxDelayMs: 400 };

describe('a host script awaiting generate() survives every retry, in its own process', () => {
  const cases: [string, DynasparkFaultRule, Record<string, number>, string][] = [
    ['a one-off 503', { fault: 'status-503', times: 1 }, FAST, 'api-call'],
    ['a one-off 500', { fault: 'status-500', times: 1 }, FAST, 'api-call'],
    ['a connection reset', { fault: 'reset', times: 1 }, FAST, 'network'],
    ['malformed JSON', { fault: 'malformed-json', times: 1 }, FAST, 'response-format'],
    ['an HTML 503 page', { fault: 'html-503', times: 1 }, FAST, 'html-page'],
    ['an empty answer', { fault: 'empty', times: 1 }, FAST, 'empty-response'],
    ['a 429 with Retry-After: 1 (the wait is the only thing pending)', { fault: 'rate-limit', times: 1, retryAfterSeconds: 1 }, {}, 'rate-limit'],
    // Limits far above a loaded machine's answer time (the retry must not time out too), far below the test's.
    ['a first-chunk timeout', { fault: 'hang', times: 1 }, { ...FAST, firstChunkTimeoutMs: 2_000 }, 'timeout'],
    ['an attempt timeout', { fault: 'hang', times: 1 }, { ...FAST, firstChunkTimeoutMs: 60_000, attemptTimeoutMs: 2_000 }, 'timeout'],
  ];

  for (const style of ['top-level-await', 'main-then'] as const) {
    it.each(cases)(`${style}: %s, then the answer`, async (_case, fault, resilience, kind) => {
      emulator = await startDynasparkEmulator({ faults: [fault] });

      const outcome = await runScript(`${style}-${kind}`, hostScript(style), { BASE_URL: emulator.url, RESILIENCE: JSON.stringify(resilience) });

      expect({ code: outcome.code, stderr: outcome.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(outcome.stdout)).toEqual({ text: expect.any(String), attempts: [kind, 'success'] });
    });
  }
});

describe('health checks in a host script', () => {
  let silent: Server;
  let sockets: Socket[];
  let silentUrl: string;

  beforeAll(async () => {
    // Accepts connections and never answers: a probe against it must time out, not hang or exit early.
    sockets = [];
    silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('awaiting registry.health() ends with the probe timeout, even when the probe itself holds nothing open', async () => {
    // A provider whose own health check never settles and opens no socket: the probe's timer is
    // then the only thing the process waits for, so it must keep the process alive.
    const outcome = await runScript(
      'health-awaited',
      `import { createRegistry } from '@switchboard/core';
import { PROVIDER_SPECIFICATION_VERSION } from '@switchboard/core/provider';
const stuck = {
  specificationVersion: PROVIDER_SPECIFICATION_VERSION, id: 'stuck', url: 'https://stuck.example', loginUrl: undefined, apiEndpoint: undefined,
  working: true, needsAuth: false, useNodriver: true, supportsStream: false, supportsSystemMessage: true, supportsMessageHistory: true,
  defaultModel: 'm', defaultVisionModel: undefined, visionModels: [], models: ['m'], modelAliases: {},
  async *createAsyncGenerator() { yield 'never asked'; },
  healthCheck: () => new Promise(() => {}),
};
const registry = createRegistry({ providers: [stuck], useRegistered: false });
const report = await registry.health({ timeoutMs: 500 });
console.log(JSON.stringify(report.providers.map((p) => [p.provider, p.status, p.lastError?.kind])));
await registry.close();
`,
      {},
    );

    expect({ code: outcome.code, stderr: outcome.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(outcome.stdout)).toEqual([['stuck', 'down', 'timeout']]);
  });

  it('awaiting registry.health() against a silent server ends with its probe timeout', async () => {
    const outcome = await runScript(
      'health-silent',
      `import { createRegistry } from '@switchboard/core';
import '@switchboard/provider-dynaspark';
const registry = createRegistry({ providerOptions: { dynaspark: { baseUrl: process.env.BASE_URL } } });
const report = await registry.health({ timeoutMs: 500 });
console.log(JSON.stringify(report.providers.map((p) => [p.provider, p.status, p.lastError?.kind])));
await registry.close();
`,
      { BASE_URL: silentUrl },
    );

    expect({ code: outcome.code, stderr: outcome.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(outcome.stdout)).toEqual([['dynaspark', 'down', 'timeout']]);
  });

  it('background checks never keep a finished script alive: it exits as soon as its own work is done', async () => {
    emulator = await startDynasparkEmulator({});
    const outcome = await runScript(
      'health-background',
      `import { createRegistry } from '@switchboard/core';
import '@switchboard/provider-dynaspark';
const registry = createRegistry({ providerOptions: { dynaspark: { baseUrl: process.env.BASE_URL } }, health: { intervalMs: 3_600_000 } });
const result = await registry.create('gemini-2.0-flash').generate('Hi');
console.log(result.provider);
// No close(): the background checker's hour-long timer alone must not hold the process (if it
// did, this test would outlive its timeout).
`,
      { BASE_URL: emulator.url },
    );

    expect({ code: outcome.code, stdout: outcome.stdout, stderr: outcome.stderr }).toEqual({ code: 0, stdout: 'dynaspark', stderr: '' });
  });
});
