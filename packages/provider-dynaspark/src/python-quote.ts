/** Options for {@link pythonQuote}. */
export interface PythonQuoteOptions {
  /** Write a space as `+`, as `quote_plus` (and so `urlencode`) does. @default false */
  plus?: boolean;
}

// encodeURIComponent leaves these five as they are; Python's quote encodes them (its safe set is
// A–Z a–z 0–9 `_.-~` and nothing more when `safe=""`).
const KEPT_BY_JS_ONLY = /[!'()*]/g;
const percent = (character: string) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`;
/** Text made only of what both leave as it is: the usual model name, a one-word prompt. */
const NOTHING_TO_ENCODE = /^[A-Za-z0-9_.~-]*$/;

/**
 * Percent-encodes `text` exactly as Python's `urllib.parse.quote(text, safe="")` does (with
 * `plus`: `quote_plus`), which is how aiohttp encodes gpt4free's forms and file names: UTF-8
 * bytes, upper-case hex, only A–Z a–z 0–9 `_.-~` left as they are.
 */
export function pythonQuote(text: string, { plus = false }: PythonQuoteOptions = {}): string {
  // Checked first: two regular-expression replacements cost more than the rest of a short form.
  if (NOTHING_TO_ENCODE.test(text)) return text;
  let quoted: string;
  try {
    quoted = encodeURIComponent(text);
  } catch {
    // A lone surrogate cannot be UTF-8: encode what the UTF-8 encoder writes for it (U+FFFD), as
    // the multipart body does for the same text.
    quoted = encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));
  }
  quoted = quoted.replace(KEPT_BY_JS_ONLY, percent);
  return plus ? quoted.replace(/%20/g, '+') : quoted;
}
