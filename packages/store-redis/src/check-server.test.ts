import type { Redis } from 'ioredis';
import { rejection } from '@switchboard/core/testing';
import { checkServer } from './check-server.js';

/** A client whose `INFO server` answers `lines`, as the server would. */
const answering = (...lines: string[]) => ({ info: async () => `# Server\r\n${lines.join('\r\n')}\r\n` }) as unknown as Redis;

describe('checkServer', () => {
  it('names Redis by its version', async () => {
    expect(await checkServer(answering('redis_version:7.0.15', 'redis_mode:standalone'))).toBe('redis 7.0.15');
  });

  it("names Valkey by its own version, not the Redis version it reports matching (Valkey 8's INFO)", async () => {
    expect(await checkServer(answering('redis_version:7.2.4', 'server_name:valkey', 'valkey_version:8.0.1', 'redis_mode:standalone'))).toBe('valkey 8.0.1');
  });

  it('refuses a Redis older than 5.0, saying which it found', async () => {
    const error = await rejection(checkServer(answering('redis_version:4.0.14')));
    expect(error).toMatchObject({
      code: 'SWITCHBOARD_UNSUPPORTED',
      message: expect.stringContaining('it runs Redis 4.0.14; the store needs Redis 5.0 or later'),
    });
  });

  it('refuses a server whose INFO names no Redis version', async () => {
    expect(await rejection(checkServer(answering('server:something-else')))).toMatchObject({ code: 'SWITCHBOARD_NOT_REDIS' });
  });
});
