import type { ToolCall } from './tool.js';

/** Roles a conversation message can have. */
export type MessageRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

/** The roles, for validation and error messages. */
export const MESSAGE_ROLES: readonly MessageRole[] = ['system', 'developer', 'user', 'assistant', 'tool'];

/** A piece of text inside a message. */
export interface TextPart {
  type: 'text';
  text: string;
}

/**
 * An image inside a message, OpenAI-style, as a `data:image/...;base64,` URL: it counts as media
 * and is sent to providers that take images. Remote URLs are refused with a `MediaError` (images
 * are never downloaded on the caller's behalf: fetch them in the host).
 */
export interface ImageUrlPart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

export type ContentPart = TextPart | ImageUrlPart;

/** One message of a conversation. */
export interface Message {
  role: MessageRole;
  /** May be empty for an assistant message that only calls tools. */
  content: string | readonly ContentPart[];
  /** Optional author name (kept for providers that use it). */
  name?: string;
  /** On an assistant message: the tools it called. */
  toolCalls?: readonly ToolCall[];
  /** On a `tool` message: the id of the call it answers (one of an earlier assistant message's `toolCalls`). */
  toolCallId?: string;
}

/** What `generate` and `stream` accept: a conversation, or a plain string as one user message. */
export type Prompt = string | readonly Message[];
