// /health's overall status as the registry decides it: nothing known is `unknown` (not `degraded`),
// a provider that answers makes it `healthy`, and only every provider down makes it a 503.
import { afterEach, expect, it } from '@jest/globals';
import { createMockProvider } from '@switchboard/testing';
import { json, startTestGateway, type TestGateway } from '../src/__fixtures__/start-test-gateway.js';

let server: TestGateway | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

it('says unknown for a lone provider nothing is known of yet, healthy once a probe answered, down (503) once its circuit opened', async () => {
  let failing = false;
  const lone = createMockProvider({
    id: 'lone',
    models: ['m'],
    defaultAnswer: async function* () {
      if (failing) throw new Error('upstream gone');
      yield 'hello';
    },
  });
  server = await startTestGateway({ providers: [lone], registry: { resilience: { maxAttemptsPerProvider: 1 } } });
  const health = async (query = '') => {
    const response = await fetch(`${server!.url}/health${query}`);
    return { code: response.status, status: (await json(response)).status };
  };

  expect(await health()).toEqual({ code: 200, status: 'unknown' });

  expect(await health('?probe=true')).toEqual({ code: 200, status: 'healthy' });

  failing = true;
  for (let call = 0; call < 5; call++) await server.chat({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] });
  expect(await health()).toEqual({ code: 503, status: 'down' });
});
