/** `healthy` answers normally; `down` answers 503 on every emulated endpoint (and Dynaspark's /status). */
export type EmulatorMode = 'healthy' | 'down';

export const EMULATOR_MODES: readonly EmulatorMode[] = ['healthy', 'down'];
