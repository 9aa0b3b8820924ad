import type { Provider } from '@switchboard/core/provider';
import type { ReceivedRequest, WireAnswer } from './wire-answer.js';

/** Faults the suite asks a plugin's emulator for; each is one of the emulators' common kinds. */
export type ConformanceFault = 'status-500' | 'rate-limit' | 'malformed-json' | 'empty';

/** A running emulator of the plugin's service, as the suite drives it. */
export interface ConformanceEmulator {
  /** What the provider's base URL takes to reach it. */
  readonly url: string;
  /** Makes the next request get this fault (`rate-limit`: a 429 with a `Retry-After`). */
  injectFault(fault: ConformanceFault): void | Promise<void>;
  close(): Promise<void>;
}

/** Options of `describeProviderConformance`. */
export interface ProviderConformanceOptions {
  /** Shown in the test names. @example 'Dynaspark' */
  name: string;
  /**
   * Makes the provider under test, talking to `baseUrl`: the suite's own HTTP server, or the
   * emulator. Called once per server, outside dependency injection.
   * @example ({ baseUrl }) => createAcme({ baseUrl, apiKey: 'test' })
   */
  create: (target: { baseUrl: string }) => Provider | Promise<Provider>;
  /**
   * The service's well-formed answer carrying `text` (`''` for an empty answer), for the suite's own
   * server. Required without an emulator; `request` tells a streamed request from a whole one.
   * @example (text) => ({ body: JSON.stringify({ output: text }) })
   */
  answer?: (text: string, request: ReceivedRequest) => WireAnswer;
  /**
   * Starts the plugin's emulator, where it ships one: the suite makes a round trip against it and
   * checks the errors of its faults too.
   * @example async () => { const e = await startAcmeEmulator(); return { url: e.url, injectFault: (fault) => e.setFaults([{ fault, times: 1 }]), close: () => e.close() }; }
   */
  emulator?: () => Promise<ConformanceEmulator>;
  /** The model the calls use. @default the provider's default model */
  model?: string;
  /** What "promptly" means for an abort, in ms. @default 2000 */
  promptlyMs?: number;
}
