import { randomUUID } from 'node:crypto';
import { createMemoryStore } from '@switchboard/core';
import { describeStoreConformance } from '@switchboard/testing/conformance';
import { createRedisStore } from '../src/index.js';
import { canStartRedisServer, startRedisServer, type RedisServer } from '../src/testing/index.js';

// The same rules, the same answers: the in-memory store (the default) and the Redis store.
describeStoreConformance({ name: 'In-memory', create: () => createMemoryStore() });

if (canStartRedisServer()) {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis?.stop());
  describeStoreConformance({ name: 'Redis', create: () => createRedisStore({ url: redis.url, prefix: `conformance:${randomUUID()}:` }) });
}
