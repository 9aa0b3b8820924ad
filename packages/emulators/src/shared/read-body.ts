import type { IncomingMessage } from 'node:http';

/** Large enough for a long conversation with an image, small enough to refuse a runaway client. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * The whole request body, joined once at the end (one copy, whatever the number of chunks), or
 * undefined when it is larger than `maxBytes` (the rest is discarded). Rejects when the client goes
 * away mid-body.
 */
export function readBody(req: IncomingMessage, options: { maxBytes?: number } = {}): Promise<Buffer | undefined> {
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.once('end', () => {
      if (size > maxBytes) resolve(undefined);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
    req.once('error', reject);
    // A client that disconnects mid-body ends with 'close' and no 'end' on some Node versions.
    req.once('close', () => {
      if (!req.complete) reject(new Error('The client closed the connection before sending the whole body'));
    });
  });
}
