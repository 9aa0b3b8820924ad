import { SwitchboardError } from './switchboard-error.js';

/** A media item could not be used: unreadable, not an image, too large, or more than a provider takes. */
export class MediaError extends SwitchboardError {
  static override readonly errorName: string = 'MediaError';
  override readonly name: string = 'MediaError';
  override readonly code: string = 'media';

  /** Position of the item in the call's media list, inline images counted after `media` (`-1` when not tied to one item). */
  readonly index: number;
  /**
   * Where the item is in the call: `media[0]` for the `media` option, `messages[1].content[2]` for
   * an image part; undefined when the error is not about one item (more images than any provider takes).
   */
  readonly path: string | undefined;
  readonly fileName: string | undefined;

  constructor(options: { message: string; index: number; path?: string; fileName?: string; cause?: unknown }) {
    super({ message: options.message, cause: options.cause });
    this.index = options.index;
    this.path = options.path;
    this.fileName = options.fileName;
  }
}
