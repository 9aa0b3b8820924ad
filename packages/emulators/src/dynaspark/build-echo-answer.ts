export interface BuildEchoAnswerOptions {
  model: string;
  userInput: string;
  /** The image that came with the request, if any. */
  image?: { contentType: string; size: number } | undefined;
}

/**
 * The emulator's answer: a pure function of the request, so tests can predict it. It echoes the
 * last line of the prompt, skipping the `Assistant:` marker that ends a flattened conversation
 * (echoing the marker would say nothing about what the user asked).
 *
 * @example buildEchoAnswer({ model: 'gemini-2.0-flash', userInput: 'User: Hi\nAssistant:' })
 *   // 'Echo from gemini-2.0-flash: User: Hi'
 */
export function buildEchoAnswer(options: BuildEchoAnswerOptions): string {
  const { model, userInput, image } = options;
  const lines = userInput.split('\n');
  let last = lines.length - 1;
  while (last >= 0 && (lines[last]?.trim() ?? '') === '') last -= 1;
  if (last > 0 && lines[last]?.trim() === 'Assistant:') last -= 1;
  const echoed = last >= 0 ? (lines[last] ?? '') : '';
  const attachment = image ? ` [image: ${image.contentType}, ${image.size} bytes]` : '';
  return `Echo from ${model}: ${echoed}${attachment}`;
}
