const FAULT_DIRECTIVE = /#fault:([\w-]+)/;
const EMPTY_DIRECTIVE = /#empty\b/;

/**
 * The fault a prompt asks for with `#fault:<kind>` (or `#empty`, short for `#fault:empty`), so a
 * demo or test can trigger a fault from the chat box without configuring the emulator. Returns the
 * kind as written (it may not be a known kind), or undefined.
 */
export function findDirective(userInput: string): string | undefined {
  if (!userInput.includes('#')) return undefined;
  const fault = FAULT_DIRECTIVE.exec(userInput);
  if (fault) return fault[1];
  return EMPTY_DIRECTIVE.test(userInput) ? 'empty' : undefined;
}
