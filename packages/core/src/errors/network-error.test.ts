import { NetworkError } from './network-error.js';

describe('NetworkError', () => {
  it('is retryable, has no status, and carries the system error code and cause', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const error = new NetworkError({ message: 'unreachable', provider: 'dynaspark', model: 'm', url: 'http://127.0.0.1:9', systemCode: 'ECONNREFUSED', cause });

    expect(error).toMatchObject({ isRetryable: true, status: undefined, code: 'network', systemCode: 'ECONNREFUSED', url: 'http://127.0.0.1:9', cause });
  });

  it('has no system code when the failure had none', () => {
    expect(new NetworkError({ message: 'unreachable', provider: 'dynaspark', model: 'm' }).systemCode).toBeUndefined();
  });
});
