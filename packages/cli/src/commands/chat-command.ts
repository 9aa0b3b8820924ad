import { resolve } from 'node:path';
import { type CallOptions, type LanguageModel, MediaError, ModelNotFoundError, type Prompt, type Registry } from '@switchboard/core';
import type { CliContext } from '../cli-context.js';
import { loadRegistry } from '../config/load-registry.js';
import type { ProviderSource } from '../config/provider-source.js';
import { CliError } from '../errors/cli-error.js';
import { UsageError } from '../errors/usage-error.js';
import { EXIT_CODES, type ExitCode } from '../errors/exit-codes.js';
import { readPrompt } from '../read-prompt.js';
import { createStyles } from '../terminal/create-styles.js';
import { startSpinner, type Spinner } from '../terminal/start-spinner.js';
import { configureHint } from './configure-hint.js';

/** `switchboard chat`'s options, as commander parsed them. */
export interface ChatCommandOptions {
  /** The prompt's words; none: read stdin. */
  words: string[];
  /** @default the configuration's default model */
  model?: string;
  /** Image files to send. @default [] */
  image: string[];
  /** A system message before the prompt. */
  system?: string;
  /** Print the whole result as JSON instead of streaming the text. @default false */
  json: boolean;
  config?: string;
}

/** Streams the answer to stdout as it arrives (or prints the whole result as JSON). */
export async function runChatCommand(options: ChatCommandOptions, context: CliContext): Promise<ExitCode> {
  const prompt = await readPrompt({ words: options.words, stdin: context.stdin });
  const { registry, sourceOf } = await loadRegistry({
    configPath: options.config,
    cwd: context.cwd,
    env: context.env,
    uses: { server: false, defaultModel: options.model === undefined },
  });
  try {
    const model = createModel(registry, options.model, sourceOf);
    const messages: Prompt =
      options.system === undefined
        ? prompt
        : [
            { role: 'system', content: options.system },
            { role: 'user', content: prompt },
          ];
    const callOptions: CallOptions = {
      signal: context.signal,
      ...(options.image.length > 0 ? { media: options.image.map((file) => resolve(context.cwd, file)) } : {}),
    };
    try {
      if (options.json) {
        const { text, provider, model: served, requestedModel, finishReason, usage, warnings, attempts } = await model.generate(messages, callOptions);
        context.stdout.write(`${JSON.stringify({ text, provider, model: served, requestedModel, finishReason, usage, warnings, attempts }, null, 2)}\n`);
        return EXIT_CODES.ok;
      }
      await streamAnswer({ registry, model: model.modelId, stream: model.stream(messages, callOptions), context });
      return EXIT_CODES.ok;
    } catch (error) {
      throw imageError(error, options.image);
    }
  } finally {
    await registry.close();
  }
}

/** `registry.create`, saying in config-file terms what a provider that would serve the name lacks. */
function createModel(registry: Registry, name: string | undefined, sourceOf: (id: string) => ProviderSource): LanguageModel {
  try {
    return registry.create(name);
  } catch (error) {
    if (!ModelNotFoundError.isInstance(error) || !error.notConfigured?.length) throw error;
    // Core's words, with the fix in the file's terms (`providers[1].apiKey`) instead of the library's.
    const why = error.notConfigured.map((route) => {
      const hint = configureHint({ id: route.provider, fix: route.fix }, sourceOf(route.provider));
      return `'${route.provider}'${route.model === error.modelId ? '' : ` (as '${route.model}')`}, which is not configured: ${route.reason}. ${hint.charAt(0).toUpperCase()}${hint.slice(1)}.`;
    });
    throw new CliError({ message: `model '${error.modelId}' is served by ${why.join(' And by ')}`, exitCode: EXIT_CODES.config, cause: error });
  }
}

/** Core names an image by its place in `media` (`media[0]`); on this command line it was `--image <file>`. */
function imageError(error: unknown, images: readonly string[]): unknown {
  if (!MediaError.isInstance(error) || error.index < 0 || images[error.index] === undefined) return error;
  const label = `media[${error.index}]`;
  const detail = error.message.startsWith(`${label}: `) ? error.message.slice(label.length + 2) : error.message;
  return new UsageError({ message: `--image ${images[error.index]}: ${detail}`, cause: error });
}

async function streamAnswer({
  registry,
  model,
  stream,
  context,
}: {
  registry: Registry;
  model: string;
  stream: ReturnType<ReturnType<Registry['create']>['stream']>;
  context: CliContext;
}) {
  const { stdout, stderr, env } = context;
  const styles = createStyles(stderr, env);
  const spinner = startSpinner({ stream: stderr, env, text: `Waiting for ${model}` });
  const unlisten = followAttempts(registry, spinner);
  let last = '';
  try {
    for await (const part of stream) {
      if (part.type === 'text' && part.text !== '') {
        spinner.stop();
        stdout.write(part.text);
        last = part.text;
      } else if (part.type === 'warning') {
        stderr.write(`${styles.yellow('warning')}: ${part.message}\n`);
      }
    }
  } finally {
    spinner.stop();
    unlisten();
  }
  if (!last.endsWith('\n')) stdout.write('\n');
  if (stderr.isTTY) {
    const tries = stream.attempts.length;
    stderr.write(`${styles.dim(`(${stream.provider}/${stream.model}${tries > 1 ? `, after ${tries} attempts` : ''})`)}\n`);
  }
}

/** Says on the spinner what the registry is doing while nothing has arrived yet. */
function followAttempts(registry: Registry, spinner: Spinner): () => void {
  const stops = [
    registry.events.on('retry', ({ provider, errorKind, delayMs }) =>
      spinner.update(`${provider} failed (${errorKind}); retrying in ${Math.round(delayMs)} ms`),
    ),
    registry.events.on('fallback', ({ from, to, errorKind }) => {
      if (to) spinner.update(`${from.provider} failed (${errorKind}); trying ${to.provider}`);
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
