import { parseCliNumber, runEmulatorCli, type CliSpec, type TextSink } from '../shared/emulator-cli.js';
import { OPENAI_COMPATIBLE_FAULT_KINDS } from './openai-compatible-fault-kind.js';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulatorOptions } from './start-openai-compatible-emulator.js';

const LINE_ENDINGS = { lf: '\n', crlf: '\r\n' } as const;

/** The `openai-compatible-emulator` command line. */
export const OPENAI_COMPATIBLE_CLI: CliSpec<OpenAICompatibleEmulatorOptions> = {
  command: 'openai-compatible-emulator',
  title: 'OpenAI-compatible emulator',
  // The provider's default base URL is http://127.0.0.1:8080/v1.
  defaultPort: 8080,
  faultKinds: OPENAI_COMPATIBLE_FAULT_KINDS,
  options: {
    model: { type: 'string', multiple: true, usage: '--model <name>          a model to serve; repeatable (default echo-small, echo-large)' },
    'api-key': { type: 'string', usage: '--api-key <key>         require Authorization: Bearer <key>' },
    'chunk-delay': { type: 'string', usage: '--chunk-delay <ms>      delay between stream events (default 0)' },
    'split-events': { type: 'boolean', usage: '--split-events          write each stream event in two pieces' },
    'line-ending': { type: 'string', usage: '--line-ending <lf|crlf> line ending of stream events (default lf)' },
  },
  toOptions(values) {
    const options: Partial<OpenAICompatibleEmulatorOptions> = {};
    if (values.model !== undefined) options.models = values.model as string[];
    if (typeof values['api-key'] === 'string') options.apiKey = values['api-key'];
    if (typeof values['chunk-delay'] === 'string') options.chunkDelayMs = parseCliNumber({ name: '--chunk-delay', text: values['chunk-delay'] });
    if (values['split-events'] === true) options.splitEvents = true;
    const lineEnding = values['line-ending'];
    if (typeof lineEnding === 'string') {
      if (lineEnding !== 'lf' && lineEnding !== 'crlf') throw new Error(`--line-ending must be lf or crlf, got '${lineEnding}'`);
      options.lineEnding = LINE_ENDINGS[lineEnding];
    }
    return options;
  },
};

/** The CLI's whole behaviour (see `runEmulatorCli`), for the bin and for tests. */
export function runOpenAICompatibleCli(options: { argv: readonly string[]; stdout: TextSink; stderr: TextSink; stop?: AbortSignal }): Promise<number> {
  return runEmulatorCli({ ...options, spec: OPENAI_COMPATIBLE_CLI, start: startOpenAICompatibleEmulator });
}
