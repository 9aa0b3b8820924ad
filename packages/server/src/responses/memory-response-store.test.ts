import { describe, expect, it } from '@jest/globals';
import { MemoryResponseStore } from './memory-response-store.js';

const conversation = (text: string) => ({ messages: [{ role: 'user' as const, content: text }] });

describe('MemoryResponseStore', () => {
  it('keeps an entry until it expires, then forgets it when read', () => {
    let now = 1_000;
    const store = new MemoryResponseStore({ maxEntries: 10, maxBytes: 10_000, ttlMs: 500, now: () => now });
    store.set('resp_a', conversation('hello'));

    now = 1_499;
    expect(store.get('resp_a')).toEqual(conversation('hello'));
    now = 1_500;
    expect(store.get('resp_a')).toBeUndefined();
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
  });

  it('evicts the oldest past maxEntries and past maxBytes, and refuses one entry larger than maxBytes', () => {
    const store = new MemoryResponseStore({ maxEntries: 2, maxBytes: 200, ttlMs: 60_000 });
    store.set('a', conversation('1'));
    store.set('b', conversation('2'));
    store.set('c', conversation('3'));
    expect([store.get('a'), store.get('b'), store.get('c')].map(Boolean)).toEqual([false, true, true]);

    store.set('d', conversation('x'.repeat(120)));
    expect([store.get('b'), store.get('c'), store.get('d')].map(Boolean)).toEqual([false, false, true]);
    expect(store.bytes).toBeLessThanOrEqual(200);

    expect(store.set('huge', conversation('x'.repeat(500)))).toBe(false);
    expect(store.get('huge')).toBeUndefined();
    expect(store.get('d')).toBeDefined();
  });

  it('drops expired entries as it makes room, whatever their number (each once)', () => {
    let now = 0;
    const store = new MemoryResponseStore({ maxEntries: 100_000, maxBytes: 1e9, ttlMs: 10, now: () => now });
    for (let index = 0; index < 50_000; index++) store.set(`r${index}`, conversation('hi'));
    now = 10;
    store.set('fresh', conversation('hi'));

    expect(store.size).toBe(1);
  });
});
