import type { AttemptRecord, Message, Usage } from '@switchboard/core';
import { capturePrompt, cutText } from './capture-prompt.js';
import type { RequestRoute } from './dashboard-data.js';
import { RecentRequests } from './recent-requests.js';
import { TrafficRecorder } from './traffic-recorder.js';

/** What a route read from its request, as far as it got (undefined: refused before its body was read). */
export interface RecordedRequest {
  model: string;
  stream: boolean;
  messages: readonly Message[];
}

/** How a request ended, as far as the dashboard shows it (a route's own outcome, such as the chat route's, has these fields). */
export interface RecordedOutcome {
  status: number;
  /** The answering provider ('' when none answered). */
  provider: string;
  /** The provider-side model that answered. */
  model?: string | undefined;
  attempts?: readonly AttemptRecord[] | undefined;
  usage?: Usage | undefined;
  /** Streams: from the call's start to its first chunk, ms (the registry's measurement: `ModelStream.firstChunkMs`). */
  firstChunkMs?: number | undefined;
  /** The answer's text; kept only with `captureContent`. */
  text?: string | undefined;
  error?: { code: string | null; message: string } | undefined;
}

const NO_ATTEMPTS: readonly [] = Object.freeze([]);
const MODEL_NAME_LIMIT = 200;
const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * What the dashboard shows of the traffic, fed by the routes once per request when the dashboard
 * is on: the traffic buckets (O(1)) and the ring of recent requests (one object per request, which
 * keeps references to what the call already made). Prompt and answer text are copied, cut, only
 * with `captureContent`.
 */
export class DashboardRecorder {
  readonly traffic: TrafficRecorder;
  readonly requests: RecentRequests;
  readonly captureContent: boolean;

  constructor({ recentRequests, captureContent }: { recentRequests: number; captureContent: boolean }) {
    this.traffic = new TrafficRecorder();
    this.requests = new RecentRequests(recentRequests);
    this.captureContent = captureContent;
  }

  /**
   * One request ended; `latencyMs` is undefined for requests refused before they were read, and
   * `key` is the name of the client key it came with (none for the gateway's `apiKey`).
   */
  record(route: RequestRoute, request: RecordedRequest | undefined, outcome: RecordedOutcome, latencyMs: number | undefined, key?: string): void {
    const now = Date.now();
    const { usage } = outcome;
    const inputTokens = usage?.promptTokens;
    const outputTokens = usage?.completionTokens;
    const tokens = usage === undefined ? 0 : (usage.totalTokens ?? (inputTokens ?? 0) + (outputTokens ?? 0));
    this.traffic.record(now, outcome.provider, outcome.status, latencyMs, outcome.firstChunkMs, tokens, outcome.attempts);
    const model = request?.model ?? '';
    const capture = this.captureContent;
    // Every field named once, in one order: one object shape for all entries.
    this.requests.add({
      seq: 0,
      at: latencyMs === undefined ? now : Math.round(now - latencyMs),
      route,
      key,
      model: model.length > MODEL_NAME_LIMIT ? cutText(model, MODEL_NAME_LIMIT) : model,
      stream: request?.stream === true,
      status: outcome.status,
      provider: outcome.provider === '' ? undefined : outcome.provider,
      providerModel: outcome.provider === '' ? undefined : outcome.model,
      latencyMs: latencyMs === undefined ? undefined : round(latencyMs),
      firstChunkMs: outcome.firstChunkMs === undefined ? undefined : round(outcome.firstChunkMs),
      inputTokens,
      outputTokens,
      attempts: outcome.attempts ?? NO_ATTEMPTS,
      error: outcome.error ? { code: outcome.error.code ?? 'error', message: cutText(outcome.error.message, 500) } : undefined,
      prompt: capture && request ? capturePrompt(request.messages) : undefined,
      answer: capture && outcome.text !== undefined ? cutText(outcome.text) : undefined,
    });
  }
}
