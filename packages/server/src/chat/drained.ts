import type { ServerResponse } from 'node:http';

/** Resolves when the response can take more data, or when its connection closed (then writing stops anyway). */
export function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
