import { messageText } from './message-text.js';

describe('messageText', () => {
  it('returns string content as is', () => {
    expect(messageText({ content: '  Hi\n' })).toBe('  Hi\n');
  });

  it('joins text parts with no separator, typed or not, and skips images', () => {
    expect(
      messageText({
        content: [
          { type: 'text', text: 'Look at ' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          { text: 'this' } as never,
          { type: 'text', text: '.' },
        ],
      }),
    ).toBe('Look at this.');
  });

  it('is empty for missing content or a list without text', () => {
    expect(messageText({ content: undefined as never })).toBe('');
    expect(messageText({ content: null as never })).toBe('');
    expect(messageText({ content: [] })).toBe('');
    expect(messageText({ content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] })).toBe('');
  });
});
