import { SwitchboardError } from '@switchboard/core';

/** The `type` of an OpenAI error body: what kind of failure a client should see. */
export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'server_error';

/** What a gateway error carries besides its message. */
export interface GatewayErrorOptions {
  message: string;
  /** HTTP status of the answer. */
  status: number;
  type: OpenAIErrorType;
  /** Machine-readable reason (`missing_required_parameter`, `remote_image_not_allowed`…). */
  code: string;
  /** The request field at fault, in OpenAI's spelling (`messages[0].content[1].image_url.url`), when there is one. */
  param?: string | null;
  /** Extra response headers (`WWW-Authenticate`, `Retry-After`). */
  headers?: Readonly<Record<string, string>>;
  cause?: unknown;
}

/**
 * A request the gateway itself refuses or cannot serve (a bad body, a missing token, a remote
 * image, shutting down). Errors of the registry keep their own classes; both become an OpenAI
 * error body with the right status.
 */
export class GatewayError extends SwitchboardError {
  static override readonly errorName: string = 'GatewayError';
  override readonly name: string = 'GatewayError';

  readonly status: number;
  readonly type: OpenAIErrorType;
  /** The OpenAI error code the answer carries (`missing_required_parameter`, `remote_image_not_allowed`…): stable per reason. */
  override readonly code: string;
  readonly param: string | null;
  readonly headers: Readonly<Record<string, string>>;

  constructor(options: GatewayErrorOptions) {
    super({ message: options.message, cause: options.cause });
    this.status = options.status;
    this.type = options.type;
    this.code = options.code;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
  }
}
