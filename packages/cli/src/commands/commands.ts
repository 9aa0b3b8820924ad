// Every command's entry point, in one module that `create-program.ts` imports when a command
// runs: the command line then loads one file for whichever command it is. Each file Node 20
// loads costs more start-up (a resolution, a read through the thread pool, a compile, a link)
// than the code of the commands that did not run; what they load besides core (the server,
// Redis, OpenTelemetry, the emulators) each loads itself when used.
export { runChatCommand } from './chat-command.js';
export { runDemoCommand } from './demo-command.js';
export { runHealthCommand } from './health-command.js';
export { runModelsCommand } from './models-command.js';
export { runServeCommand } from './serve-command.js';
