import { Command, InvalidArgumentError, Option } from './commander.js';
import type { CliContext } from './cli-context.js';
import { EXIT_CODES, type ExitCode } from './errors/exit-codes.js';

/** Options of {@link createProgram}. */
export interface CreateProgramOptions {
  context: CliContext;
  version: string;
  /** Receives the exit code of the command that ran. */
  onExit(code: ExitCode): void;
}

// The commands are imported only when one runs: `switchboard --version` and
// `--help` never load core, a plugin or the server.

/** The `switchboard` command line. Parse with `parseAsync(argv, { from: 'user' })`. */
export function createProgram({ context, version, onExit }: CreateProgramOptions): Command {
  const program = new Command('switchboard')
    .description('One registry for many AI chat providers: chat, list models, check health, serve an OpenAI-compatible gateway.')
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand(false)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      // Commander's errors come as `error: ...` plus a suggestion line: one line, like every other error.
      outputError: (text, write) =>
        write(
          `switchboard: ${text
            .replace(/^error: /, '')
            .replace(/\s*\n\s*(?=\S)/g, ' ')
            .trim()}\n`,
        ),
    });
  const configOption = () => new Option('-c, --config <file>', 'configuration file (default: ./switchboard.config.json when present)');

  program
    .command('chat')
    .description('Ask a model; the answer streams to stdout as it arrives.')
    .argument('[prompt...]', 'the prompt (default: read from stdin)')
    .option('-m, --model <name>', "model or alias (default: the configuration's default model)")
    .option('-i, --image <file>', 'an image to send with the prompt; repeatable', collect)
    .option('-s, --system <text>', 'a system message before the prompt')
    .option('--json', 'print the whole result as JSON (text, provider, model, attempts) instead of streaming')
    .addOption(configOption())
    .addHelpText(
      'after',
      examples([
        "switchboard chat 'What is 2+2?'",
        'switchboard chat -m gemini-2.0-flash --system "Be brief." "Name three rivers"',
        'git diff | switchboard chat --system "Review this patch"',
        'switchboard chat -m gemini-1.5-flash --image cat.jpg "What is in this picture?"',
        "switchboard chat --json 'Hi' | jq -r .text",
      ]),
    )
    .action(
      async (
        words: string[],
        { image = [], json = false, ...options }: { model?: string; image?: string[]; system?: string; json?: boolean; config?: string },
      ) => {
        const { runChatCommand } = await import('./commands/commands.js');
        onExit(await runChatCommand({ words, image, json, ...options }, context));
      },
    );

  program
    .command('models')
    .description('List the models served: name, providers, aliases, vision.')
    .option('--json', 'print a JSON array')
    .addOption(configOption())
    .addHelpText('after', examples(['switchboard models', "switchboard models --json | jq -r '.[].id'"]))
    .action(async ({ json = false, ...options }: { json?: boolean; config?: string }) => {
      const { runModelsCommand } = await import('./commands/commands.js');
      onExit(await runModelsCommand({ json, ...options }, context));
    });

  program
    .command('health')
    .description('Probe the providers: status, latency and last error of each. Exits 1 when one asked about is down.')
    .argument('[provider...]', 'provider ids to check (default: every configured provider)')
    .option('--json', 'print the report as JSON')
    .option('-t, --timeout <ms>', 'limit of each probe in milliseconds (default: 5000)', positiveNumber)
    .addOption(configOption())
    .addHelpText(
      'after',
      examples(['switchboard health', 'switchboard health dynaspark --timeout 2000 || echo "Dynaspark is down"', 'switchboard health --json']),
    )
    .action(async (providers: string[], { json = false, ...options }: { json?: boolean; timeout?: number; config?: string }) => {
      const { runHealthCommand } = await import('./commands/commands.js');
      onExit(await runHealthCommand({ providers, json, ...options }, context));
    });

  program
    .command('serve')
    .description('Run the gateway (/v1/models, /v1/chat/completions, /v1/responses, /v1/messages) until SIGINT or SIGTERM.')
    .addOption(configOption())
    .option('-p, --port <n>', 'port to listen on (default: server.port, else 4000)', port)
    .option('-H, --host <address>', 'interface to listen on (default: server.host, else 127.0.0.1)')
    .option('--store <url>', 'share circuits, cooldowns, budgets and health with other replicas through Redis (default: store, else none)')
    .option('--otel', 'export OpenTelemetry traces and metrics over OTLP/HTTP (on whenever OTEL_EXPORTER_OTLP_ENDPOINT is set)')
    .addHelpText(
      'after',
      examples([
        'switchboard serve',
        'switchboard serve --port 8080 --config ./switchboard.config.json',
        'SWITCHBOARD_API_KEY=secret switchboard serve --host 0.0.0.0',
        'switchboard serve --store redis://127.0.0.1:6379',
        'OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 OTEL_SERVICE_NAME=gateway switchboard serve',
      ]),
    )
    .action(async (options: { config?: string; port?: number; host?: string; store?: string; otel?: boolean }) => {
      const { runServeCommand } = await import('./commands/commands.js');
      onExit(await runServeCommand(options, context));
    });

  program
    .command('demo')
    .description('Start the bundled emulators and show generate, stream, an image, a retry, a fallback and a health report.')
    .addHelpText('after', examples(['switchboard demo']))
    .action(async () => {
      const { runDemoCommand } = await import('./commands/commands.js');
      onExit(await runDemoCommand(context));
    });

  return program;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a number > 0.');
  return number;
}

function port(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 0 || number > 65535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  return number;
}

function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

/** The exit code for an error commander raised (help and version are not failures). */
export function commanderExitCode(error: { code?: string; exitCode?: number }): ExitCode {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT_CODES.ok;
  return EXIT_CODES.usage;
}
