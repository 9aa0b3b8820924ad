import type { FinishReason, Message, ProviderCallOptions, ProviderChunk, Usage } from '@switchboard/core/provider';
import type { MockFailure } from './mock-failure.js';

/** A tool call the mock answers with. */
export interface MockToolCall {
  /** @default `call_<n>`, numbered per answer */
  id?: string;
  name: string;
  /** The arguments, as JSON text or as an object (serialized). */
  arguments: string | Readonly<Record<string, unknown>>;
}

/**
 * One scripted answer. Parts go out in this order: `text` (or `chunks`), tool calls, then either
 * the failure (`fail`) or usage and finish.
 *
 * @example { text: 'Hello' }
 * @example { chunks: ['Once', ' upon'], fail: { kind: 'network' } } // a stream that breaks midway
 * @example { fail: { kind: 'rate-limit', retryAfterMs: 2_000 } }
 */
export interface MockAnswer {
  /** The answer's text, as one text part. */
  text?: string;
  /** The answer as parts, in order (strings are text): for streams. Takes precedence over `text`. */
  chunks?: readonly ProviderChunk[];
  toolCalls?: readonly MockToolCall[];
  usage?: Usage;
  /**
   * The finish part's reason; `null` sends no finish part.
   * @default 'tool-calls' when there are tool calls, else 'stop'
   */
  finishReason?: FinishReason | null;
  /**
   * Wait before the first part, on the mock's clock (give it the registry's fake clock), through
   * the call's signal: an abort or the registry's timeout ends the wait at once.
   * @default 0
   */
  delayMs?: number;
  /** Wait between two parts, like `delayMs`. @default 0 */
  chunkDelayMs?: number;
  /**
   * Fail after the parts above (before any when there are none): one of core's error classes,
   * built with this provider's id and the call's model, or any error to throw as is.
   */
  fail?: MockFailure | Error;
}

/** What the mock was asked: one entry per call, in order. */
export interface MockCall {
  model: string;
  messages: readonly Message[];
  options: ProviderCallOptions;
}

/**
 * An answer computed from the call (the prompt, the model, the options): a {@link MockAnswer}, or
 * the parts themselves, for what a script cannot say (an async generator that waits for the
 * call's signal, or yields and then throws).
 * @example async function* ({ options: { signal } }) { yield 'Half'; await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))); }
 */
export type MockAnswerFunction = (call: MockCall) => MockAnswer | AsyncIterable<ProviderChunk>;

/** A scripted answer, as is or computed per call. */
export type MockScript = MockAnswer | MockAnswerFunction;
