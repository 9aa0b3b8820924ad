import { connectEmulator, type EmulatorControl } from './spawn-emulator.js';

/** What run-all hands a scenario process: the emulator it owns and whether this is a quick run. */
export interface BenchEnv {
  /** The emulator run-all started for this scenario (undefined for scenarios that need none). */
  emulator: EmulatorControl | undefined;
  /** `BENCH_QUICK=1`: fewer requests and rounds, to check the benchmark itself works. */
  quick: boolean;
}

export const EMULATOR_URL_VARIABLE = 'BENCH_EMULATOR_URL';

export function benchEnv(): BenchEnv {
  const url = process.env[EMULATOR_URL_VARIABLE];
  return { emulator: url ? connectEmulator(url) : undefined, quick: process.env['BENCH_QUICK'] === '1' };
}

/** The emulator, or an error saying the scenario must be started by run-all. */
export function requireEmulator(env: BenchEnv): EmulatorControl {
  if (!env.emulator) throw new Error(`this scenario needs an emulator: run it through run-all (or set ${EMULATOR_URL_VARIABLE})`);
  return env.emulator;
}

/** A full collection between measurements, so one client's garbage is not collected on another's time. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
