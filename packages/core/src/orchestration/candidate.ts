import type { Logger } from '../logging/logger.js';
import type { LoadedMedia } from '../provider/media-input.js';
import type { CallSettings } from '../provider/call-settings.js';
import type { Message } from '../provider/message.js';
import type { Provider } from '../provider/provider.js';
import type { WarningStreamPart } from '../provider/stream-part.js';

/** One provider able to take the call, with the messages and media prepared for it. */
export interface Candidate {
  provider: Provider;
  /** Provider-side model name. */
  model: string;
  messages: readonly Message[];
  media: readonly LoadedMedia[];
  /** The call's standard settings this provider's model honours (the others are in `warnings`). */
  settings: Readonly<CallSettings>;
  /** What was changed for this provider (settings it cannot honour, a folded system message, media it cannot take). */
  warnings: readonly WarningStreamPart[];
  logger: Logger;
  /** How this candidate gives structured output, when the call asks for it: natively, or from a prompt (the host's opt-in fallback). */
  structuredOutput?: 'native' | 'prompt';
}
