// Child process of the gateway scenario: the Switchboard gateway, with its defaults (metrics and
// the dashboard on; `ui-off` as the third argument turns the dashboard off), in front of the
// OpenAI-compatible upstream named on the command line. Prints its URL once listening.
import { createRegistry } from '@switchboard/core';
import { createOpenAICompatible } from '@switchboard/provider-openai-compatible';
import { closeOnSignals, createGateway } from '@switchboard/server';
import { BENCH_MODEL } from './openai-bench-request.js';

const [upstream = '', connections = '128', dashboard = 'ui-on'] = process.argv.slice(2);
const settings = { id: 'upstream', baseUrl: upstream, models: [BENCH_MODEL] };
// A pool as large as the burst, when the plugin lets one be set (its default is core's 128 sockets).
let poolSetting = `${connections} sockets`;
const provider = await createOpenAICompatible({ ...settings, connections: Number(connections) } as typeof settings).catch(() => {
  poolSetting = 'plugin default, no connections setting';
  return createOpenAICompatible(settings);
});
const registry = createRegistry({ providers: [provider], useRegistered: false });
const gateway = await createGateway({ registry, env: {}, ...(dashboard === 'ui-off' ? { ui: false } : {}) });
const url = await gateway.listen({ port: 0 });
closeOnSignals({
  close: async () => {
    await gateway.close();
    await registry.close();
  },
});
// The leak check asks for a full collection before it reads the RSS (when started with --expose-gc).
process.on('SIGUSR2', () => (globalThis as { gc?: () => void }).gc?.());
process.stdout.write(`switchboard gateway listening on ${url} (upstream pool: ${poolSetting})\n`);
