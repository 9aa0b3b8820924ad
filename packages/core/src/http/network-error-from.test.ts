import { NetworkError } from '../errors/network-error.js';
import { networkErrorFrom } from './network-error-from.js';

const where = { provider: 'dynaspark', model: 'gemini-2.0-flash', url: 'http://127.0.0.1:9/generate_response' };

describe('networkErrorFrom', () => {
  it('makes a retryable NetworkError with the system error code', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const error = networkErrorFrom(cause, where);

    expect(NetworkError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ ...where, code: 'network', systemCode: 'ECONNREFUSED', isRetryable: true, status: undefined, cause });
    expect(error.message).toBe("Provider 'dynaspark' (model 'gemini-2.0-flash') could not be reached at http://127.0.0.1:9/generate_response: ECONNREFUSED.");
  });

  it('names a request about no model (a model list) by its URL alone', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });

    expect(networkErrorFrom(cause, { provider: 'local', model: '', url: 'http://127.0.0.1:9/v1/models' }).message).toBe(
      "Provider 'local' could not be reached at http://127.0.0.1:9/v1/models: ECONNREFUSED.",
    );
  });

  it('finds the code in the cause chain, as fetch wraps it', () => {
    const wrapped = new TypeError('fetch failed', {
      cause: new Error('other side closed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }),
    });

    expect(networkErrorFrom(wrapped, where).systemCode).toBe('ECONNRESET');
  });

  it('uses the message when there is no code', () => {
    const error = networkErrorFrom(new Error('socket hang up'), where);

    expect(error.systemCode).toBeUndefined();
    expect(error.message).toContain(': socket hang up.');
  });

  it('describes a thrown value that is not an Error', () => {
    expect(networkErrorFrom('boom', where).message).toContain(': boom.');
  });

  it('ignores a code that is not a string', () => {
    expect(networkErrorFrom(Object.assign(new Error('odd'), { code: 42 }), where).systemCode).toBeUndefined();
  });
});
