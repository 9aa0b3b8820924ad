import type { StructuredOutputError } from '../errors/structured-output-error.js';
import type { Message } from '../provider/message.js';
import type { ResponseFormat } from '../provider/response-format.js';

/**
 * The messages for a model without native structured output (the host's opt-in prompt fallback):
 * the format goes in a system message, which providers without a system role get folded into
 * the first user message.
 */
export function withStructuredOutputInstruction(messages: readonly Message[], format: Exclude<ResponseFormat, { type: 'text' }>): readonly Message[] {
  const instruction =
    format.type === 'json'
      ? 'Answer with one JSON value only: no prose before or after it, no code fence.'
      : `Answer with one JSON value only: no prose before or after it, no code fence. It must satisfy this JSON Schema:\n${JSON.stringify(format.schema)}`;
  return [{ role: 'system', content: instruction }, ...messages];
}

/** The follow-up asking the model to fix an answer that did not validate. */
export function repairRequest(messages: readonly Message[], error: StructuredOutputError): readonly Message[] {
  const problems = error.violations.map((violation) => `- ${violation.path || '(the answer)'} ${violation.message}`).join('\n');
  return [
    ...messages,
    { role: 'assistant', content: error.text },
    { role: 'user', content: `That answer is not valid:\n${problems}\nReply with the corrected JSON only.` },
  ];
}
