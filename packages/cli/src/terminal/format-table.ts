import { stripVTControlCharacters } from 'node:util';

/** Options of {@link formatTable}. */
export interface FormatTableOptions {
  /** Column titles. */
  head: readonly string[];
  /** One array of cells per row, as many as `head`. */
  rows: readonly (readonly string[])[];
  /** Applied to the header line (bold on a terminal). @default no style */
  styleHead?: (text: string) => string;
}

/**
 * A plain-text table: columns padded to their widest cell (measured without colour codes, so
 * coloured cells line up), two spaces apart, no trailing spaces. Ends with a newline.
 */
export function formatTable({ head, rows, styleHead = (text) => text }: FormatTableOptions): string {
  const widths = head.map((title, column) => Math.max(title.length, ...rows.map((row) => visibleLength(row[column] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat(widths[column]! - visibleLength(cell))))
      .join('  ')
      .trimEnd();
  return `${[styleHead(line(head)), ...rows.map(line)].join('\n')}\n`;
}

function visibleLength(text: string): number {
  return stripVTControlCharacters(text).length;
}
