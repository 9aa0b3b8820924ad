const TOOLS_DIRECTIVE = /#tools:\s*(\d+)/;
const INVALID_DIRECTIVE = /#invalid-object\b/;

/** What a prompt asks of the emulator's answer, besides faults. */
export interface AnswerDirectives {
  /** `#tools:N`: how many tool calls to make (0: answer with text instead, where the choice allows). */
  toolCalls: number | undefined;
  /** `#invalid-object`: answer a JSON Schema response format with an object that breaks the schema. */
  invalidObject: boolean;
  /** The prompt without these directives, trimmed: what generated arguments and objects repeat. */
  text: string;
}

/**
 * Reads the answer directives of the last user message, so a test picks the shape of the answer
 * from the prompt alone (as `#fault:` picks a fault).
 */
export function readAnswerDirectives(prompt: string): AnswerDirectives {
  const count = TOOLS_DIRECTIVE.exec(prompt)?.[1];
  return {
    toolCalls: count === undefined ? undefined : Number(count),
    invalidObject: INVALID_DIRECTIVE.test(prompt),
    text: prompt.replace(TOOLS_DIRECTIVE, '').replace(INVALID_DIRECTIVE, '').replace(/\s+/g, ' ').trim(),
  };
}
