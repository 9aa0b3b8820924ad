import type { Message } from '@switchboard/core';
import { messageText } from '@switchboard/core/provider';

/** Longest text kept per message or answer, and most messages kept per prompt, with `captureContent`. */
export const CAPTURED_TEXT_LIMIT = 2_000;
const CAPTURED_MESSAGES = 20;

/** `text` cut to `limit` characters, with an ellipsis when cut. */
export function cutText(text: string, limit = CAPTURED_TEXT_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…`;
}

/**
 * A prompt as the dashboard keeps it when content is captured: the last messages, their text cut,
 * images and tool calls named but not copied (a request can carry megabytes of base64 images).
 */
export function capturePrompt(messages: readonly Message[]): { role: string; text: string }[] {
  return messages.slice(-CAPTURED_MESSAGES).map((message) => {
    let text = cutText(messageText(message));
    if (Array.isArray(message.content)) for (const part of message.content) if (part.type === 'image_url') text += ' [image]';
    for (const call of message.toolCalls ?? []) text += ` [tool call: ${cutText(call.name, 100)}]`;
    return { role: message.role, text };
  });
}
