import { createRequire } from 'node:module';
import './reflect.js';

type Tsyringe = typeof import('tsyringe');

let module: Tsyringe | undefined;
const listeners: ((loaded: Tsyringe) => void)[] = [];

/**
 * tsyringe, loaded on first use: a registry that serves registered providers, an explicit
 * container, a decorated provider class. Until then plugins' registrations wait in core
 * (`registerProvider`), so a process that builds its registry from instances (the CLI with a
 * config file) never loads it. Required rather than imported: it is CommonJS, and Node 20 sends
 * every `require()` inside a CommonJS module reached through `import` through its ESM loader,
 * which lexes each of tsyringe's 36 files for their exports (35 ms at start-up, against 20
 * through require). It is the same module either way: a host's `import { container } from
 * 'tsyringe'` gets the global container core registers in.
 */
export const tsyringe: { (): Tsyringe; loaded(): Tsyringe | undefined } = Object.assign(
  (): Tsyringe => {
    if (module) return module;
    module = createRequire(import.meta.url)('tsyringe') as Tsyringe;
    for (const listener of listeners.splice(0)) listener(module);
    return module;
  },
  { loaded: () => module },
);

/** Runs `listener` once tsyringe is loaded (at once if it is). */
export function onTsyringeLoaded(listener: (loaded: Tsyringe) => void): void {
  if (module) listener(module);
  else listeners.push(listener);
}
