// The telemetry scenario's modes, apart from the scenario (which loads the SDK): the report names them too.

/** What the process has registered while a round runs. */
export type TelemetryMode = 'no-sdk' | 'noop-tracer' | 'sdk';

export const TELEMETRY_MODES: readonly { mode: TelemetryMode; label: string }[] = [
  { mode: 'no-sdk', label: 'no OpenTelemetry SDK registered' },
  { mode: 'noop-tracer', label: "the API's no-op tracer registered (spans made, never recorded)" },
  { mode: 'sdk', label: 'an SDK: tracer (in-memory exporter, simple processor), meter, W3C propagation' },
];
