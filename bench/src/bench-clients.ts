import http from 'node:http';
import { createRegistry, type Registry } from '@switchboard/core';
import { createHttpClient } from '@switchboard/core/provider';
import '@switchboard/provider-dynaspark';
import ky from 'ky';
import { Agent, request as undiciRequest } from 'undici';
import { answerFrom, CHAT_PATH, checkAnswer, FORM_BODY, FORM_CONTENT_TYPE, g4fHeaders, MODEL, PROMPT } from './dynaspark-request.js';

/** A way of sending the Dynaspark request; `send` resolves once the answer is read and checked. */
export interface BenchClient {
  /** Short id used in results. */
  readonly id: BenchClientId;
  /** What the report calls it. */
  readonly label: string;
  send(): Promise<unknown>;
  close(): Promise<void>;
}

export type BenchClientId = 'node-http' | 'undici-request' | 'fetch' | 'ky' | 'core-transport' | 'switchboard-generate' | 'switchboard-stream';

/** Socket pool size for every client that has one: core's default. */
const CONNECTIONS = 128;

/** Builds one client against the emulator at `baseUrl`. */
export function createBenchClient(id: BenchClientId, baseUrl: string): BenchClient {
  switch (id) {
    case 'node-http':
      return nodeHttpClient(baseUrl);
    case 'undici-request':
      return undiciClient(baseUrl);
    case 'fetch':
      return fetchClient(baseUrl);
    case 'ky':
      return kyClient(baseUrl);
    case 'core-transport':
      return coreTransportClient(baseUrl);
    case 'switchboard-generate':
    case 'switchboard-stream':
      return switchboardClient(id, baseUrl);
  }
}

/** Settings of the registry the benchmarks use: the plugin's defaults, only the base URL set. */
export function createBenchRegistry(baseUrl: string): Registry {
  return createRegistry({ providerOptions: { dynaspark: { baseUrl } } });
}

function requestHeaders(baseUrl: string): Record<string, string> {
  return { ...g4fHeaders(new URL(baseUrl).origin), 'content-type': FORM_CONTENT_TYPE };
}

function nodeHttpClient(baseUrl: string): BenchClient {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const headers = { ...requestHeaders(baseUrl), 'content-length': String(Buffer.byteLength(FORM_BODY)) };
  const options: http.RequestOptions = { agent, hostname: url.hostname, port: url.port, path: CHAT_PATH, method: 'POST', headers };
  return {
    id: 'node-http',
    label: 'node:http (keep-alive Agent)',
    send: () =>
      new Promise<string>((resolve, reject) => {
        const req = http.request(options, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${body.slice(0, 200)}`));
            else {
              try {
                resolve(answerFrom(body));
              } catch (error) {
                reject(error);
              }
            }
          });
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(FORM_BODY);
      }),
    close: async () => agent.destroy(),
  };
}

function undiciClient(baseUrl: string): BenchClient {
  const agent = new Agent({ connections: CONNECTIONS, keepAliveTimeout: 30_000 });
  const url = baseUrl + CHAT_PATH;
  const headers = requestHeaders(baseUrl);
  return {
    id: 'undici-request',
    label: 'undici.request (keep-alive Agent)',
    async send() {
      const { statusCode, body } = await undiciRequest(url, { dispatcher: agent, method: 'POST', headers, body: FORM_BODY });
      const text = await body.text();
      if (statusCode !== 200) throw new Error(`HTTP ${statusCode}: ${text.slice(0, 200)}`);
      return answerFrom(text);
    },
    close: () => agent.close(),
  };
}

function fetchClient(baseUrl: string): BenchClient {
  const url = baseUrl + CHAT_PATH;
  const headers = requestHeaders(baseUrl);
  return {
    id: 'fetch',
    label: 'global fetch',
    async send() {
      const response = await fetch(url, { method: 'POST', headers, body: FORM_BODY });
      const text = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
      return answerFrom(text);
    },
    close: async () => {},
  };
}

function kyClient(baseUrl: string): BenchClient {
  const url = baseUrl + CHAT_PATH;
  const headers = requestHeaders(baseUrl);
  return {
    id: 'ky',
    label: 'ky (default settings)',
    send: async () => answerFrom(await ky.post(url, { headers, body: FORM_BODY }).text()),
    close: async () => {},
  };
}

function coreTransportClient(baseUrl: string): BenchClient {
  // The client the Dynaspark plugin builds, called the way the plugin calls it, minus the registry.
  const client = createHttpClient({ provider: 'dynaspark', baseUrl, headers: g4fHeaders(new URL(baseUrl).origin), connections: CONNECTIONS });
  const headers = { 'content-type': FORM_CONTENT_TYPE };
  return {
    id: 'core-transport',
    label: "core's transport alone (createHttpClient().request + JSON.parse)",
    async send() {
      const response = await client.request({ path: CHAT_PATH, body: FORM_BODY, headers, model: MODEL });
      return answerFrom(await response.text());
    },
    close: () => client.close(),
  };
}

function switchboardClient(id: 'switchboard-generate' | 'switchboard-stream', baseUrl: string): BenchClient {
  const registry = createBenchRegistry(baseUrl);
  const model = registry.create(MODEL);
  const send =
    id === 'switchboard-generate'
      ? async () => {
          const result = await model.generate(PROMPT);
          checkAnswer(result.text);
          return result;
        }
      : async () => {
          let text = '';
          for await (const part of model.stream(PROMPT)) if (part.type === 'text') text += part.text;
          checkAnswer(text);
          return text;
        };
  return {
    id,
    label: id === 'switchboard-generate' ? 'Switchboard generate() via registry' : 'Switchboard stream() via registry',
    send,
    close: () => registry.close(),
  };
}
