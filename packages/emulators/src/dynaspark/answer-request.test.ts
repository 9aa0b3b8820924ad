import { withFreshEmulator } from '../shared/__fixtures__/both-emulators.js';
import { postForm } from './__fixtures__/dynaspark-requests.js';
import { startDynasparkEmulator, type DynasparkEmulator } from './index.js';

describe('answerRequest: faults, directives and mode over HTTP', () => {
  let emulator: DynasparkEmulator;
  withFreshEmulator(startDynasparkEmulator, (started) => (emulator = started));

  describe('prompt directives', () => {
    it('#fault:<kind> applies that fault to the request', async () => {
      const res = await postForm(emulator, { user_input: 'please fail #fault:status-502', ai_model: 'gemini-1.5-flash' });

      expect(res.status).toBe(502);
      expect(res.headers.get('x-emulator-fault')).toBe('status-502');
      expect(emulator.stats).toMatchObject({ received: 1, answered: 0, faulted: 1 });
    });

    it('#empty answers an empty response', async () => {
      const res = await postForm(emulator, { user_input: 'say nothing #empty', ai_model: 'gemini-1.5-flash' });

      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ response: '' });
    });

    it('an unknown #fault: kind is a 400 naming the known kinds', async () => {
      const res = await postForm(emulator, { user_input: '#fault:meteor', ai_model: 'gemini-1.5-flash' });

      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: string };
      expect(error).toContain("Unknown fault directive '#fault:meteor'");
      expect(error).toContain('rate-limit');
    });

    it('works on the GET API too', async () => {
      const res = await fetch(`${emulator.url}/api/generate_response?user_input=${encodeURIComponent('x #fault:rate-limit')}`);

      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('1');
    });

    it('takes precedence over the configured rules, which do not count the request', async () => {
      emulator.setFaults([{ fault: 'status-500', times: 1 }]);

      const directed = await postForm(emulator, { user_input: '#fault:status-401', ai_model: 'gemini-1.5-flash' });
      const next = await postForm(emulator, { user_input: 'Hi', ai_model: 'gemini-1.5-flash' });

      expect(directed.status).toBe(401);
      expect(next.status).toBe(500);
    });
  });

  describe('fault rules', () => {
    const ask = (model = 'gemini-1.5-flash', target = emulator): Promise<Response> => postForm(target, { user_input: 'Hi', ai_model: model });
    /** The statuses of `count` requests in a row, to `emulator` or another one. */
    const statuses = async (count: number, target = emulator): Promise<number[]> => {
      const seen: number[] = [];
      for (let i = 0; i < count; i++) seen.push((await ask(undefined, target)).status);
      return seen;
    };

    it('times: applies to at most N requests, then the rule is spent', async () => {
      emulator.setFaults([{ fault: 'status-503', times: 2 }]);

      expect(await statuses(4)).toEqual([503, 503, 200, 200]);
    });

    it('every: applies to every Nth matching request', async () => {
      emulator.setFaults([{ fault: 'status-500', every: 3 }]);

      expect(await statuses(6)).toEqual([200, 200, 500, 200, 200, 500]);
    });

    it('model: applies only to requests for that model', async () => {
      emulator.setFaults([{ fault: 'status-500', model: 'gemini-2.0-flash' }]);

      expect((await ask('gemini-1.5-flash')).status).toBe(200);
      expect((await ask('gemini-2.0-flash')).status).toBe(500);
    });

    it('checks rules in order and applies the first that fires', async () => {
      emulator.setFaults([
        { fault: 'status-401', times: 1 },
        { fault: 'rate-limit', every: 2 },
      ]);

      expect(await statuses(5)).toEqual([401, 200, 429, 200, 429]);
    });

    it('probability: the seeded generator makes the sequence the same on every run', async () => {
      const second = await startDynasparkEmulator({ faults: [{ fault: 'status-500', probability: 0.5 }] });
      try {
        emulator.setFaults([{ fault: 'status-500', probability: 0.5 }]);
        const first = await statuses(20);
        const again = await statuses(20, second);

        expect(again).toEqual(first);
        expect(first.filter((status) => status === 500).length).toBeGreaterThan(3);
        expect(first.filter((status) => status === 200).length).toBeGreaterThan(3);
      } finally {
        await second.close();
      }
    });

    it('probability: a different seed gives a different sequence', async () => {
      const other = await startDynasparkEmulator({ seed: 42, faults: [{ fault: 'status-500', probability: 0.5 }] });
      try {
        emulator.setFaults([{ fault: 'status-500', probability: 0.5 }]);
        const first = await statuses(20);
        const fromOther = await statuses(20, other);

        expect(fromOther).not.toEqual(first);
      } finally {
        await other.close();
      }
    });

    it('setFaults refuses an unknown fault kind with the list of kinds', () => {
      expect(() => emulator.setFaults([{ fault: 'explode' as never }])).toThrow(
        /^Invalid faults\[0\]\.fault: unknown fault kind "explode";.* known: status-400/,
      );
    });

    it('startDynasparkEmulator refuses invalid options before listening', async () => {
      await expect(startDynasparkEmulator({ faults: [{ fault: 'reset', probability: 2 }] })).rejects.toThrow(
        'Invalid faults[0].probability: must be a number from 0 to 1, got 2',
      );
      await expect(startDynasparkEmulator({ latencyMs: -1 })).rejects.toThrow('Invalid latencyMs: must be a finite number >= 0, got -1');
    });
  });
});
