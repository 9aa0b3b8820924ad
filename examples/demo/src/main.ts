// A host app, as a user would write one: import core and the plugins, create a registry, and use
// models by name. Both upstream services are the bundled emulators on loopback: no network needed.
import { AllProvidersFailedError, createRegistry, ModelNotFoundError, type AttemptRecord } from '@switchboard/core';
import '@switchboard/provider-dynaspark';
import '@switchboard/provider-openai-compatible';
import { startDynasparkEmulator } from '@switchboard/emulators/dynaspark';
import { startOpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import { TINY_PNG } from './tiny-png.js';

const dynaspark = await startDynasparkEmulator({});
const local = await startOpenAICompatibleEmulator({ models: ['gemini-2.0-flash', 'llama-3.1-8b'] });
const heading = (text: string) => console.log(`\n== ${text}`);
const attempts = (list: readonly AttemptRecord[]) =>
  list.map((a) => `${a.provider}/${a.model} #${a.attempt} ${a.outcome}${a.errorKind ? ` [${a.errorKind}]` : ''}`).join(' -> ');

const registry = createRegistry({
  aliases: { flash: 'gemini-2.0-flash' },
  providerOptions: {
    dynaspark: { baseUrl: dynaspark.url },
    'openai-compatible': { baseUrl: local.url, models: ['gemini-2.0-flash', 'llama-3.1-8b'] },
  },
  // Dynaspark first for its models; the local server is the fallback.
  routing: { order: { 'gemini-2.0-flash': ['dynaspark', 'openai-compatible'], flash: ['dynaspark', 'openai-compatible'] } },
  resilience: { baseDelayMs: 50 },
});

try {
  console.log(`Dynaspark emulator at ${dynaspark.url}, OpenAI-compatible emulator at ${local.url}`);

  heading('registry.models()');
  for (const model of registry.models()) {
    console.log(`${model.id.padEnd(24)} providers: ${model.providers.join(', ')}${model.aliases.length ? `; aliases: ${model.aliases.join(', ')}` : ''}`);
  }

  heading("registry.create('flash').generate(conversation)");
  const model = registry.create('flash');
  const result = await model.generate([
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'What is 2+2?' },
  ]);
  console.log(`text: ${result.text}\nprovider: ${result.provider}, model: ${result.model}, requested: ${result.requestedModel}`);
  console.log(`wire prompt (user_input): ${JSON.stringify(dynaspark.requests.at(-1)?.fields['user_input'])}`);

  heading('model.stream(prompt)');
  process.stdout.write('> ');
  for await (const part of model.stream('Tell me a story')) {
    if (part.type === 'text') process.stdout.write(part.text);
    if (part.type === 'provider-info') process.stdout.write(`[${part.provider}/${part.model}] `);
  }
  process.stdout.write('\n');

  heading('an image (multipart upload, type sniffed from magic bytes)');
  const vision = await registry.create('gemini-1.5-flash').generate('What is in this picture?', { media: [[TINY_PNG, 'pixel.png']] });
  const file = dynaspark.requests.at(-1)?.file;
  console.log(`text: ${vision.text}\nuploaded: ${file?.fileName} ${file?.contentType} ${file?.size} bytes`);

  heading('a flaky upstream: two 503s, then success (retry with backoff on the same provider)');
  dynaspark.setFaults([{ fault: 'status-503', times: 2 }]);
  const flaky = await registry.create('gemini-2.0-flash').generate('Are you there?', { resilience: { maxAttemptsPerProvider: 3 } });
  console.log(`text: ${flaky.text}\nattempts: ${attempts(flaky.attempts)}`);

  heading('Dynaspark rate limited for 60 s: fall over to the local server instead of sleeping');
  dynaspark.setFaults([{ fault: 'rate-limit', retryAfterSeconds: 60 }]);
  const fallback = await registry.create('gemini-2.0-flash').generate('Anyone?');
  console.log(`text: ${fallback.text}\nanswered by: ${fallback.provider}\nattempts: ${attempts(fallback.attempts)}`);
  dynaspark.setFaults([]);

  heading('everything down: one error that tells the whole story');
  dynaspark.setFaults([{ fault: 'status-500' }]);
  local.setFaults([{ fault: 'status-503' }]);
  try {
    await registry.create('gemini-2.0-flash').generate('Hello?', { resilience: { maxAttemptsPerProvider: 2 } });
  } catch (error) {
    if (!AllProvidersFailedError.isInstance(error)) throw error;
    console.log(`${error.name}: ${error.message}`);
  }
  dynaspark.setFaults([]);
  local.setFaults([]);

  heading('registry.health(): probes plus what live traffic showed (Dynaspark switched down)');
  dynaspark.setMode('down');
  const report = await registry.health({ timeoutMs: 2_000 });
  for (const health of report.providers) {
    const rate = health.traffic.successRate === undefined ? 'n/a' : `${Math.round(health.traffic.successRate * 100)}%`;
    console.log(
      `${health.provider.padEnd(18)} ${health.status.padEnd(8)} from ${health.source.padEnd(7)} latency ${String(health.latencyMs ?? '-').padStart(3)} ms, ` +
        `traffic ${health.traffic.attempts} attempts ${rate} ok, circuit ${health.circuit}` +
        (health.lastError ? `, last error [${health.lastError.kind}] ${health.lastError.message}` : ''),
    );
  }
  dynaspark.setMode('healthy');
  const routed = await registry.create('gemini-2.0-flash').generate('Who answers now?');
  console.log(`Dynaspark is known down, so it goes last: answered by ${routed.provider} (${attempts(routed.attempts)})`);

  heading('a typo in the model name');
  try {
    registry.create('gemini-2.0-flsh');
  } catch (error) {
    if (!ModelNotFoundError.isInstance(error)) throw error;
    console.log(`${error.name}: ${error.message}`);
  }
} finally {
  await registry.close();
  await Promise.all([dynaspark.close(), local.close()]);
}
