// Printable ASCII only: Node refuses control characters in headers, and clients read other bytes as Latin-1.
const UNSAFE = /[^\x20-\x7e]/;
const UNSAFE_ALL = /[^\x20-\x7e]/g;

/** A value safe to put in a response header: characters outside printable ASCII are percent-encoded. */
export function headerValue(value: string): string {
  return UNSAFE.test(value) ? value.replace(UNSAFE_ALL, (character) => encodeURIComponent(character)) : value;
}
