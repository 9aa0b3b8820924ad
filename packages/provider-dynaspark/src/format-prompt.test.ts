import { formatPrompt } from './format-prompt.js';

describe('formatPrompt (gpt4free format_prompt, byte for byte)', () => {
  it('writes the protocol page example exactly', () => {
    expect(
      formatPrompt([
        { role: 'system', content: 'Be brief' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'What is 2+2?' },
      ]),
    ).toBe('System: Be brief\nUser: Hi\nAssistant: Hello!\nUser: What is 2+2?\nAssistant:');
  });

  it('sends a single message as its bare text, whatever its role', () => {
    expect(formatPrompt([{ role: 'user', content: 'Hello' }])).toBe('Hello');
    expect(formatPrompt([{ role: 'system', content: 'Only a system prompt' }])).toBe('Only a system prompt');
  });

  it('keeps a single message text untouched, blank or multi-line', () => {
    expect(formatPrompt([{ role: 'user', content: 'line 1\nline 2\r\n  ' }])).toBe('line 1\nline 2\r\n  ');
  });

  it('drops blank messages when there are several', () => {
    expect(
      formatPrompt([
        { role: 'system', content: '   ' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'Again' },
      ]),
    ).toBe('User: Hi\nUser: Again\nAssistant:');
  });

  // Where Python's str.strip() and JavaScript's trim() disagree, the prompt follows Python's.
  it.each([
    ['U+001C', '\u001c'],
    ['U+001D', '\u001d'],
    ['U+001E', '\u001e'],
    ['U+001F', '\u001f'],
    ['U+0085', '\u0085'],
  ])('drops a message of only %s, which str.strip() removes and trim() keeps', (_name, blank) => {
    expect(
      formatPrompt([
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: `${blank} ${blank}` },
        { role: 'user', content: 'Bye' },
      ]),
    ).toBe('User: Hi\nUser: Bye\nAssistant:');
  });

  it('keeps a message of only U+FEFF, which str.strip() keeps and trim() removes', () => {
    expect(
      formatPrompt([
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: '\ufeff' },
      ]),
    ).toBe('User: Hi\nAssistant: \ufeff\nAssistant:');
  });

  it('capitalises every role', () => {
    expect(
      formatPrompt([
        { role: 'developer', content: 'd' },
        { role: 'tool', content: 't' },
      ]),
    ).toBe('Developer: d\nTool: t\nAssistant:');
  });

  it('concatenates text parts without a separator and ignores image parts', () => {
    expect(
      formatPrompt([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is ' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
            { type: 'text', text: 'this?' },
          ],
        },
      ]),
    ).toBe('What is this?');
  });

  it('reads a part with no type but a text, as gpt4free does', () => {
    const content = [{ text: 'untyped' }] as unknown as [{ type: 'text'; text: string }];
    expect(formatPrompt([{ role: 'user', content }])).toBe('untyped');
  });

  it('treats missing content as empty and escapes nothing', () => {
    const missing = { role: 'assistant', content: null } as unknown as { role: 'assistant'; content: string };
    expect(formatPrompt([{ role: 'user', content: 'a "quoted" <b>&amp;</b>' }, missing])).toBe('User: a "quoted" <b>&amp;</b>\nAssistant:');
  });

  it('keeps line breaks inside messages of a conversation', () => {
    expect(
      formatPrompt([
        { role: 'user', content: 'first\nsecond' },
        { role: 'assistant', content: 'ok' },
      ]),
    ).toBe('User: first\nsecond\nAssistant: ok\nAssistant:');
  });
});
