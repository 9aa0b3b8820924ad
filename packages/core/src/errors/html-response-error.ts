import { ApiCallError, type ApiCallErrorOptions } from './api-call-error.js';

/**
 * The provider answered with an HTML page where JSON was expected: the hosting platform's
 * cold-start or "service unavailable" page, or a bot challenge (Cloudflare-style) page.
 */
export class HtmlResponseError extends ApiCallError {
  static override readonly errorName: string = 'HtmlResponseError';
  override readonly name: string = 'HtmlResponseError';
  override readonly code: string = 'html-page';

  /** True when the page looks like a bot challenge rather than an outage page. */
  readonly isChallenge: boolean;

  constructor(options: ApiCallErrorOptions & { isChallenge: boolean }) {
    super(options);
    this.isChallenge = options.isChallenge;
  }
}
