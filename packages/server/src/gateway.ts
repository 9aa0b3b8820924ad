/** Where `gateway.listen()` binds. */
export interface ListenOptions {
  /**
   * Interface to listen on. Loopback by default, so nothing outside this machine reaches the
   * gateway until asked; `'0.0.0.0'` listens on every interface (set `apiKey` then).
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * TCP port; 0 picks a free one (read it from the resolved URL).
   * @default 4000
   */
  port?: number;
}

/** A running (or ready to run) gateway, from `createGateway`. */
export interface Gateway {
  /** Starts listening; resolves with the base URL, such as `http://127.0.0.1:4000` (clients add `/v1`). */
  listen(options?: ListenOptions): Promise<string>;
  /** The base URL once listening, else undefined. */
  readonly url: string | undefined;
  /**
   * Stops accepting connections, lets requests in flight finish, aborts those still running past
   * most of `shutdownTimeoutMs`, and resolves once every connection is closed (within
   * `shutdownTimeoutMs`). Idempotent. The registry stays open: its owner closes it.
   */
  close(): Promise<void>;
}
