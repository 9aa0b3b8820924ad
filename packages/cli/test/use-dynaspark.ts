import { startDynasparkEmulator, type DynasparkEmulator } from '@switchboard/emulators/dynaspark';

/** A Dynaspark emulator shared by a test file, and the environment pointing the CLI at it. */
export interface DynasparkForTests {
  emulator: DynasparkEmulator;
  /** `DYNASPARK_BASE_URL`: with no config file the CLI serves its own plugins, Dynaspark there. */
  env: Record<string, string>;
}

/** Starts the emulator before the file's tests, resets it after each, closes it at the end. */
export function useDynaspark(): DynasparkForTests {
  const state = {} as DynasparkForTests;
  beforeAll(async () => {
    state.emulator = await startDynasparkEmulator({});
    state.env = { DYNASPARK_BASE_URL: state.emulator.url };
  });
  afterEach(() => state.emulator.reset());
  afterAll(() => state.emulator.close());
  return state;
}
