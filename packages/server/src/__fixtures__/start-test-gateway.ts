import { createRegistry, type Registry, type RegistryOptions } from '@switchboard/core';
import type { Provider } from '@switchboard/core/provider';
import { createGateway } from '../create-gateway.js';
import type { Gateway } from '../gateway.js';
import type { GatewayOptions } from '../gateway-options.js';

/** A gateway on a free loopback port, over a registry of the given (usually in-memory) providers. */
export interface TestGateway {
  url: string;
  registry: Registry;
  gateway: Gateway;
  /** POSTs a JSON body to /v1/chat/completions. */
  chat(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** Options of {@link startTestGateway}. */
export interface StartTestGatewayOptions {
  providers: readonly Provider[];
  registry?: Omit<RegistryOptions, 'providers' | 'useRegistered'>;
  gateway?: Omit<GatewayOptions, 'registry'>;
}

/** Fast failures by default: no retry delays, so error tests take milliseconds. */
const TEST_RESILIENCE = { baseDelayMs: 1, maxDelayMs: 1 };

export async function startTestGateway({ providers, registry: registryOptions, gateway: gatewayOptions }: StartTestGatewayOptions): Promise<TestGateway> {
  const registry = createRegistry({ providers, useRegistered: false, ...registryOptions, resilience: { ...TEST_RESILIENCE, ...registryOptions?.resilience } });
  // `env: {}` so a SWITCHBOARD_API_KEY in the developer's shell does not turn auth on in tests.
  // A short shutdown: a test's client may leave a connection open that only the final cut closes.
  const gateway = await createGateway({ registry, env: {}, processMetrics: false, shutdownTimeoutMs: 500, ...gatewayOptions });
  const url = await gateway.listen({ port: 0 });
  return {
    url,
    registry,
    gateway,
    chat: (body, headers = {}) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async close() {
      await gateway.close();
      await registry.close();
    },
  };
}

/** The text of `data:` events of a server-sent event body, in order. */
export function sseData(body: string): string[] {
  return body
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}

/** Each `event:` and its parsed `data:` of a server-sent event body (the Responses and Messages streams name their events). */
export async function sseEvents(response: Response): Promise<{ event: string; data: Record<string, unknown> }[]> {
  return (await response.text())
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => {
      const [event, data] = block.split('\n') as [string, string];
      return { event: event.slice('event: '.length), data: JSON.parse(data.slice('data: '.length)) };
    });
}

/**
 * A response's JSON body, for assertions on any field.
 */
// biome-ignore lint/suspicious/noExplicitAny: tests read whatever field they assert on.
export const json = (response: Response): Promise<any> => response.json();
