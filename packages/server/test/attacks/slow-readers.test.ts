// Attack: open streams and never read them. Each holds an upstream connection of the provider
// while the gateway waits for the client; 128 of them used to take the provider's whole pool, so
// everyone else waited for a minute. Now one client holds at most its share of the pool, and a
// client that leaves written data unread for writeTimeoutMs is cut off, its upstream cancelled.
import { once } from 'node:events';
import http from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import { createOpenAICompatible } from '@switchboard/provider-openai-compatible';
import type { GatewayOptions } from '../../src/gateway-options.js';
import { startTestGateway, type TestGateway } from '../../src/__fixtures__/start-test-gateway.js';
import { STALL_MS, watchLiveness } from './watch-liveness.js';

let emulator: OpenAICompatibleEmulator | undefined;
let server: TestGateway | undefined;
const readers: Socket[] = [];
afterEach(async () => {
  for (const socket of readers.splice(0)) socket.destroy();
  await server?.close();
  await emulator?.close();
  server = emulator = undefined;
});

async function start(gateway: Omit<GatewayOptions, 'registry'>, chunkDelayMs = 0): Promise<void> {
  emulator = await startOpenAICompatibleEmulator({ models: ['m'], chunkDelayMs });
  const provider = await createOpenAICompatible({ id: 'local', baseUrl: emulator.url, models: ['m'] }, { env: {} });
  server = await startTestGateway({
    providers: [provider],
    registry: { resilience: { maxAttempts: 1 } },
    gateway: { bodyLimit: 32 * 1024 * 1024, ...gateway },
  });
}

/** A client that sends a streaming request and never reads a byte of the answer. */
async function nonReader(prompt: string): Promise<Socket> {
  const { hostname, port } = new URL(server!.url);
  const body = JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: prompt }] });
  const socket = connect({ host: hostname, port: Number(port) });
  readers.push(socket);
  await once(socket, 'connect');
  socket.pause();
  socket.write(
    `POST /v1/chat/completions HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  return socket;
}

/** A whole (non-streaming) request from another client: another loopback address. */
function otherClient(signal: AbortSignal): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const { hostname, port } = new URL(server!.url);
  const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] });
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: hostname,
        port,
        localAddress: '127.0.0.2',
        agent: false,
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { 'content-type': 'application/json' },
        signal,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode!, ms: performance.now() - started }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const until = async (condition: () => boolean, timeoutMs: number) => {
  const deadline = performance.now() + timeoutMs;
  while (!condition() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
};

describe('streaming clients that stop reading', () => {
  it("128 of them from one address hold at most their share of the provider's connections; another client is answered at once", async () => {
    // A long, slow answer: each stream would hold its upstream connection for ten minutes.
    await start({}, 200);
    const longPrompt = Array.from({ length: 3_000 }, (_, index) => `w${index}`).join(' ');
    const watch = watchLiveness(server!.url);

    await Promise.all(Array.from({ length: 128 }, () => nonReader(longPrompt)));
    // The default share is half of core's 128 connections per provider: 64 streams upstream.
    expect(await until(() => emulator!.stats.received >= 64, 5_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const victim = await otherClient(AbortSignal.timeout(5_000));
    const liveness = await watch.stop();

    expect(victim.status).toBe(200);
    expect(victim.ms).toBeLessThan(STALL_MS);
    // Counted at the emulator: the other 64 never reached it (they wait for that client's own
    // slots, holding no connection), the victim did.
    expect(emulator!.stats.received).toBe(65);
    expect(liveness.slowestMs).toBeLessThan(STALL_MS);
  });

  it('is cut off after writeTimeoutMs, and its upstream request is cancelled', async () => {
    // About 6.5 MB of answer each, over 5 s: the client's socket buffers are full after the first
    // few megabytes, well before the upstream is done sending.
    await start({ writeTimeoutMs: 300 }, 50);
    const bigWords = Array.from({ length: 100 }, (_, index) => `${index}${'x'.repeat(64 * 1024)}`).join(' ');
    const watch = watchLiveness(server!.url);

    const sockets = await Promise.all([nonReader(bigWords), nonReader(bigWords)]);
    expect(await until(() => emulator!.requests.length === 2, 10_000)).toBe(true);
    const outcomes = await Promise.race([
      Promise.all(emulator!.requests.map((request) => request.outcome)),
      new Promise((resolve) => setTimeout(() => resolve('still running after 10 s'), 10_000)),
    ]);
    const liveness = await watch.stop();
    // The cut shows once the client reads again: what the socket buffers held, then the end.
    for (const socket of sockets) socket.resume();
    await Promise.all(sockets.map((socket) => once(socket, 'close')));

    // Counted at the emulator: both upstream requests ended before their answers were sent.
    expect(outcomes).toEqual(['closed-early', 'closed-early']);
    expect(emulator!.stats.inFlight).toBe(0);
    expect(liveness.slowestMs).toBeLessThan(STALL_MS);
  });
});
