// Attack, with allowRemoteImages on: make the gateway download a lot (many large images, for a
// model that takes one), many at once, or from where it should never connect (its own loopback,
// the private network, the cloud metadata address), directly or through a redirect; and read
// its errors for the network's ports and statuses.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { TINY_PNG } from '@switchboard/core/testing';
import { createMockProvider } from '@switchboard/testing';
import type { GatewayOptions } from '../../src/gateway-options.js';
import { json, startTestGateway, type TestGateway } from '../../src/__fixtures__/start-test-gateway.js';
import { STALL_MS, watchLiveness } from './watch-liveness.js';

/** An image host on one loopback address: counts requests and the most served at once. */
interface ImageHost {
  url: string;
  requests: string[];
  mostAtOnce: number;
  /**
   * Resolves once no connection to the host is left open. A download the gateway cancelled may
   * have sent its request already: it reaches the host before its connection's close does, so
   * waiting for the connections keeps one test's late requests out of the next test's count.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

async function startImageHost(address: string): Promise<ImageHost> {
  let atOnce = 0;
  const host: ImageHost = { url: '', requests: [], mostAtOnce: 0, settled: async () => {}, close: async () => {} };
  const server = http.createServer((request, response) => {
    host.requests.push(request.url!);
    host.mostAtOnce = Math.max(host.mostAtOnce, ++atOnce);
    response.on('close', () => atOnce--);
    const url = new URL(request.url!, 'http://x');
    if (url.pathname === '/cat.png') setTimeout(() => response.writeHead(200, { 'content-type': 'image/png' }).end(TINY_PNG), 50);
    else if (url.pathname === '/big.png') response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(9 * 1024 * 1024));
    else if (url.pathname === '/600k.png') response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(600 * 1024));
    else if (url.pathname === '/redirect') response.writeHead(302, { location: url.searchParams.get('to')! }).end();
    else if (url.pathname === '/secret') response.writeHead(200, { 'content-type': 'image/png' }).end(TINY_PNG);
    else response.writeHead(500).end('internal error on port 6379');
  });
  server.listen(0, address);
  await once(server, 'listening');
  host.url = `http://${address}:${(server.address() as AddressInfo).port}`;
  const connections = () => new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
  host.settled = async () => {
    for (const started = Date.now(); (await connections()) > 0; ) {
      if (Date.now() - started > 5_000) throw new Error(`${host.url} still has connections open 5 s after the test`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  host.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return host;
}

const vision = (maxMediaItems = 16) => createMockProvider({ id: 'eye', models: ['look'], visionModels: ['look'], maxMediaItems });
const images = (...urls: string[]) => [
  { role: 'user', content: [{ type: 'text', text: 'What are these?' }, ...urls.map((url) => ({ type: 'image_url', image_url: { url } }))] },
];

let publicHost: ImageHost;
let internalHost: ImageHost;
let server: TestGateway | undefined;
beforeAll(async () => {
  // 127.0.0.1 plays a host the operator allows; 127.0.0.2 the internal network nobody allowed.
  [publicHost, internalHost] = await Promise.all([startImageHost('127.0.0.1'), startImageHost('127.0.0.2')]);
});
afterAll(async () => {
  await Promise.all([publicHost.close(), internalHost.close()]);
});
beforeEach(async () => {
  await server?.close();
  server = undefined;
  await Promise.all([publicHost.settled(), internalHost.settled()]);
  publicHost.requests.length = internalHost.requests.length = 0;
  publicHost.mostAtOnce = internalHost.mostAtOnce = 0;
});
afterAll(() => server?.close());

async function gateway(limits: Record<string, unknown>, maxMediaItems?: number, options: Omit<GatewayOptions, 'registry'> = {}) {
  server = await startTestGateway({
    providers: [vision(maxMediaItems)],
    gateway: { allowRemoteImages: { allowAddresses: ['127.0.0.1'], ...limits }, ...options },
  });
  return server;
}

describe('downloading too much', () => {
  it('30 URLs of 9 MB for a model that takes one image: a 400 before anything is downloaded', async () => {
    const gw = await gateway({ maxImages: 64 }, 1);
    const watch = watchLiveness(gw.url);

    const response = await gw.chat({ model: 'look', messages: images(...Array.from({ length: 30 }, (_, index) => `${publicHost.url}/big.png?${index}`)) });
    const liveness = await watch.stop();

    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ code: 'unsupported_capability', message: expect.stringContaining('takes at most 1') });
    expect(publicHost.requests).toHaveLength(0);
    expect(liveness.slowestMs).toBeLessThan(STALL_MS);
  });

  it('500 URLs in one request: a 400 naming the limit, and not one download', async () => {
    const gw = await gateway({});

    const response = await gw.chat({ model: 'look', messages: images(...Array.from({ length: 500 }, (_, index) => `${publicHost.url}/cat.png?${index}`)) });

    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ code: 'too_many_images', message: expect.stringContaining('at most 8') });
    expect(publicHost.requests).toHaveLength(0);
  });

  it('images over the total byte limit together: a 400, and memory stays flat', async () => {
    const gw = await gateway({ maxTotalBytes: 1024 * 1024 });
    const watch = watchLiveness(gw.url);

    const response = await gw.chat({ model: 'look', messages: images(...Array.from({ length: 8 }, (_, index) => `${publicHost.url}/600k.png?${index}`)) });
    const liveness = await watch.stop();

    expect(response.status).toBe(400);
    expect((await json(response)).error.message).toContain('1048576 bytes together');
    expect(liveness.peakRssGrowth).toBeLessThan(100 * 1024 * 1024);
  });

  it('downloads at most maxConcurrentDownloads at once, across requests', async () => {
    const gw = await gateway({ maxConcurrentDownloads: 2 });

    const responses = await Promise.all(
      Array.from({ length: 3 }, (_, request) =>
        gw.chat({ model: 'look', messages: images(...Array.from({ length: 4 }, (_, index) => `${publicHost.url}/cat.png?${request}-${index}`)) }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(publicHost.requests).toHaveLength(12);
    expect(publicHost.mostAtOnce).toBeLessThanOrEqual(2);
  });
});

describe('downloading from where the gateway should not connect', () => {
  // The allow-list of each case: 127.0.0.1 plays a public host, except where the name itself is the test.
  it.each([
    ['a loopback address nobody allowed', () => `${internalHost.url}/secret`, ['127.0.0.1']],
    ['loopback by name (checked after DNS resolution)', () => `${internalHost.url.replace('127.0.0.2', 'localhost')}/secret`, []],
    ['an IPv4 address written as IPv6', () => `${internalHost.url.replace('127.0.0.2', '[::ffff:127.0.0.2]')}/secret`, ['127.0.0.1']],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/iam/security-credentials/', ['127.0.0.1']],
    ['a private address', () => 'http://10.0.0.1:6379/', ['127.0.0.1']],
    [
      'a redirect to a loopback address nobody allowed',
      () => `${publicHost.url}/redirect?to=${encodeURIComponent(`${internalHost.url}/secret`)}`,
      ['127.0.0.1'],
    ],
    [
      'a redirect to the cloud metadata address',
      () => `${publicHost.url}/redirect?to=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`,
      ['127.0.0.1'],
    ],
  ])('%s is refused without a connection, and the error names no address or port', async (_what, url, allowAddresses) => {
    const gw = await gateway({ allowAddresses });
    const target = url();

    const response = await gw.chat({ model: 'look', messages: images(target) });
    const { error } = await json(response);

    expect(response.status).toBe(400);
    expect(error).toMatchObject({ code: 'invalid_image_url', param: 'messages[0].content[1].image_url.url' });
    expect(error.message).toContain('does not resolve to a public address');
    expect(internalHost.requests).toHaveLength(0);
    const port = new URL(internalHost.url).port;
    expect(error.message).not.toMatch(new RegExp(`${port}|6379|127\\.0\\.0\\.2|169\\.254|10\\.0\\.0\\.1`));
  });

  it('follows a redirect to an allowed address, checking each hop', async () => {
    const gw = await gateway({});

    const response = await gw.chat({ model: 'look', messages: images(`${publicHost.url}/redirect?to=${encodeURIComponent(`${publicHost.url}/cat.png`)}`) });

    expect(response.status).toBe(200);
    expect(publicHost.requests).toEqual([expect.stringMatching(/^\/redirect/), '/cat.png']);
  });

  it("an allowed host's error answer does not show its status or what it said", async () => {
    const gw = await gateway({});

    const response = await gw.chat({ model: 'look', messages: images(`${publicHost.url}/missing`) });
    const { error } = await json(response);

    expect(error.message).toBe("Invalid 'messages[0].content[1].image_url.url': the image could not be downloaded.");
  });
});
