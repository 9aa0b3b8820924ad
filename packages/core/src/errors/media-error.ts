import { SwitchboardError } from './switchboard-error.js';

/** A media item could not be used: unreadable, not an image, too large, or more than a provider takes. */
export class MediaError extends SwitchboardError {
  static override readonly errorName: string = 'MediaError';
  override readonly name: string = 'MediaError';

  /** Position of the item in the call's media list (`-1` when not tied to one item). */
  readonly index: number;
  readonly fileName: string | undefined;

  constructor(options: { message: string; index: number; fileName?: string; cause?: unknown }) {
    super({ message: options.message, cause: options.cause });
    this.index = options.index;
    this.fileName = options.fileName;
  }
}
