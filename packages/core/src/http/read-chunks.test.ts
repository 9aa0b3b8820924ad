import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { readChunks } from './read-chunks.js';

const bytes = (text: string) => Buffer.from(text);

describe('readChunks', () => {
  it('gives the chunks of a Node stream in order', async () => {
    const read: string[] = [];
    for await (const chunk of readChunks(Readable.from([bytes('a'), bytes('b'), bytes('c')]))) read.push(Buffer.from(chunk).toString());
    expect(read).toEqual(['a', 'b', 'c']);
  });

  it('cancels a body left early while bytes are still to come (its connection closes)', async () => {
    const body = new Readable({ read() {} });
    body.push(bytes('first'));
    for await (const _ of readChunks(body)) break;
    expect(body.destroyed).toBe(true);
  });

  it('leaves a body whose end already arrived alone when the reader stops at its last chunk', async () => {
    const body = new Readable({ read() {} });
    const errors: unknown[] = [];
    body.on('error', (error) => errors.push(error));
    body.push(bytes('data: [DONE]\n\n'));
    body.push(null);
    for await (const _ of readChunks(body)) break;
    expect(body.destroyed).toBe(false);
    expect(errors).toEqual([]);
  });

  it('waits for chunks that arrive later, and ends with the body', async () => {
    const body = new Readable({ read() {} });
    setTimeout(() => body.push(bytes('late')), 10);
    setTimeout(() => body.push(null), 20);
    const read: string[] = [];
    for await (const chunk of readChunks(body)) read.push(Buffer.from(chunk).toString());
    expect(read).toEqual(['late']);
  });

  it("rejects with the body's error, and a body closed without its end as cut off", async () => {
    const failing = new Readable({ read() {} });
    setTimeout(() => failing.destroy(new Error('connection reset')), 10);
    const cut = new Readable({ read() {} });
    setTimeout(() => cut.destroy(), 10);
    const drain = async (body: Readable) => {
      for await (const _ of readChunks(body));
    };

    await expect(drain(failing)).rejects.toThrow('connection reset');
    await expect(drain(cut)).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('ends at once on a body that ended before its reading began, and fails on one that failed', async () => {
    const ended = Readable.from([bytes('all')]);
    ended.resume();
    await new Promise((resolve) => ended.once('end', resolve));
    const read: string[] = [];
    for await (const chunk of readChunks(ended)) read.push(Buffer.from(chunk).toString());
    expect(read).toEqual([]);

    const failed = new Readable({ read() {} });
    failed.on('error', () => {});
    failed.destroy(new Error('connection reset'));
    await new Promise((resolve) => failed.once('close', resolve));
    await expect(
      (async () => {
        for await (const _ of readChunks(failed));
      })(),
    ).rejects.toThrow('connection reset');
  });
});
