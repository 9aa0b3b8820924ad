// One scenario in its own process (forked by run-all): the result goes back over IPC.
import { benchEnv } from './bench-env.js';
import { isScenarioName, SCENARIOS } from './scenarios.js';

/** What a scenario process sends its parent. */
export type ScenarioMessage = { ok: true; result: unknown } | { ok: false; error: string };

const name = process.argv[2] ?? '';
let message: ScenarioMessage;
try {
  if (!isScenarioName(name)) throw new Error(`unknown scenario '${name}'; known: ${SCENARIOS.map((scenario) => scenario.name).join(', ')}`);
  const run = await SCENARIOS.find((scenario) => scenario.name === name)!.load();
  message = { ok: true, result: await run(benchEnv()) };
} catch (error) {
  message = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
if (process.send) {
  process.send(message, () => process.exit(message.ok ? 0 : 1));
} else {
  process.stdout.write(`${JSON.stringify(message, null, 2)}\n`);
  process.exit(message.ok ? 0 : 1);
}
