import { formatTable } from './format-table.js';

describe('formatTable', () => {
  it('pads each column to its widest cell, two spaces apart, without trailing spaces', () => {
    const table = formatTable({
      head: ['MODEL', 'PROVIDERS', 'VISION'],
      rows: [
        ['gemini-2.0-flash', 'dynaspark, local', ''],
        ['llama', 'local', 'yes'],
      ],
    });

    expect(table).toBe(
      ['MODEL             PROVIDERS         VISION', 'gemini-2.0-flash  dynaspark, local', 'llama             local             yes', ''].join('\n'),
    );
  });

  it('lines up coloured cells by their visible width', () => {
    const red = (text: string) => `\u001b[31m${text}\u001b[39m`;

    const table = formatTable({
      head: ['STATUS', 'LATENCY'],
      rows: [
        [red('down'), '-'],
        ['healthy', '12 ms'],
      ],
    });

    expect(table.split('\n')[1]).toBe(`${red('down')}     -`);
  });

  it('styles the header line only', () => {
    const table = formatTable({ head: ['A', 'B'], rows: [['1', '2']], styleHead: (text) => `<${text}>` });

    expect(table).toBe('<A  B>\n1  2\n');
  });
});
