import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pino, type Logger as PinoLogger } from 'pino';
import ts from 'typescript';
import { createLogger, escapeLogText } from './create-logger.js';

/** A pino logger writing into an array of parsed JSON lines. */
function captureLogs(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}

/**
 * Runs `script` in a child Node process against this very create-logger.ts and returns the JSON
 * lines it printed. A logger made from a level writes to the process's stdout (file descriptor
 * 1, not `process.stdout.write`), which only a parent process can read.
 */
async function stdoutLinesOf(script: string): Promise<Record<string, unknown>[]> {
  return (await stdoutOf(script))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** What `script` printed, as it printed it. */
async function stdoutOf(script: string): Promise<string> {
  const sourcePath = fileURLToPath(new URL('./create-logger.ts', import.meta.url));
  const pinoUrl = pathToFileURL(createRequire(import.meta.url).resolve('pino')).href;
  const { outputText } = ts.transpileModule(await readFile(sourcePath, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const program = `${outputText.replace(/from ['"]pino['"]/, `from '${pinoUrl}'`)}\n${script}`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', program], { env: { PATH: process.env['PATH'] }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`child process failed (${code}): ${stderr}`);
  return stdout;
}

describe('createLogger', () => {
  it('is silent by default', () => {
    const logger = createLogger(undefined) as PinoLogger;

    expect(logger.level).toBe('silent');
    expect(logger.isLevelEnabled('fatal')).toBe(false);
  });

  it('makes a logger at the given level', () => {
    const logger = createLogger('debug') as PinoLogger;

    expect(logger.level).toBe('debug');
    expect(logger.isLevelEnabled('debug')).toBe(true);
    expect(logger.isLevelEnabled('trace')).toBe(false);
  });

  it("writes through the host's pino logger, at its level, so lines go where the host sends them", () => {
    const { logger, lines } = captureLogs('info');

    const created = createLogger(logger);
    created.child({ component: 'switchboard' }).info({ provider: 'dynaspark' }, 'attempt start');
    created.debug({}, 'below the host level');

    expect(lines).toEqual([expect.objectContaining({ level: 30, component: 'switchboard', provider: 'dynaspark', msg: 'attempt start' })]);
  });

  it("redacts secrets from our lines on the host's logger too", () => {
    const { logger, lines } = captureLogs('info');

    createLogger(logger).info({ apiKey: 'sk-top', headers: { authorization: 'Bearer sk-header' }, proxy: 'http://u:p@127.0.0.1:3128' }, 'settings');

    expect(lines).toEqual([expect.objectContaining({ apiKey: '[redacted]', headers: { authorization: '[redacted]' }, proxy: '[redacted]' })]);
  });

  it('redacts secrets from the lines of a logger it makes', async () => {
    const lines = await stdoutLinesOf(`
      const logger = createLogger('info').child({ component: 'switchboard' });
      logger.info({ apiKey: 'sk-top', settings: { apiKey: 'sk-nested', baseUrl: 'http://127.0.0.1:8787' } }, 'settings');
      logger.info({ headers: { authorization: 'Bearer sk-header', accept: 'application/json' }, request: { headers: { cookie: 'session=1' } } }, 'request');
      logger.info({ proxy: 'http://user:pass@127.0.0.1:3128', call: { proxy: 'http://u:p@10.0.0.1:8080' } }, 'proxy');
      logger.debug({ apiKey: 'sk-debug' }, 'below the level');
    `);

    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'settings',
        component: 'switchboard',
        apiKey: '[redacted]',
        settings: { apiKey: '[redacted]', baseUrl: 'http://127.0.0.1:8787' },
      }),
      expect.objectContaining({
        msg: 'request',
        headers: { authorization: '[redacted]', accept: 'application/json' },
        request: { headers: { cookie: '[redacted]' } },
      }),
      expect.objectContaining({ msg: 'proxy', proxy: '[redacted]', call: { proxy: '[redacted]' } }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/sk-|pass@|session=1|u:p@/);
  });

  it('redacts secrets on a logger that is not pino, too', () => {
    const lines: [string, Record<string, unknown>, string | undefined][] = [];
    const record = (level: string) => (fields: Record<string, unknown>, message?: string) => void lines.push([level, fields, message]);
    const plain = { error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug'), child: () => plain };

    createLogger(plain).info({ apiKey: 'sk-top', headers: { authorization: 'Bearer sk-header', accept: 'text/plain' }, provider: 'dynaspark' }, 'settings');

    expect(lines).toEqual([
      ['info', { apiKey: '[redacted]', headers: { authorization: '[redacted]', accept: 'text/plain' }, provider: 'dynaspark' }, 'settings'],
    ]);
  });

  describe('log injection', () => {
    const forged = 'gemini\r\n{"level":50,"msg":"forged"}\u2028admin\u2029\u0007\u001b[31m\u0085';

    it('keeps one line per entry in a logger it makes: JSON escapes controls, and U+2028/U+2029 are escaped too', async () => {
      const script = `createLogger('info').info({ model: ${JSON.stringify(forged)} }, ${JSON.stringify(`unknown model ${forged}`)});`;
      const stdout = await stdoutOf(script);

      expect(stdout.split('\n').filter((line) => line !== '')).toHaveLength(1);
      expect(stdout).not.toMatch(/[\r\u2028\u2029]/);
      // Escaped, not altered: the line reads back as what was logged.
      expect(JSON.parse(stdout)).toMatchObject({ model: forged, msg: `unknown model ${forged}` });
    });

    it('escapes strings and the message for a logger that is not pino (it may print text)', () => {
      const lines: [Record<string, unknown>, string | undefined][] = [];
      const plain = {
        error: () => {},
        warn: (fields: Record<string, unknown>, message?: string) => void lines.push([fields, message]),
        info: () => {},
        debug: () => {},
        child: () => plain,
      };

      createLogger(plain).warn({ model: forged, request: { model: forged }, count: 2 }, `no model ${forged}`);

      const escaped = 'gemini\\r\\n{"level":50,"msg":"forged"}\\u2028admin\\u2029\\u0007\\u001b[31m\\u0085';
      expect(lines).toEqual([[{ model: escaped, request: { model: escaped }, count: 2 }, `no model ${escaped}`]]);
    });

    it('leaves ordinary text, tabs and non-Latin letters alone', () => {
      expect(escapeLogText('café\tnaïve 日本 😀')).toBe('café\tnaïve 日本 😀');
    });
  });
});
