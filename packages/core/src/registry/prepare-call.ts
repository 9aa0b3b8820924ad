import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { loadMedia } from '../media/load-media.js';
import type { LoadedMedia } from '../media/media-input.js';
import { resolveResilienceOptions, type ResolvedResilienceOptions } from '../orchestration/resilience-options.js';
import type { Message, Prompt } from '../provider/message.js';
import { normalizePrompt } from '../provider/normalize-prompt.js';
import type { CallOptions, ExtraMediaPolicy } from './call-options.js';

/** A call checked and ready: nothing here can fail later because of the caller's input. */
export interface PreparedCall {
  messages: readonly Message[];
  media: readonly LoadedMedia[];
  signal: AbortSignal | undefined;
  proxy: string | undefined;
  providerOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  resilience: ResolvedResilienceOptions;
  extraMedia: ExtraMediaPolicy;
}

const KNOWN_OPTIONS = new Set(['signal', 'media', 'proxy', 'providerOptions', 'resilience', 'maxMediaBytes', 'extraMedia']);
const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Checks a call's prompt and options and loads its media, before any request is sent. Every
 * problem is an `InvalidArgumentError` or `MediaError` saying what was wrong and what is expected.
 */
export async function prepareCall(
  prompt: Prompt,
  options: CallOptions | undefined,
  defaults: { resilience: ResolvedResilienceOptions; maxMediaBytes: number; extraMedia: ExtraMediaPolicy },
): Promise<PreparedCall> {
  const { messages, inlineImages } = normalizePrompt(prompt);
  if (options === undefined) {
    return { messages, media: await loadInline(inlineImages, defaults.maxMediaBytes), signal: undefined, proxy: undefined, providerOptions: EMPTY, resilience: defaults.resilience, extraMedia: defaults.extraMedia };
  }
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ argument: 'options', message: `expected an options object, got ${options === null ? 'null' : typeof options}.` });
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new InvalidArgumentError({ argument: `options.${key}`, message: `unknown option; known options are ${[...KNOWN_OPTIONS].join(', ')}. Provider-specific settings go in options.providerOptions[providerId].` });
    }
  }
  const { signal, media = [], proxy, providerOptions = EMPTY, extraMedia = defaults.extraMedia, maxMediaBytes = defaults.maxMediaBytes } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new InvalidArgumentError({ argument: 'options.signal', message: 'expected an AbortSignal (from new AbortController().signal).' });
  }
  if (signal?.aborted) throw signal.reason;
  if (proxy !== undefined && (typeof proxy !== 'string' || !/^https?:\/\/[^\s]+$/i.test(proxy))) {
    throw new InvalidArgumentError({ argument: 'options.proxy', message: `expected an http(s) proxy URL such as 'http://user:pass@127.0.0.1:3128', got ${JSON.stringify(proxy)}.` });
  }
  if (proxy !== undefined) {
    try {
      new URL(proxy);
    } catch (cause) {
      throw new InvalidArgumentError({ argument: 'options.proxy', message: `'${proxy}' is not a valid URL.`, cause });
    }
  }
  if (typeof providerOptions !== 'object' || providerOptions === null || Array.isArray(providerOptions)) {
    throw new InvalidArgumentError({ argument: 'options.providerOptions', message: 'expected an object keyed by provider id.' });
  }
  if (extraMedia !== 'error' && extraMedia !== 'warn') {
    throw new InvalidArgumentError({ argument: 'options.extraMedia', message: `expected 'error' or 'warn', got ${JSON.stringify(extraMedia)}.` });
  }
  if (typeof maxMediaBytes !== 'number' || !Number.isInteger(maxMediaBytes) || maxMediaBytes < 1) {
    throw new InvalidArgumentError({ argument: 'options.maxMediaBytes', message: `expected a whole number of bytes >= 1, got ${JSON.stringify(maxMediaBytes)}.` });
  }
  if (!Array.isArray(media)) {
    throw new InvalidArgumentError({ argument: 'options.media', message: 'expected an array of media items (bytes, paths, data: URIs, or [source, fileName]).' });
  }
  const resilience = resolveResilienceOptions(defaults.resilience, options.resilience, 'options.resilience');
  const loaded = await Promise.all([
    ...media.map((item, index) => loadMedia(item, { maxBytes: maxMediaBytes, origin: `media[${index}]`, index })),
    ...inlineImages.map(({ url, origin }, index) => loadMedia(url, { maxBytes: maxMediaBytes, origin, index: media.length + index })),
  ]);
  return { messages, media: loaded, signal, proxy, providerOptions, resilience, extraMedia };
}

function loadInline(inlineImages: readonly { url: string; origin: string }[], maxBytes: number): Promise<LoadedMedia[]> | LoadedMedia[] {
  if (inlineImages.length === 0) return [];
  return Promise.all(inlineImages.map(({ url, origin }, index) => loadMedia(url, { maxBytes, origin, index })));
}
