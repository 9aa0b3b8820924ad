import type { EmulatorOptions } from '../shared/emulator-options.js';
import type { DynasparkFaultRule } from './dynaspark-fault-rule.js';

/** The chat POST's paths: the original one, and the one the service renamed it to on 2025-05-12. */
export const DEFAULT_CHAT_PATHS: readonly string[] = ['/generate_response', '/dsai_fuck_u_spammer'];

/** How to start the Dynaspark emulator. Every option is optional. */
export interface DynasparkEmulatorOptions extends EmulatorOptions<DynasparkFaultRule> {
  /**
   * The paths that serve the chat POST. Upstream renamed it once to block scrapers (g4f's last
   * version posts to the new one), so both answer by default; give one to test a client's path
   * setting, or to check that a client does not use the other.
   * @default ['/generate_response', '/dsai_fuck_u_spammer']
   * @example ['/chat_v2']
   */
  paths?: readonly string[];
}
