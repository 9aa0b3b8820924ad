/** A piece of the answer's text. */
export interface TextStreamPart {
  type: 'text';
  text: string;
  /**
   * The pieces `text` joins, in order, when the call asked for `textParts: 'per-read'` and a
   * provider took several upstream events together (they arrived in one read of the body, at the
   * same moment): each non-empty, as the upstream sent it. A writer that mirrors the upstream's
   * pieces (the gateway's event per piece) writes one per piece; anything else reads `text`.
   * Absent for a part of one piece, and always absent without `'per-read'`.
   */
  pieces?: readonly string[];
}

/**
 * How a stream hands over its text: `'per-piece'`, one text part per piece the upstream sent (an
 * SSE event's text, say); `'per-read'`, one text part per network read, whose `pieces` keeps the
 * upstream's pieces that arrived together in it (`text` is them joined).
 */
export type TextPartsMode = 'per-piece' | 'per-read';

/** Why the provider stopped. `tool-calls`: the model called tools and waits for their results. */
export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'other' | 'unknown';

/**
 * A piece of a tool call's arguments as it streams. All deltas of one call share its id; the
 * whole call follows as a `tool-call` part.
 */
export interface ToolCallDeltaStreamPart {
  type: 'tool-call-delta';
  toolCallId: string;
  toolName: string;
  argumentsDelta: string;
}

/** A whole tool call, once its arguments are complete. */
export interface ToolCallStreamPart {
  type: 'tool-call';
  toolCallId: string;
  toolName: string;
  /** The arguments as JSON text. */
  arguments: string;
}

export interface FinishStreamPart {
  type: 'finish';
  finishReason: FinishReason;
}

/** Token counts, when the provider reports them. */
export interface Usage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

export interface UsageStreamPart {
  type: 'usage';
  usage: Usage;
}

/** Which provider and provider-side model produced the answer (emitted by the registry). */
export interface ProviderInfoStreamPart {
  type: 'provider-info';
  provider: string;
  model: string;
}

/**
 * Something the caller should know that is not an error: a setting a provider could not honour
 * (`unsupported-setting`), media it could not take (`media-truncated`), a folded system message
 * (`system-message-folded`)…
 */
export interface WarningStreamPart {
  type: 'warning';
  /** Stable, for code: `unsupported-setting`, `media-truncated`, `system-message-folded`, or a provider's own. */
  code: string;
  message: string;
  /** The provider the warning is about, when it is about one. */
  provider?: string;
  /** For `unsupported-setting`: the standard call setting that was left out (`temperature`). */
  setting?: string;
}

/** What a provider's generator and `model.stream()` yield. */
export type StreamPart =
  | TextStreamPart
  | ToolCallDeltaStreamPart
  | ToolCallStreamPart
  | FinishStreamPart
  | UsageStreamPart
  | ProviderInfoStreamPart
  | WarningStreamPart;

/**
 * What the service said of its answer, for a provider that knows it: the answer's id
 * (`chatcmpl-123`) and the model that wrote it (`gpt-4o-2024-08-06`, often more exact than the
 * one asked for). Optional; yield it once, as soon as it is known. The registry reads it (the
 * attempt's `gen_ai.response.id` and `gen_ai.response.model` in traces) and passes it on to no
 * caller.
 */
export interface ResponseInfoStreamPart {
  type: 'response-info';
  id?: string;
  model?: string;
}

/** What a provider's generator may yield: parts, plain strings as a shorthand for text parts, and what it knows of the response. */
export type ProviderChunk = string | StreamPart | ResponseInfoStreamPart;
