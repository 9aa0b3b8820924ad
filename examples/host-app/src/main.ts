// A host app: Switchboard's published entry points only. The Dynaspark service is the bundled
// emulator on loopback unless DYNASPARK_BASE_URL names another.
import { createRegistry, VERSION } from '@switchboard/core';
import '@switchboard/provider-dynaspark'; // importing the plugin registers it
import { startDynasparkEmulator } from '@switchboard/emulators/dynaspark';
import { ask } from './ask.js';

const emulator = process.env['DYNASPARK_BASE_URL'] ? undefined : await startDynasparkEmulator();
const registry = createRegistry({
  aliases: { assistant: 'gemini-2.0-flash' },
  providerOptions: { dynaspark: emulator ? { baseUrl: emulator.url } : {} },
});

try {
  console.log(
    `@switchboard/core ${VERSION}; models: ${registry
      .models()
      .filter((model) => model.aliasOf === undefined)
      .map((model) => model.id)
      .join(', ')}`,
  );
  // `npm start -- "question"` strips the `--`; `pnpm start -- "question"` passes it on.
  const questions = process.argv.slice(process.argv[2] === '--' ? 3 : 2);
  for (const question of questions.length > 0 ? questions : ['What is a switchboard?']) {
    process.stdout.write(`\n> ${question}\n`);
    const answer = await ask(registry, question, { onText: (text) => process.stdout.write(text) });
    process.stdout.write(answer.answeredBy ? `\n(${answer.answeredBy}, ${answer.attempts} attempt(s))\n` : `${answer.text}\n`);
  }
  const typo = await ask(registry, 'Hello?', { model: 'gemini-2.0-flsh' });
  console.log(`\n> (model 'gemini-2.0-flsh') Hello?\n${typo.text}`);
} finally {
  await registry.close();
  await emulator?.close();
}
