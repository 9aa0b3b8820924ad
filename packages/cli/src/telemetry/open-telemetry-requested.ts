/**
 * Whether the environment or `--otel` asks for OpenTelemetry (and `OTEL_SDK_DISABLED` does not
 * forbid it). Apart from `start-open-telemetry.ts`, which `serve` loads only when this says yes.
 */
export function openTelemetryRequested(env: Readonly<Record<string, string | undefined>>, flag: boolean): boolean {
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return false;
  return flag || Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim() || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim());
}
