import { randomUUID } from 'node:crypto';

/** A fresh `chatcmpl-…` id, the prefix OpenAI clients expect on completions and their chunks. */
export function completionId(): string {
  return `chatcmpl-${randomUUID()}`;
}
