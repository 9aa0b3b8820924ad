import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { EventHub } from './event-hub.js';

const circuit = { provider: 'alpha', model: 'echo' };

/** An event hub whose log lines land in an array. */
function hubWithLog(level = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { hub: new EventHub({ logger: pino({ level }, sink) }), lines };
}

describe('EventHub', () => {
  it('delivers payloads to listeners, which on() returns a way to remove', () => {
    const { hub } = hubWithLog();
    const seen: unknown[] = [];
    const off = hub.on('circuit:open', (payload) => seen.push(payload));

    hub.emit('circuit:open', circuit);
    off();
    hub.emit('circuit:open', circuit);

    expect(seen).toEqual([circuit]);
  });

  it('once() delivers one payload', () => {
    const { hub } = hubWithLog();
    const seen: unknown[] = [];
    hub.once('circuit:close', (payload) => seen.push(payload));

    hub.emit('circuit:close', circuit);
    hub.emit('circuit:close', circuit);

    expect(seen).toEqual([circuit]);
  });

  it('has() says whether anyone listens, so hot paths can skip building payloads', () => {
    const { hub } = hubWithLog();
    const listener = () => {};
    expect(hub.has('retry')).toBe(false);

    hub.on('retry', listener);
    expect(hub.has('retry')).toBe(true);
    hub.off('retry', listener);
    expect(hub.has('retry')).toBe(false);
  });

  it('keeps calling the other listeners when one throws, and never throws to the emitter', () => {
    const { hub } = hubWithLog();
    const seen: string[] = [];
    hub.on('circuit:open', () => {
      throw new Error('listener bug');
    });
    hub.on('circuit:open', () => seen.push('second'));

    expect(() => hub.emit('circuit:open', circuit)).not.toThrow();
    expect(seen).toEqual(['second']);
  });

  it('logs what a listener throws at warn level, once per listener and event', async () => {
    const { hub, lines } = hubWithLog('warn');
    const failing = () => {
      throw new Error('listener bug');
    };
    hub.on('circuit:open', failing);
    hub.on('circuit:close', failing);
    hub.on('retry', async () => {
      throw new Error('async listener bug');
    });

    hub.emit('circuit:open', circuit);
    hub.emit('circuit:open', circuit);
    hub.emit('circuit:close', circuit);
    hub.emit('retry', { requestId: 'r', provider: 'alpha', model: 'echo', attempt: 1, delayMs: 0, errorKind: 'network' });
    await new Promise((resolve) => setImmediate(resolve));

    expect(lines.map((line) => [line['level'], line['event'], (line['err'] as { message: string }).message])).toEqual([
      [40, 'circuit:open', 'listener bug'],
      [40, 'circuit:close', 'listener bug'],
      [40, 'retry', 'async listener bug'],
    ]);
  });

  it('report() emits and writes the same fact to the debug log', () => {
    const { hub, lines } = hubWithLog('debug');
    const seen: unknown[] = [];
    hub.on('circuit:open', (payload) => seen.push(payload));

    hub.report('circuit:open', () => circuit, 'circuit open');

    expect(seen).toEqual([circuit]);
    expect(lines).toEqual([expect.objectContaining({ level: 20, event: 'circuit:open', provider: 'alpha', model: 'echo', msg: 'circuit open' })]);
  });

  it('report() builds nothing when nobody listens and debug is off', () => {
    const { hub, lines } = hubWithLog('info');
    let built = 0;

    hub.report('circuit:open', () => (built++, circuit), 'circuit open');

    expect(built).toBe(0);
    expect(lines).toEqual([]);
  });

  it('refuses a listener that is not a function', () => {
    const { hub } = hubWithLog();

    expect(() => hub.on('retry', 'log' as never)).toThrow(/listener must be a function/);
  });
});
