import { HtmlResponseError } from './html-response-error.js';

const base = { message: 'an HTML page', provider: 'dynaspark', model: 'm', status: 503 };

describe('HtmlResponseError', () => {
  it('tells an outage page, which may go away, from a bot challenge, which will not', () => {
    const outage = new HtmlResponseError({ ...base, isRetryable: true, isChallenge: false });
    const challenge = new HtmlResponseError({ ...base, status: 403, isRetryable: false, isChallenge: true });

    expect(outage).toMatchObject({ isChallenge: false, isRetryable: true, status: 503 });
    expect(challenge).toMatchObject({ isChallenge: true, isRetryable: false, status: 403 });
  });
});
