const OPEN_ARRAY = 0x5b; // [
const OPEN_OBJECT = 0x7b; // {
const CLOSE_ARRAY = 0x5d; // ]
const CLOSE_OBJECT = 0x7d; // }
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Tracks how deep a JSON text nests arrays and objects, chunk by chunk as the bytes arrive, in
 * one pass and constant memory: brackets inside strings do not count. It does not check the
 * syntax (JSON.parse does that afterwards); it only makes sure nothing deeper than the limit
 * ever reaches a recursive parser or validator. Every byte a multi-byte UTF-8 character is made
 * of is 0x80 or above, so reading bytes rather than characters cannot mistake one for a bracket.
 */
export class JsonDepthScanner {
  readonly #limit: number;
  #depth = 0;
  #inString = false;
  #escaped = false;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Reads the next chunk; returns false as soon as the nesting goes past the limit (the rest need not be read). */
  push(chunk: Uint8Array): boolean {
    const limit = this.#limit;
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escaped;
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
      } else if (byte === QUOTE) inString = true;
      else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
        if (++depth > limit) {
          this.#depth = depth;
          return false;
        }
      } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) depth--;
    }
    this.#depth = depth;
    this.#inString = inString;
    this.#escaped = escaped;
    return true;
  }
}
