import { describe, expect, it } from '@jest/globals';
import { RegistryEvents } from './registry-events.js';

const circuit = { provider: 'alpha', model: 'echo' };

describe('RegistryEvents', () => {
  it('delivers payloads to listeners, which on() returns a way to remove', () => {
    const events = new RegistryEvents();
    const seen: unknown[] = [];
    const off = events.on('circuit:open', (payload) => seen.push(payload));

    events.emit('circuit:open', circuit);
    off();
    events.emit('circuit:open', circuit);

    expect(seen).toEqual([circuit]);
  });

  it('once() delivers one payload', () => {
    const events = new RegistryEvents();
    const seen: unknown[] = [];
    events.once('circuit:close', (payload) => seen.push(payload));

    events.emit('circuit:close', circuit);
    events.emit('circuit:close', circuit);

    expect(seen).toEqual([circuit]);
  });

  it('has() says whether anyone listens, so hot paths can skip building payloads', () => {
    const events = new RegistryEvents();
    const listener = () => {};
    expect(events.has('retry')).toBe(false);

    events.on('retry', listener);
    expect(events.has('retry')).toBe(true);
    events.off('retry', listener);
    expect(events.has('retry')).toBe(false);
  });
});
