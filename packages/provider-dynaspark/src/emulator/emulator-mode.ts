/** `healthy` answers normally; `down` answers 503 on /status and on every chat request. */
export type EmulatorMode = 'healthy' | 'down';

export function isEmulatorMode(value: unknown): value is EmulatorMode {
  return value === 'healthy' || value === 'down';
}
