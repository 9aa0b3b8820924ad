/**
 * `text` cut into `count` pieces of about the same length (fewer when it is shorter), so a
 * streamed tool call or JSON answer arrives the way models produce them: a few characters at a
 * time, cut anywhere, never at a convenient boundary.
 */
export function splitIntoPieces(text: string, count: number): string[] {
  const characters = Array.from(text);
  const size = Math.max(1, Math.ceil(characters.length / count));
  const pieces: string[] = [];
  for (let start = 0; start < characters.length; start += size) pieces.push(characters.slice(start, start + size).join(''));
  return pieces;
}
