import { rankByHealth } from '../health/rank-by-health.js';
import { MediaError } from '../errors/media-error.js';
import { UnsupportedCapabilityError } from '../errors/unsupported-capability-error.js';
import { CAPABILITY_DESCRIPTIONS, capabilitiesOf, type Capability } from '../provider/model-capabilities.js';
import { CALL_SETTINGS, callSettingsOf, NO_CALL_SETTINGS, type CallSettings } from '../provider/call-settings.js';
import { withStructuredOutputInstruction } from '../tools/structured-output-prompt.js';
import type { AttemptRecord } from '../errors/attempt-record.js';
import type { Candidate } from '../orchestration/candidate.js';
import { orderCandidates } from '../orchestration/order-candidates.js';
import { foldSystemMessages } from '../provider/fold-system-messages.js';
import type { Message } from '../provider/message.js';
import type { WarningStreamPart } from '../provider/stream-part.js';
import type { CatalogEntry } from './model-catalog.js';
import type { PreparedCall } from './prepare-call.js';
import type { RegistryRuntime } from './registry-runtime.js';

/** Inputs of {@link buildCandidates}. */
export interface BuildCandidatesInput {
  modelId: string;
  entries: readonly CatalogEntry[];
  call: PreparedCall;
  runtime: Pick<RegistryRuntime, 'routing' | 'random' | 'loggerFor' | 'health' | 'providers'>;
}

/**
 * The providers that can take this call, in the order to try them, with messages and media
 * prepared for each; the others are recorded as skipped with the reason. Media a provider cannot
 * take is never dropped silently: the provider is skipped (and the call fails with a `MediaError`
 * when none is left), or, with `extraMedia: 'warn'`, the extra images are left out with a warning.
 */
export function buildCandidates(input: BuildCandidatesInput): { candidates: Candidate[]; skipped: AttemptRecord[] } {
  const { call, runtime } = input;
  const skipped: AttemptRecord[] = [];
  const candidates: Candidate[] = [];
  const imageCount = call.media.length;
  const skip = (entry: CatalogEntry, errorKind: AttemptRecord['errorKind'], message: string) =>
    skipped.push({ provider: entry.provider.id, model: entry.model, attempt: 0, outcome: 'skipped', durationMs: 0, errorKind, message });

  for (const entry of input.entries) {
    const { provider, model } = entry;
    if (!runtime.health.isWorking(provider)) {
      skip(entry, 'not-working', 'marked not working');
      continue;
    }
    const capabilities = capabilitiesOf(provider, model);
    const missing = call.tools.needs.find((capability) => !capabilities[capability]);
    if (missing) {
      skip(entry, 'capability', `model '${model}' does not declare ${CAPABILITY_DESCRIPTIONS[missing]}`);
      continue;
    }
    const warnings: WarningStreamPart[] = [];
    const settings = call.settings === NO_CALL_SETTINGS ? NO_CALL_SETTINGS : honoured(call.settings, entry, warnings);
    let media = call.media;
    let messages = call.messages;
    let structuredOutput: 'native' | 'prompt' | undefined;
    const format = call.tools.responseFormat;
    if (format && format.type !== 'text') {
      structuredOutput = capabilities.structuredOutput ? 'native' : 'prompt';
      if (structuredOutput === 'prompt') messages = withStructuredOutputInstruction(messages, format);
    }
    if (imageCount > 0) {
      if (!provider.visionModels.includes(model)) {
        skip(entry, 'capability', `model '${model}' does not accept images`);
        continue;
      }
      const max = provider.maxMediaItems ?? 1;
      if (imageCount > max) {
        if (call.extraMedia === 'error') {
          skip(entry, 'capability', `takes ${max} image${max === 1 ? '' : 's'} per request, got ${imageCount}`);
          continue;
        }
        media = call.media.slice(0, max);
        warnings.push({
          type: 'warning',
          code: 'media-truncated',
          message: `Provider '${provider.id}' takes ${max} image${max === 1 ? '' : 's'} per request: sent ${call.media
            .slice(0, max)
            .map((item) => item.origin)
            .join(', ')}, left out ${call.media
            .slice(max)
            .map((item) => item.origin)
            .join(', ')}.`,
        });
        // An image left out must not travel inside the messages either (providers that keep
        // conversations would send it there).
        messages = withoutImageParts(messages, new Set(call.media.slice(max).map((item) => item.origin)));
      }
    }
    if (!provider.supportsSystemMessage && provider.supportsMessageHistory) {
      const result = foldSystemMessages(messages);
      if (result.folded > 0) {
        messages = result.messages;
        warnings.push({
          type: 'warning',
          code: 'system-message-folded',
          message: `Provider '${provider.id}' has no system role: ${result.folded} system message(s) were moved into the first user message.`,
        });
      }
    }
    candidates.push({
      provider,
      model,
      messages,
      media,
      settings,
      warnings,
      logger: runtime.loggerFor(provider),
      ...(structuredOutput ? { structuredOutput } : {}),
    });
  }

  if (candidates.length === 0 && call.tools.needs.length > 0) {
    const capability = call.tools.needs.find((needed) => input.entries.every((entry) => !capabilitiesOf(entry.provider, entry.model)[needed]));
    if (capability) {
      throw new UnsupportedCapabilityError({
        capability,
        description: CAPABILITY_DESCRIPTIONS[capability],
        modelId: input.modelId,
        modelsWithCapability: modelsWith(capability, runtime.providers.values()),
        ...(capability === 'structuredOutput' ? { hint: "Or allow a prompt-and-validate fallback: structuredOutput: { fallback: 'prompt' }." } : {}),
      });
    }
  }

  if (candidates.length === 0 && imageCount > 0 && skipped.some((record) => record.errorKind === 'capability')) {
    throw new MediaError({
      index: -1,
      message:
        `No provider of model '${input.modelId}' can take ${imageCount} image${imageCount === 1 ? '' : 's'}: ` +
        skipped.map((record) => `${record.provider}/${record.model} ${record.message}`).join('; ') +
        (imageCount > 1 ? ". Send fewer images, or pass extraMedia: 'warn' to send what each provider takes." : '.'),
    });
  }

  const { routing } = runtime;
  const order = call.resilience.providers ?? routing.order?.[input.modelId];
  const ordered = orderCandidates(candidates, { order, shuffle: routing.shuffle ?? false, weights: routing.weights, random: runtime.random });
  // Health ranking applies over the configured order, but not over a per-call provider list.
  if (call.resilience.providers) return { candidates: ordered, skipped };
  return { candidates: rankByHealth(ordered, runtime.health, { byHealth: routing.byHealth === true }), skipped };
}

/**
 * The settings the candidate's model honours; each one it does not is left out, with an
 * `unsupported-setting` warning naming the setting and the provider (never silence).
 */
function honoured(settings: Readonly<CallSettings>, { provider, model }: CatalogEntry, warnings: WarningStreamPart[]): Readonly<CallSettings> {
  const declared = callSettingsOf(provider, model);
  const kept: Record<string, unknown> = {};
  for (const setting of CALL_SETTINGS) {
    if (settings[setting] === undefined) continue;
    if (declared.includes(setting)) kept[setting] = settings[setting];
    else
      warnings.push({
        type: 'warning',
        code: 'unsupported-setting',
        provider: provider.id,
        setting,
        message: `Provider '${provider.id}' (model '${model}') does not honour the call setting '${setting}'; the request was sent without it.`,
      });
  }
  return kept;
}

/** The messages without the image parts found at `origins` (`messages[i].content[j]`). */
function withoutImageParts(messages: readonly Message[], origins: ReadonlySet<string>): readonly Message[] {
  if (![...origins].some((origin) => origin.startsWith('messages['))) return messages;
  return messages.map((message, index) =>
    typeof message.content === 'string' || !message.content.some((_, part) => origins.has(`messages[${index}].content[${part}]`))
      ? message
      : { ...message, content: message.content.filter((_, part) => !origins.has(`messages[${index}].content[${part}]`)) },
  );
}

/** Public model names some configured provider serves with `capability`. */
function modelsWith(capability: Capability, providers: Iterable<import('../provider/provider.js').Provider>): string[] {
  const names = new Set<string>();
  for (const provider of providers) {
    if (provider.unconfigured) continue;
    for (const model of provider.models) if (capabilitiesOf(provider, model)[capability]) names.add(model);
  }
  return [...names].sort();
}
