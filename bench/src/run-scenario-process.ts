import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EMULATOR_URL_VARIABLE } from './bench-env.js';
import { killOnExit } from './child-processes.js';
import type { ScenarioMessage } from './run-scenario.js';
import type { ScenarioSpec } from './scenarios.js';

const RUN_SCENARIO = join(dirname(fileURLToPath(import.meta.url)), 'run-scenario.js');

/** Options of {@link runScenarioProcess}. */
export interface RunScenarioProcessOptions {
  /** The emulator the scenario drives, if it needs one. */
  emulatorUrl?: string | undefined;
  /** Extra node flags (the experiment adds `--import` to load a copy of core). */
  execArgv?: readonly string[];
  /** Extra environment variables. */
  env?: Readonly<Record<string, string>>;
}

/** Forks `run-scenario.js NAME` with `--expose-gc` and resolves with the result it sends back. */
export function runScenarioProcess(scenario: ScenarioSpec, options: RunScenarioProcessOptions = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = fork(RUN_SCENARIO, [scenario.name], {
      execArgv: ['--expose-gc', ...(options.execArgv ?? [])],
      env: { ...process.env, ...options.env, ...(options.emulatorUrl ? { [EMULATOR_URL_VARIABLE]: options.emulatorUrl } : {}) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    killOnExit(child);
    let message: ScenarioMessage | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out after ${scenario.timeoutMs / 1000} s`));
    }, scenario.timeoutMs);
    child.on('message', (received) => (message = received as ScenarioMessage));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (message?.ok) resolve(message.result);
      else reject(new Error(message ? message.error : `the scenario process exited with ${signal ?? `code ${code}`} before reporting`));
    });
  });
}
