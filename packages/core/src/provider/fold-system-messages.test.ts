import { foldSystemMessages } from './fold-system-messages.js';
import type { Message } from './message.js';

describe('foldSystemMessages', () => {
  it('returns the very same messages when there is nothing to fold', () => {
    const messages: Message[] = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
    ];

    const result = foldSystemMessages(messages);

    expect(result.folded).toBe(0);
    expect(result.messages).toBe(messages);
  });

  it('moves system and developer messages into the first user message, as leading paragraphs', () => {
    const result = foldSystemMessages([
      { role: 'system', content: 'Answer in French.' },
      { role: 'developer', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Salut' },
      { role: 'user', content: 'How are you?' },
    ]);

    expect(result).toEqual({
      folded: 2,
      messages: [
        { role: 'user', content: 'Answer in French.\n\nBe brief.\n\nHi' },
        { role: 'assistant', content: 'Salut' },
        { role: 'user', content: 'How are you?' },
      ],
    });
  });

  it('also folds a system message that comes after the first user message', () => {
    const result = foldSystemMessages([
      { role: 'user', content: 'Hi' },
      { role: 'system', content: 'Be brief.' },
    ]);

    expect(result).toEqual({ folded: 1, messages: [{ role: 'user', content: 'Be brief.\n\nHi' }] });
  });

  it('puts the preamble in a leading text part when the user message has parts', () => {
    const image = { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,AAAA' } };
    const result = foldSystemMessages([
      { role: 'system', content: [{ type: 'text', text: 'Describe images.' }] },
      { role: 'user', content: [{ type: 'text', text: 'What is this?' }, image], name: 'ada' },
    ]);

    expect(result.messages).toEqual([
      { role: 'user', name: 'ada', content: [{ type: 'text', text: 'Describe images.\n\n' }, { type: 'text', text: 'What is this?' }, image] },
    ]);
  });

  it('skips blank instructions but still counts them as folded', () => {
    const result = foldSystemMessages([
      { role: 'system', content: '  ' },
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);

    expect(result).toEqual({ folded: 2, messages: [{ role: 'user', content: 'Be brief.\n\nHi' }] });
  });

  it('drops instructions that are all blank, leaving the user message as it was', () => {
    const result = foldSystemMessages([
      { role: 'system', content: '' },
      { role: 'user', content: 'Hi' },
    ]);

    expect(result).toEqual({ folded: 1, messages: [{ role: 'user', content: 'Hi' }] });
  });

  it('adds no empty user message for blank instructions', () => {
    const result = foldSystemMessages([
      { role: 'system', content: ' ' },
      { role: 'assistant', content: 'Hello' },
    ]);

    expect(result).toEqual({ folded: 1, messages: [{ role: 'assistant', content: 'Hello' }] });
  });

  it('makes the instructions a user message of their own when there is no user message', () => {
    const result = foldSystemMessages([
      { role: 'system', content: 'Be brief.' },
      { role: 'assistant', content: 'Hello' },
    ]);

    expect(result).toEqual({
      folded: 1,
      messages: [
        { role: 'user', content: 'Be brief.' },
        { role: 'assistant', content: 'Hello' },
      ],
    });
  });

  it('does not change the messages it was given', () => {
    const messages: Message[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ];
    const copy = structuredClone(messages);

    foldSystemMessages(messages);

    expect(messages).toEqual(copy);
  });
});
