// @switchboard/core/shared: helpers Switchboard's own tools share (the CLI, the gateway, the
// emulators), which are neither a host app's API nor the plugin contract. Not for plugins (they
// use `@switchboard/core/provider`) or hosts (`@switchboard/core`).

/** The closest valid names to a wrong one, for "did you mean" in every "not found" message. */
export { closestNames } from '../validation/closest-names.js';
export type { ClosestNamesOptions } from '../validation/closest-names.js';
/** A value as an error message shows it (`NaN`, a quoted string, `an object`), never its contents. */
export { describeValue } from '../validation/describe-value.js';
/** The standard call settings under OpenAI's chat-completion field names (the gateway reads them so). */
export { OPENAI_SETTING_FIELDS } from '../provider/openai-setting-fields.js';
export type { OpenAISettingField } from '../provider/openai-setting-fields.js';
/** An image's type from its magic bytes. */
export { sniffImageType } from '../media/sniff-image-type.js';
export type { ImageMediaType } from '../provider/media-input.js';
/** The SERVER span of a request a gateway received (OpenTelemetry's HTTP conventions), continuing the client's `traceparent`. */
export { startServerSpan } from '../telemetry/server-span.js';
export type { IncomingRequest, ServerSpan } from '../telemetry/server-span.js';
/** Whether `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` asks for prompts and answers to be kept. */
export { captureContentFromEnv } from '../telemetry/telemetry-options.js';
