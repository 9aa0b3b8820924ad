import { describe, expect, it } from '@jest/globals';
import { StoreConnectionError } from '@switchboard/core';
import { rejection } from '@switchboard/core/testing';
import { MemoryResponseStore } from './memory-response-store.js';
import { type SharedDocuments, SharedResponseStore } from './shared-response-store.js';

const conversation = (text: string) => ({ messages: [{ role: 'user' as const, content: text }] });
const away = () =>
  new StoreConnectionError({ store: 'redis', location: 'redis://10.0.0.5:6379', problem: 'unreachable', message: 'Cannot read a shared document' });

/** Documents in a Map, as every replica of a fleet would see them; `down` makes every call fail as an unreachable store does. */
function sharedDocuments() {
  const documents = new Map<string, { value: string; ttlMs: number }>();
  const state = { down: false };
  const shared: SharedDocuments = {
    getDocument: async (key) => {
      if (state.down) throw away();
      return documents.get(key)?.value;
    },
    setDocument: async (key, value, { ttlMs }) => {
      if (state.down) throw away();
      documents.set(key, { value, ttlMs });
    },
  };
  return { shared, documents, state };
}

const warnings: string[] = [];
const logger = { warn: (_fields: unknown, message: string) => warnings.push(message) } as unknown as ConstructorParameters<
  typeof SharedResponseStore
>[0]['logger'];
const replica = (shared: SharedDocuments, maxBytes = 10_000) =>
  new SharedResponseStore({ shared, local: new MemoryResponseStore({ maxEntries: 10, maxBytes, ttlMs: 60_000 }), ttlMs: 60_000, logger });

describe('SharedResponseStore', () => {
  it('keeps an entry where every replica reads it, with the expiry of the local store', async () => {
    const { shared, documents } = sharedDocuments();
    const [a, b] = [replica(shared), replica(shared)];

    expect(await a.set('resp_1', conversation('hello'))).toBe(true);

    expect(await b.get('resp_1')).toEqual(conversation('hello'));
    expect(documents.get('response:resp_1')).toEqual({ value: JSON.stringify(conversation('hello')), ttlMs: 60_000 });
    expect(await b.get('resp_2')).toBeUndefined();
  });

  it("reads what this replica made from its memory while the shared store is away, and says the store is away for another's", async () => {
    const { shared, state } = sharedDocuments();
    const [a, b] = [replica(shared), replica(shared)];
    await a.set('resp_1', conversation('hello'));
    state.down = true;

    expect(await a.get('resp_1')).toEqual(conversation('hello'));
    expect(StoreConnectionError.isInstance(await rejection(b.get('resp_1')))).toBe(true);
    // Not kept where others read it: the caller hears of it (the route logs it), it is not silently local.
    expect(StoreConnectionError.isInstance(await rejection(a.set('resp_2', conversation('again'))))).toBe(true);
  });

  it('keeps nowhere an entry larger than a replica keeps', async () => {
    const { shared, documents } = sharedDocuments();

    expect(await replica(shared, 100).set('resp_big', conversation('x'.repeat(200)))).toBe(false);
    expect(documents.size).toBe(0);
  });

  it('answers an unreadable document as not found, with a warning', async () => {
    const { shared, documents } = sharedDocuments();
    documents.set('response:resp_odd', { value: '{"something":"else"}', ttlMs: 1 });
    documents.set('response:resp_cut', { value: '{"messages":[', ttlMs: 1 });

    expect(await replica(shared).get('resp_odd')).toBeUndefined();
    expect(await replica(shared).get('resp_cut')).toBeUndefined();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^stored response unreadable in the shared store/);
  });
});
