import type { AttemptRecord, Registry } from '@switchboard/core';
import { TINY_PNG } from '@switchboard/core/testing';
import { startDynasparkEmulator } from '@switchboard/emulators/dynaspark';
import { startOpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import type { CliContext } from '../cli-context.js';
import { formatHealthTable } from '../commands/format-health-table.js';
import { configureHint } from '../commands/configure-hint.js';
import { formatModelsTable } from '../commands/format-models-table.js';
import { healthRows } from '../commands/health-row.js';
import { registryFromConfig } from '../config/registry-from-config.js';
import { createStyles } from '../terminal/create-styles.js';

/**
 * The README's main job, live: two local emulators stand in for Dynaspark and an OpenAI-compatible
 * server, a registry is built from a config like a user's, and each step says what happened.
 * Nothing leaves this machine.
 */
export async function runDemo(context: CliContext): Promise<void> {
  const { stdout, env, signal } = context;
  const styles = createStyles(stdout, env);
  const say = (text: string) => stdout.write(`${text}\n`);
  const step = (title: string) => say(`\n${styles.bold(styles.cyan(`== ${title}`))}`);
  const trail = (attempts: readonly AttemptRecord[]) =>
    attempts.map((a) => `${a.provider} #${a.attempt} ${a.outcome}${a.errorKind ? ` (${a.errorKind})` : ''}`).join(' -> ');

  const dynaspark = await startDynasparkEmulator({});
  const local = await startOpenAICompatibleEmulator({ models: ['gemini-2.0-flash', 'llama-3.1-8b'] });
  let registry: Registry | undefined;
  try {
    const config = {
      providers: [
        { use: '@switchboard/provider-dynaspark', baseUrl: dynaspark.url },
        { use: '@switchboard/provider-openai-compatible', id: 'local', baseUrl: local.url, models: ['gemini-2.0-flash', 'llama-3.1-8b'] },
      ],
      aliases: { flash: 'gemini-2.0-flash' },
      routing: { order: { 'gemini-2.0-flash': ['dynaspark', 'local'] } },
      resilience: { baseDelayMs: 50 },
    };
    step('The setup');
    say(`A Dynaspark emulator at ${dynaspark.url} and an OpenAI-compatible one at ${local.url}, with this switchboard.config.json:`);
    say(styles.dim(JSON.stringify(config, null, 2)));
    const configured = await registryFromConfig({ content: config, file: 'demo config', directory: context.cwd, env });
    registry = configured.registry;

    step('switchboard models');
    stdout.write(formatModelsTable(registry.models(), styles));
    say("'gemini-2.0-flash' has two providers: Dynaspark first (routing.order), the local server as its fallback.");

    step('generate: a conversation, one answer');
    const answer = await registry.create('flash').generate(
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is 2+2?' },
      ],
      { signal },
    );
    say(`${answer.text}\nThe alias 'flash' resolved to ${answer.model}, answered by ${answer.provider}.`);
    say(`Dynaspark takes no system messages, so the conversation went as one prompt: ${JSON.stringify(dynaspark.requests.at(-1)?.fields['user_input'])}`);

    step('stream: text as it arrives');
    let chunks = 0;
    for await (const part of registry.create('llama-3.1-8b').stream('Tell me a story', { signal })) {
      if (part.type !== 'text') continue;
      chunks++;
      stdout.write(part.text);
    }
    say(`\n${chunks} chunks from the local server's server-sent events, written as they came.`);

    step('an image');
    const vision = await registry.create('gemini-1.5-flash').generate('What is in this picture?', { media: [[TINY_PNG, 'pixel.png']], signal });
    const file = dynaspark.requests.at(-1)?.file;
    say(`${vision.text}\nUploaded ${file?.fileName} as ${file?.contentType} (${file?.size} bytes, type read from its magic bytes) in a multipart form.`);

    step('a retry: Dynaspark answers 503 twice');
    dynaspark.setFaults([{ fault: 'status-503', times: 2 }]);
    const retried = await registry.create('gemini-2.0-flash').generate('Are you there?', { resilience: { maxAttemptsPerProvider: 3 }, signal });
    say(`${retried.text}\nAttempts: ${trail(retried.attempts)}. Backoff between them, same provider: a 503 is worth retrying.`);

    step('a fallback: Dynaspark rate-limited for 60 s');
    dynaspark.setFaults([{ fault: 'rate-limit', retryAfterSeconds: 60 }]);
    const fellBack = await registry.create('gemini-2.0-flash').generate('Anyone?', { signal });
    dynaspark.setFaults([]);
    say(`${fellBack.text}\nAttempts: ${trail(fellBack.attempts)}. Retry-After was longer than worth waiting, so the local server answered at once.`);

    step('switchboard health: Dynaspark switched off');
    dynaspark.setMode('down');
    const report = await registry.health({ timeoutMs: 2_000 });
    stdout.write(
      formatHealthTable(
        healthRows(registry.providers(), report, (provider) => configureHint(provider, configured.sourceOf(provider.id))),
        styles,
      ),
    );
    dynaspark.setMode('healthy');
    const routed = await registry.create('gemini-2.0-flash').generate('Who answers now?', { signal });
    say(`Attempts: ${trail(routed.attempts)}. ${whyThisOrder(routed.attempts[0])}`);

    step('Done');
    say(
      'Everything above ran against local emulators. Point a config file at real endpoints and the same commands work: switchboard chat, models, health, serve.',
    );
  } finally {
    await registry?.close();
    await Promise.all([dynaspark.close(), local.close()]);
  }
}

/** Why the last call of the demo went where it went, read from its first attempt. */
function whyThisOrder(first: AttemptRecord | undefined): string {
  if (first?.provider !== 'dynaspark') return 'Dynaspark is known down since the probe, so it went last and the call did not wait on it.';
  if (first.outcome === 'skipped')
    return 'Dynaspark is still cooling down from its 60 s Retry-After, so it was passed over without a request and the call did not wait on it.';
  return 'Dynaspark answered again, so it kept its place.';
}
