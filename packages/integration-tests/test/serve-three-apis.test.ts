// The built CLI's `switchboard serve`, started from an empty directory in a process of its own,
// answering the official OpenAI client on chat completions and the Responses API and the
// official Anthropic client on the Messages API, all from one Dynaspark emulator.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Anthropic from '@anthropic-ai/sdk';
import { startDynasparkEmulator, type DynasparkEmulator } from '@switchboard/emulators/dynaspark';
import OpenAI from 'openai';

const require = createRequire(import.meta.url);
const SWITCHBOARD = join(dirname(require.resolve('@switchboard/cli/package.json')), 'bin', 'switchboard.js');
const KEY = 'sk-serve-three-apis';
const MODEL = 'gemini-2.0-flash';

let emulator: DynasparkEmulator;
let child: ChildProcess;
let directory: string;
let url: string;

beforeAll(async () => {
  emulator = await startDynasparkEmulator({});
  directory = mkdtempSync(join(tmpdir(), 'switchboard-serve-'));
  child = spawn(process.execPath, [SWITCHBOARD, 'serve', '--port', '0'], {
    cwd: directory,
    env: { PATH: process.env['PATH'] ?? '', DYNASPARK_BASE_URL: emulator.url, SWITCHBOARD_API_KEY: KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`serve exited early (${code}): ${text}`)));
  });
});

afterAll(async () => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  await emulator.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('switchboard serve speaks three APIs', () => {
  it('answers the openai client on chat completions and on the Responses API, whole and streamed', async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: `${url}/v1`, maxRetries: 0 });

    const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hello chat' }] });
    const response = await client.responses.create({ model: MODEL, input: 'Hello responses' });
    const stream = client.responses.stream({ model: MODEL, input: 'Hello stream' });
    let streamed = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') streamed += event.delta;
    const continued = await client.responses.create({ model: MODEL, input: 'And again', previous_response_id: response.id });

    expect(completion.choices[0]?.message.content).toBe(`Echo from ${MODEL}: Hello chat`);
    expect(response.output_text).toBe(`Echo from ${MODEL}: Hello responses`);
    expect(streamed).toBe(`Echo from ${MODEL}: Hello stream`);
    expect((await stream.finalResponse()).status).toBe('completed');
    expect(continued.previous_response_id).toBe(response.id);
  });

  it('answers the Anthropic client on the Messages API, whole and streamed, and refuses a wrong key in its shape', async () => {
    const client = new Anthropic({ apiKey: KEY, baseURL: url, maxRetries: 0 });

    const message = await client.messages.create({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'Hello messages' }] });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'Hello stream' }] });
    const final = await stream.finalMessage();
    const stranger = new Anthropic({ apiKey: null, authToken: null, defaultHeaders: { 'x-api-key': 'sk-wrong' }, baseURL: url, maxRetries: 0 });
    const refused = await stranger.messages
      .create({ model: MODEL, max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: unknown) => error);

    expect(message).toMatchObject({ type: 'message', content: [{ type: 'text', text: `Echo from ${MODEL}: Hello messages` }], stop_reason: 'end_turn' });
    expect(final.content).toEqual([{ type: 'text', text: `Echo from ${MODEL}: Hello stream` }]);
    expect(refused).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((refused as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });
});
