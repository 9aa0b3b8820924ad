// Attack: make an upstream fail in a way that makes it echo what it was sent (the gateway's key
// for it) and where it lives, then read the gateway's error. And: put line breaks in a model
// name to forge lines in the gateway's log.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Logger } from '@switchboard/core';
import { createOpenAICompatible } from '@switchboard/provider-openai-compatible';
import { json, sseData, startTestGateway, type TestGateway } from '../../src/__fixtures__/start-test-gateway.js';

const UPSTREAM_KEY = 'sk-proj-Zq8mN3vR7tY2wX5cB9dF1gH4jK6lP0oI';
const LEAKY_MESSAGE = `Invalid Authorization header 'Bearer ${UPSTREAM_KEY}' (x-api-key: ak_live_51Hx9) sent to https://llm-gw.internal:8443/v1/chat/completions?api_key=abc from 10.20.30.40:51234 via redis.internal:6379`;
// Ports with their colon: a bare '8443' also turns up in a stream's `created` time now and then.
const SECRETS = [UPSTREAM_KEY, 'ak_live_51Hx9', 'llm-gw.internal', ':8443', 'api_key=abc', '10.20.30.40', ':51234', 'redis.internal', ':6379'];

let upstream: http.Server | undefined;
let server: TestGateway | undefined;
afterEach(async () => {
  await server?.close();
  upstream?.closeAllConnections();
  await new Promise((resolve) => (upstream ? upstream.close(resolve) : resolve(undefined)));
  server = upstream = undefined;
});

/** An OpenAI-compatible upstream that answers every chat request with `answer`. */
async function startUpstream(answer: (response: http.ServerResponse) => void): Promise<string> {
  upstream = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => answer(response));
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  return `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
}

async function gatewayTo(baseUrl: string, logger?: Logger): Promise<TestGateway> {
  const provider = await createOpenAICompatible({ id: 'local', baseUrl, models: ['m'], apiKey: UPSTREAM_KEY }, { env: {} });
  return startTestGateway({ providers: [provider], registry: { resilience: { maxAttempts: 1 } }, gateway: logger ? { logger } : {} });
}

const expectNoSecret = (text: string) => {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
};

describe('upstream error text reaching a client', () => {
  it('keeps the status and the upstream summary, without keys, tokens, URLs, hosts or addresses', async () => {
    const baseUrl = await startUpstream((response) =>
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: LEAKY_MESSAGE, type: 'invalid_request_error' } })),
    );
    server = await gatewayTo(baseUrl);

    const whole = await server.chat({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] });
    const wholeText = await whole.text();
    const streamed = await server.chat({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const streamedText = await streamed.text();

    expect(whole.status).toBe(502);
    expect(streamed.status).toBe(502);
    for (const text of [wholeText, streamedText]) {
      expectNoSecret(text);
      const { error } = JSON.parse(text);
      expect(error.message).toContain('HTTP 401');
      expect(error.message).toContain('Invalid Authorization header');
      expect(error.message).toContain('Bearer [redacted]');
      expect(error.message).toContain('[redacted url]');
    }
  });

  it("takes out the provider's own key whatever its shape, even bare in the upstream's text", async () => {
    // 32 hex characters: the shape of an Azure or a home-grown key, which no shape rule knows.
    const hexKey = '7f3a9c21e4b8d6f05a1c3e7b9d2f4a68';
    const baseUrl = await startUpstream((response) =>
      response
        .writeHead(403, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: `Key ${hexKey} is not allowed for this deployment` } })),
    );
    const provider = await createOpenAICompatible({ id: 'azure', baseUrl, models: ['m'], apiKey: hexKey }, { env: {} });
    server = await startTestGateway({ providers: [provider], registry: { resilience: { maxAttempts: 1 } } });

    const response = await server.chat({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] });
    const text = await response.text();

    expect(text).not.toContain(hexKey);
    expect(JSON.parse(text).error.message).toContain('Key [redacted] is not allowed for this deployment');
  });

  it('redacts the error event that ends a stream cut by the upstream', async () => {
    const baseUrl = await startUpstream((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { role: 'assistant', content: 'Half ' } }] })}\n\n`);
      response.end(`data: ${JSON.stringify({ error: { message: LEAKY_MESSAGE } })}\n\n`);
    });
    server = await gatewayTo(baseUrl);

    const response = await server.chat({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const events = sseData(await response.text());

    expect(response.status).toBe(200);
    const last = JSON.parse(events.at(-1)!);
    expect(last.error.message).toContain('Invalid Authorization header');
    expectNoSecret(events.join('\n'));
  });

  it('says an upstream could not be reached without saying where it is', async () => {
    // A port nothing listens on: the upstream's address and port would otherwise be in the message.
    const closed = http.createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    server = await gatewayTo(`http://127.0.0.1:${port}/v1`);

    const response = await server.chat({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] });
    const { error } = await json(response);

    expect(response.status).toBe(502);
    expect(error.message).toContain('ECONNREFUSED');
    expect(JSON.stringify(error)).not.toContain(String(port));
    expect(JSON.stringify(error)).not.toContain('127.0.0.1');
  });
});

describe("what clients and upstreams say, in the gateway's log lines", () => {
  it('cannot split or forge a line with \\r\\n or U+2028', async () => {
    // A line logger, as the CLI's: one line of text per call.
    const written: string[] = [];
    const line =
      (level: string): Logger['info'] =>
      (fields, message) =>
        written.push(
          `${level} ${message} ${Object.entries(fields)
            .map(([key, value]) => `${key}=${value instanceof Error ? value.message : String(value)}`)
            .join(' ')}\n`,
        );
    const logger: Logger = { error: line('error'), warn: line('warn'), info: line('info'), debug: line('debug'), child: () => logger };
    const forged = 'error FORGED admin logged in';
    const baseUrl = await startUpstream((response) => response.writeHead(500).end(JSON.stringify({ error: `boom\r\n${forged}\u2028${forged}` })));
    server = await gatewayTo(baseUrl, logger);

    // An unknown model whose name breaks lines (logged when refused), then an upstream error that does.
    await (await server.chat({ model: `gpt\u2028${forged}\u2029${forged}`, messages: [{ role: 'user', content: 'Hi' }] })).text();
    await (await server.chat({ model: 'local/m', messages: [{ role: 'user', content: 'Hi' }] })).text();
    // Control characters in a model name are refused before anything logs the name.
    await (await server.chat({ model: `gpt\r\n${forged}`, messages: [{ role: 'user', content: 'Hi' }] })).text();

    expect(written.length).toBeGreaterThanOrEqual(3);
    const log = written.join('');
    expect(log.split('\n').filter((each) => each !== '')).toHaveLength(written.length);
    expect(log).not.toMatch(/[\r\u2028\u2029]/);
    expect(log).toContain(`model=gpt\\u2028${forged}\\u2029${forged}`);
    expect(log).toContain(`boom\\r\\n${forged}\\u2028${forged}`);
  });
});
