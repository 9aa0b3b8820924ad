import type { TextStreamPart } from '@switchboard/core/provider';

/**
 * The text of stream events taken together (those of one read of the body), handed over as one
 * part that keeps their pieces: one hop through the registry and the consumer for all of them,
 * and a writer can still send each piece as the upstream did.
 */
export class TextBatch {
  #text = '';
  #pieces: string[] | undefined;

  add(piece: string): void {
    if (piece === '') return;
    if (this.#text === '') this.#text = piece;
    else {
      (this.#pieces ??= [this.#text]).push(piece);
      this.#text += piece;
    }
  }

  /** The part for what was added since the last take (undefined when nothing was), and a fresh start. */
  take(): TextStreamPart | undefined {
    if (this.#text === '') return undefined;
    const part: TextStreamPart = this.#pieces === undefined ? { type: 'text', text: this.#text } : { type: 'text', text: this.#text, pieces: this.#pieces };
    this.#text = '';
    this.#pieces = undefined;
    return part;
  }
}
