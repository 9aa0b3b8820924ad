import * as v from 'valibot';
import { flag, strictOptions } from '../validation/option-schemas.js';
import { parseWithSchema } from '../validation/parse-with-schema.js';

/**
 * OpenTelemetry for a registry: `createRegistry({ telemetry: {...} })`, or `telemetry: false` to
 * turn it all off. Nothing to set up beyond registering an OpenTelemetry SDK in the host: the
 * registry then writes spans and metrics on the GenAI semantic conventions (see the core README's
 * "Observability"), and costs nothing while no SDK is registered.
 */
export interface TelemetryOptions {
  /** Write a span per call and a span per attempt when a tracer provider is registered. @default true */
  traces?: boolean;
  /** Record the GenAI metrics and Switchboard's own when a meter provider is registered. @default true */
  metrics?: boolean;
  /**
   * Put prompts and answers on the attempt spans (`gen_ai.input.messages`,
   * `gen_ai.output.messages`, in the conventions' JSON shape). They may hold personal data, so
   * never by default. Images are named by their type, never copied.
   * @default true when `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` is `true` (in the registry's `env`), else false
   */
  captureContent?: boolean;
}

/** The environment variable OpenTelemetry's GenAI instrumentations read for content capture. */
export const CAPTURE_CONTENT_VARIABLE = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';

export type ResolvedTelemetryOptions = Required<TelemetryOptions>;

const telemetrySchema = strictOptions({ traces: v.optional(flag()), metrics: v.optional(flag()), captureContent: v.optional(flag()) }, 'telemetry option');

/** Whether `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` asks for content (`true`, any case). */
export function captureContentFromEnv(env: Readonly<Record<string, string | undefined>>): boolean {
  return env[CAPTURE_CONTENT_VARIABLE]?.trim().toLowerCase() === 'true';
}

/** Checks `options.telemetry` and fills in the defaults (content capture from `env`). */
export function resolveTelemetryOptions(
  options: TelemetryOptions | false | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedTelemetryOptions {
  if (options === false) return { traces: false, metrics: false, captureContent: false };
  const parsed = options === undefined ? {} : (parseWithSchema(telemetrySchema, options, 'options.telemetry') as TelemetryOptions);
  return {
    traces: parsed.traces ?? true,
    metrics: parsed.metrics ?? true,
    captureContent: parsed.captureContent ?? captureContentFromEnv(env),
  };
}
