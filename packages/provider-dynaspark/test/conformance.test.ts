import { startDynasparkEmulator } from '@switchboard/emulators/dynaspark';
import { describeProviderConformance } from '@switchboard/testing/conformance';
import { createDynaspark } from '../src/index.js';

describeProviderConformance({
  name: 'Dynaspark',
  create: ({ baseUrl }) => createDynaspark({ baseUrl }, { env: {} }),
  // The service's answer: one JSON object, whatever the caller streams.
  answer: (text) => ({ body: JSON.stringify({ response: text }) }),
  emulator: async () => {
    const emulator = await startDynasparkEmulator();
    return { url: emulator.url, injectFault: (fault) => emulator.setFaults([{ fault, times: 1 }]), close: () => emulator.close() };
  },
});
