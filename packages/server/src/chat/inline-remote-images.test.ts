import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { TINY_PNG } from '@switchboard/core/testing';
import { createMockProvider } from '@switchboard/testing';
import { startTestGateway, type TestGateway, json } from '../__fixtures__/start-test-gateway.js';

const dataUri = `data:image/png;base64,${Buffer.from(TINY_PNG).toString('base64')}`;
const withImage = (url: string) => [
  {
    role: 'user',
    content: [
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url } },
    ],
  },
];
const vision = () => createMockProvider({ id: 'eye', models: ['look'], visionModels: ['look'], maxMediaItems: 4 });

let server: TestGateway | undefined;
let images: http.Server | undefined;
afterEach(async () => {
  await server?.close();
  images?.closeAllConnections();
  await new Promise((resolve) => (images ? images.close(resolve) : resolve(undefined)));
  server = undefined;
  images = undefined;
});

/** A local image host: /cat.png is the tiny PNG, /big.png is larger than any limit below, /slow.png never answers. */
async function startImageHost(): Promise<string> {
  images = http.createServer((request, response) => {
    if (request.url === '/cat.png') response.writeHead(200, { 'content-type': 'image/png' }).end(TINY_PNG);
    else if (request.url === '/big.png') response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(64 * 1024));
    else if (request.url === '/slow.png') return;
    else response.writeHead(404).end();
  });
  images.listen(0, '127.0.0.1');
  await once(images, 'listening');
  return `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
}

describe('image_url parts', () => {
  it('pass a data URI on to the provider as an image', async () => {
    const provider = vision();
    server = await startTestGateway({ providers: [provider] });

    const response = await server.chat({ model: 'look', messages: withImage(dataUri) });

    expect(response.status).toBe(200);
    expect(provider.calls[0]?.options.media).toEqual([expect.objectContaining({ mediaType: 'image/png', data: TINY_PNG })]);
  });

  it('refuse a remote URL by default, naming the part, without fetching it', async () => {
    const host = await startImageHost();
    let fetched = 0;
    images!.on('request', () => fetched++);
    const provider = vision();
    server = await startTestGateway({ providers: [provider] });

    const response = await server.chat({ model: 'look', messages: withImage(`${host}/cat.png`) });

    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ code: 'remote_image_not_allowed', param: 'messages[0].content[1].image_url.url' });
    expect(fetched).toBe(0);
    expect(provider.calls).toHaveLength(0);
  });

  it('when allowed, fetch a remote URL and pass the image on as bytes', async () => {
    const host = await startImageHost();
    const provider = vision();
    // The image host is on loopback, which only an explicit allow-list opens.
    server = await startTestGateway({ providers: [provider], gateway: { allowRemoteImages: { allowAddresses: ['127.0.0.1'] } } });

    const response = await server.chat({ model: 'look', messages: withImage(`${host}/cat.png`) });

    expect(response.status).toBe(200);
    expect(provider.calls[0]?.options.media).toEqual([expect.objectContaining({ mediaType: 'image/png', data: TINY_PNG })]);
  });

  it('when allowed, keep to the size and time limits, and say which part failed', async () => {
    const host = await startImageHost();
    server = await startTestGateway({
      providers: [vision()],
      gateway: { allowRemoteImages: { maxBytes: 1024, timeoutMs: 200, allowAddresses: ['127.0.0.1'] } },
    });

    const big = await server.chat({ model: 'look', messages: withImage(`${host}/big.png`) });
    expect(big.status).toBe(400);
    expect((await json(big)).error).toMatchObject({
      code: 'invalid_image_url',
      param: 'messages[0].content[1].image_url.url',
      message: expect.stringContaining('limit of 1024 bytes'),
    });

    const slow = await server.chat({ model: 'look', messages: withImage(`${host}/slow.png`) });
    expect(slow.status).toBe(400);
    expect((await json(slow)).error.message).toContain('200 ms');

    // The image host's status stays in the gateway's log: it describes the network the gateway runs in.
    const missing = await server.chat({ model: 'look', messages: withImage(`${host}/nothing.png`) });
    expect((await json(missing)).error.message).toBe("Invalid 'messages[0].content[1].image_url.url': the image could not be downloaded.");

    const file = await server.chat({ model: 'look', messages: withImage('file:///etc/passwd') });
    expect((await json(file)).error.message).toContain('only http(s) URLs and data: URIs');
  });
});
