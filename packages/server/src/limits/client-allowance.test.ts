import { describe, expect, it } from '@jest/globals';
import { GatewayError } from '../errors/gateway-error.js';
import { ClientAllowance } from './client-allowance.js';

const never = new AbortController().signal;

describe('ClientAllowance', () => {
  it('lets each client have its share in flight at once, whatever the others do', () => {
    const allowance = new ClientAllowance(2);
    expect(allowance.acquire('a', never)).toBeUndefined();
    expect(allowance.acquire('a', never)).toBeUndefined();
    expect(allowance.acquire('b', never)).toBeUndefined();
    expect(allowance.acquire('a', never)).toBeInstanceOf(Promise);
  });

  it("makes a client's further requests wait for its own slots, in order", async () => {
    const allowance = new ClientAllowance(1);
    allowance.acquire('a', never);
    const order: string[] = [];
    const second = allowance.acquire('a', never)!.then(() => order.push('second'));
    const third = allowance.acquire('a', never)!.then(() => order.push('third'));

    allowance.release('a');
    await second;
    allowance.release('a');
    await third;

    expect(order).toEqual(['second', 'third']);
  });

  it('drops a waiting request whose client left, with its signal reason', async () => {
    const allowance = new ClientAllowance(1);
    allowance.acquire('a', never);
    const controller = new AbortController();
    const waiting = allowance.acquire('a', controller.signal)!;

    controller.abort(new Error('client left'));

    await expect(waiting).rejects.toThrow('client left');
    allowance.release('a');
    // The slot went back, not to the request that left.
    expect(allowance.acquire('a', never)).toBeUndefined();
  });

  it('refuses with a 429 once sixteen times its share are waiting', () => {
    const allowance = new ClientAllowance(1);
    allowance.acquire('a', never);
    for (let index = 0; index < 16; index++) allowance.acquire('a', never);
    let error: unknown;
    try {
      allowance.acquire('a', never);
    } catch (thrown) {
      error = thrown;
    }
    expect(GatewayError.isInstance(error) && error.status === 429 && error.code === 'too_many_concurrent_requests').toBe(true);
  });
});
