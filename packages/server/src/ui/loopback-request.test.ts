import { describe, expect, it } from '@jest/globals';
import type { FastifyRequest } from 'fastify';
import { isLoopbackRequest } from './loopback-request.js';

const request = (remoteAddress: string | undefined, host: string | undefined) =>
  ({ socket: { remoteAddress }, headers: { host } }) as unknown as FastifyRequest;

describe('isLoopbackRequest', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1:4000'],
    ['127.0.0.1', 'localhost'],
    ['127.8.9.10', 'LOCALHOST:4000'],
    ['::1', '[::1]:4000'],
    ['::ffff:127.0.0.1', 'localhost:4000'],
  ])('accepts a peer at %s asking for %s', (address, host) => {
    expect(isLoopbackRequest(request(address, host))).toBe(true);
  });

  it.each([
    ['192.0.2.7', '127.0.0.1:4000', 'a peer on another machine'],
    ['::ffff:192.0.2.7', 'localhost', 'an IPv4-mapped remote peer'],
    ['127.0.0.1', 'evil.example:4000', 'a loopback peer asking for another name (DNS rebinding, a local proxy)'],
    ['127.0.0.1', 'localhost.evil.example', 'a name that only starts like localhost'],
    ['127.0.0.1', undefined, 'no Host at all'],
    [undefined, 'localhost', 'a socket already gone'],
  ])('refuses a peer at %s asking for %s: %s', (address: string | undefined, host: string | undefined, _why: string) => {
    expect(isLoopbackRequest(request(address, host))).toBe(false);
  });
});
