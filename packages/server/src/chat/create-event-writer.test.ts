import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createEventWriter, type EventWriter } from './create-event-writer.js';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** The pieces of a chunked body as they left the server (its chunk framing, read off a raw socket). */
async function chunksOfAnswer(answer: (writer: EventWriter) => void): Promise<string[]> {
  server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    answer(createEventWriter(response));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  // Kept alive, so the body is chunked: the chunks show how it was written.
  socket.write('GET / HTTP/1.1\r\nhost: test\r\n\r\n');
  let raw = '';
  for await (const data of socket) {
    raw += (data as Buffer).toString('latin1');
    if (raw.endsWith('\r\n0\r\n\r\n')) break;
  }
  socket.destroy();
  const chunks: string[] = [];
  let rest = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  for (;;) {
    const size = Number.parseInt(rest.slice(0, rest.indexOf('\r\n')), 16);
    if (!(size > 0)) break;
    const start = rest.indexOf('\r\n') + 2;
    chunks.push(rest.slice(start, start + size));
    rest = rest.slice(start + size + 2);
  }
  return chunks;
}

describe('createEventWriter', () => {
  it("sends the events of one turn as one chunk, and a later turn's as the next", async () => {
    const chunks = await chunksOfAnswer((writer) => {
      writer.write('data: 1\n\n');
      writer.write('data: 2\n\n');
      setTimeout(() => {
        writer.write('data: 3\n\n');
        writer.end('data: [DONE]\n\n');
      }, 10);
    });

    expect(chunks).toEqual(['data: 1\n\ndata: 2\n\n', 'data: 3\n\ndata: [DONE]\n\n']);
  });

  it('says when the client is not keeping up, once a write filled the socket', async () => {
    const seen: boolean[] = [];
    await chunksOfAnswer((writer) => {
      const big = `data: ${'x'.repeat(4 * 1024 * 1024)}\n\n`;
      seen.push(writer.write(big));
      setImmediate(() => {
        seen.push(writer.write('data: 2\n\n'));
        writer.end('');
      });
    });

    expect(seen).toEqual([true, false]);
  });
});
