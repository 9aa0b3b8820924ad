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
});
