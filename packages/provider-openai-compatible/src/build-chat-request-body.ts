import { InvalidArgumentError, type Message, type ProviderCallOptions } from '@switchboard/core';
import { toOpenAIMessages } from './to-openai-messages.js';

/** Options for {@link buildChatRequestBody}. */
export interface BuildChatRequestBodyOptions {
  model: string;
  messages: readonly Message[];
  media: ProviderCallOptions['media'];
  /** The call's provider options (`temperature`, `max_tokens`…). */
  extra: Readonly<Record<string, unknown>>;
  stream: boolean;
  /** Prefix of the extra options in errors (`providerOptions.openai-compatible`). */
  source: string;
}

type Check = (value: unknown) => string | undefined;

const number =
  (min: number, max: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? undefined : `a number from ${min} to ${max}`;
const positiveInteger: Check = (value) => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? undefined : 'a positive integer');
const integer: Check = (value) => (typeof value === 'number' && Number.isSafeInteger(value) ? undefined : 'an integer');
const string: Check = (value) => (typeof value === 'string' ? undefined : 'a string');
const object: Check = (value) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : 'an object');
const stop: Check = (value) =>
  typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string')) ? undefined : 'a string or an array of strings';
const logitBias: Check = (value) =>
  object(value) === undefined && Object.values(value as object).every((bias) => typeof bias === 'number' && bias >= -100 && bias <= 100)
    ? undefined
    : 'an object of token ids to numbers from -100 to 100';

/** OpenAI request fields whose types are checked before sending (a 400 after a round trip is a worse error). */
const CHECKS: Readonly<Record<string, Check>> = {
  temperature: number(0, 2),
  top_p: number(0, 1),
  max_tokens: positiveInteger,
  max_completion_tokens: positiveInteger,
  presence_penalty: number(-2, 2),
  frequency_penalty: number(-2, 2),
  seed: integer,
  stop,
  user: string,
  response_format: object,
  logit_bias: logitBias,
};

/** Fields the provider sets itself. `n` is fixed at 1 because only the first choice is read. */
const RESERVED = new Set(['model', 'messages', 'stream', 'stream_options', 'n']);

/**
 * The JSON body of `POST /chat/completions`. Known OpenAI fields in `extra` are type-checked;
 * other fields are passed through untouched, because local servers take their own sampling
 * options (`top_k`, `min_p`, `repeat_penalty`…). A camelCase spelling of a known field
 * (`maxTokens`) is refused rather than passed on to be silently ignored by the server.
 */
export function buildChatRequestBody({ model, messages, media, extra, stream, source }: BuildChatRequestBodyOptions): string {
  const body: Record<string, unknown> = { model, messages: toOpenAIMessages(messages, media) };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) continue;
    const argument = `${source}.${key}`;
    if (RESERVED.has(key)) {
      throw new InvalidArgumentError({ argument, message: `'${key}' is set by the provider and cannot be overridden per call.` });
    }
    const check = CHECKS[key];
    if (check) {
      const expected = check(value);
      if (expected) throw new InvalidArgumentError({ argument, message: `expected ${expected}, got ${JSON.stringify(value)}.` });
    } else {
      const snake = key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
      if (snake !== key && (CHECKS[snake] || RESERVED.has(snake))) {
        throw new InvalidArgumentError({ argument, message: `unknown option; OpenAI-compatible servers spell it '${snake}'.` });
      }
    }
    body[key] = value;
  }
  if (stream) {
    body.stream = true;
    // Without it, OpenAI-style servers send no usage at all in stream mode.
    body.stream_options = { include_usage: true };
  } else {
    body.stream = false;
  }
  return JSON.stringify(body);
}
