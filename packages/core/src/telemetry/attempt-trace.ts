import type { Attributes, Span } from '@opentelemetry/api';
import type { CallAnswer } from './call-observer.js';
import type { AttemptRecord } from '../errors/attempt-record.js';
import { conventionFinishReason, outputMessagesJson } from './content-capture.js';
import { errorType } from './error-type.js';
import { ATTR } from './genai-conventions.js';
import type { OtelApiModule } from './otel-api.js';
import type { AttemptContextValue } from './trace-context.js';

/**
 * The CLIENT span of one attempt (`chat gemini-2.0-flash`): opened when the attempt starts, given
 * its server by the transport, ended once the registry decided what follows a failure, or with
 * the answer once it is whole.
 */
export class AttemptTrace implements AttemptContextValue {
  readonly span: Span;
  /** When the attempt started, on the registry's clock. */
  readonly startedAt: number;
  readonly #api: OtelApiModule;
  #serverSet = false;
  #ended = false;
  /** Set once the attempt failed; the span stays open for the registry's decision. */
  failed = false;

  constructor(api: OtelApiModule, span: Span, startedAt: number) {
    this.#api = api;
    this.span = span;
    this.startedAt = startedAt;
  }

  get ended(): boolean {
    return this.#ended;
  }

  serverAt(origin: string): void {
    if (this.#serverSet) return;
    this.#serverSet = true;
    const url = new URL(origin);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    this.span.setAttributes({ [ATTR.serverAddress]: url.hostname.replace(/^\[(.*)\]$/, '$1'), [ATTR.serverPort]: port });
  }

  /** The attempt failed with `error`: the span says so, and waits for the decision. */
  fail(error: unknown): void {
    if (this.#ended || this.failed) return;
    this.failed = true;
    this.span.setAttribute(ATTR.errorType, errorType(error));
    this.span.setStatus({ code: this.#api.SpanStatusCode.ERROR, message: firstLine(error) });
  }

  /** What the registry did after the failure, then the end of the span. */
  decide(entry: AttemptRecord, retryDelayMs: number | undefined): void {
    if (this.#ended) return;
    const attributes: Attributes = {};
    if (entry.errorKind !== undefined) attributes[ATTR.errorKind] = entry.errorKind;
    if (entry.decision !== undefined) attributes[ATTR.decision] = entry.decision;
    if (entry.retryDeclined !== undefined) attributes[ATTR.retryDeclined] = entry.retryDeclined;
    if (retryDelayMs !== undefined) attributes[ATTR.retryDelay] = retryDelayMs / 1000;
    this.span.setAttributes(attributes);
    this.end();
  }

  /** The whole answer arrived: the response attributes (and the answer itself, with content capture), then the end. */
  succeed(answer: CallAnswer, { model, capture }: { model: string; capture: boolean }): void {
    if (this.#ended) return;
    const attributes: Attributes = {
      [ATTR.responseModel]: model,
      [ATTR.responseFinishReasons]: [conventionFinishReason(answer.finishReason)],
    };
    if (answer.usage?.promptTokens !== undefined) attributes[ATTR.usageInputTokens] = answer.usage.promptTokens;
    if (answer.usage?.completionTokens !== undefined) attributes[ATTR.usageOutputTokens] = answer.usage.completionTokens;
    if (capture) attributes[ATTR.outputMessages] = outputMessagesJson(answer);
    this.span.setAttributes(attributes);
    this.end();
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.span.end();
  }
}

/** An error's message, first line only (its stack and details are in the logs). */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const end = message.indexOf('\n');
  return end === -1 ? message : message.slice(0, end);
}
