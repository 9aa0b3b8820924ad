import { MediaError } from '../errors/media-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Message, Prompt } from './message.js';
import { normalizePrompt } from './normalize-prompt.js';

function thrown(run: () => unknown): InvalidArgumentError {
  try {
    run();
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a throw');
}

const refusal = (prompt: unknown) => thrown(() => normalizePrompt(prompt as Prompt));

describe('normalizePrompt', () => {
  it('turns a string into one user message', () => {
    expect(normalizePrompt('Hi')).toEqual({ messages: [{ role: 'user', content: 'Hi' }], inlineImages: [] });
  });

  it('keeps a conversation as given', () => {
    const messages: Message[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'developer', content: 'Use metric units.' },
      { role: 'user', content: 'Hi', name: 'ada' },
      { role: 'assistant', content: 'Hello' },
      { role: 'tool', content: '{"ok":true}' },
    ];

    expect(normalizePrompt(messages).messages).toBe(messages);
  });

  it('accepts text parts, with or without a type', () => {
    const messages = [{ role: 'user', content: [{ type: 'text', text: 'Hi' }, { text: ' there' }] }];

    expect(normalizePrompt(messages as never).messages).toBe(messages);
  });

  it('collects data: images, with where each was found', () => {
    const { inlineImages } = normalizePrompt([
      { role: 'user', content: 'Look' },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          { type: 'image_url', image_url: 'data:image/gif;base64,BBBB' } as never,
        ],
      },
    ]);

    expect(inlineImages).toEqual([
      { url: 'data:image/png;base64,AAAA', origin: 'messages[1].content[0]' },
      { url: 'data:image/gif;base64,BBBB', origin: 'messages[1].content[1]' },
    ]);
  });

  it('refuses a remote image URL with a MediaError naming the part: images are never dropped, nor downloaded', () => {
    const run = () =>
      normalizePrompt([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look' },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
      ]);

    expect(run).toThrow(MediaError);
    expect(run).toThrow(/^messages\[0\]\.content\[1\]\.image_url\.url: 'https:\/\/example\.com\/cat\.jpg' is a remote URL/);
    let caught: unknown;
    try {
      run();
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ path: 'messages[0].content[1]' });
  });

  it('accepts a message without content next to one with text', () => {
    expect(() =>
      normalizePrompt([
        { role: 'assistant', content: null },
        { role: 'user', content: 'Hi' },
      ] as never),
    ).not.toThrow();
  });

  it('refuses an empty or blank string', () => {
    expect(refusal('').argument).toBe('messages');
    expect(refusal('').message).toBe('Invalid messages: the prompt is an empty string; pass some text or a list of messages.');
    expect(refusal('  \n').message).toBe('Invalid messages: the prompt is blank (whitespace only); pass some text or a list of messages.');
  });

  it('refuses what is neither a string nor an array', () => {
    expect(refusal(null).message).toBe('Invalid messages: expected a string or an array of { role, content } messages, got null.');
    expect(refusal({ role: 'user', content: 'Hi' }).message).toContain('got object');
  });

  it('refuses an empty conversation', () => {
    expect(refusal([]).message).toBe('Invalid messages: the conversation is empty; pass at least one message.');
  });

  it('refuses a message that is not an object', () => {
    const error = refusal(['Hi']);

    expect(error.argument).toBe('messages[0]');
    expect(error.message).toContain('got string');
  });

  it('refuses an unknown or missing role, listing the known ones', () => {
    const error = refusal([
      { role: 'user', content: 'Hi' },
      { role: 'bot', content: 'Hello' },
    ]);

    expect(error.argument).toBe('messages[1].role');
    expect(error.message).toBe(`Invalid messages[1].role: unknown role "bot"; expected one of 'system', 'developer', 'user', 'assistant', 'tool'.`);
    expect(refusal([{ content: 'Hi' }]).argument).toBe('messages[0].role');
  });

  it('refuses content that is neither a string nor a list of parts', () => {
    const error = refusal([{ role: 'user', content: 42 }]);

    expect(error.argument).toBe('messages[0].content');
    expect(error.message).toContain('got number');
  });

  it('refuses a part that is not an object', () => {
    expect(refusal([{ role: 'user', content: ['Hi'] }]).argument).toBe('messages[0].content[0]');
  });

  it('refuses a text part whose text is not a string', () => {
    const error = refusal([{ role: 'user', content: [{ type: 'text', text: 42 }] }]);

    expect(error.argument).toBe('messages[0].content[0].text');
    expect(error.message).toContain('expected a string, got number');
  });

  it('refuses an image part without a URL', () => {
    const error = refusal([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Hi' },
          { type: 'image_url', image_url: {} },
        ],
      },
    ]);

    expect(error.argument).toBe('messages[0].content[1].image_url.url');
  });

  it('refuses an unknown part type', () => {
    const error = refusal([{ role: 'user', content: [{ type: 'audio', data: 'AAAA' }] }]);

    expect(error.argument).toBe('messages[0].content[0].type');
    expect(error.message).toBe(`Invalid messages[0].content[0].type: unknown part type "audio"; expected 'text' or 'image_url'.`);
  });

  it('refuses a conversation in which no message has text', () => {
    const error = refusal([
      { role: 'system', content: '   ' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
    ]);

    expect(error.argument).toBe('messages');
    expect(error.message).toBe('Invalid messages: no message has any text; at least one message needs non-blank text.');
  });

  describe('tool calls in the history, checked in linear time', () => {
    // 160,000 calls: with a list scanned for every id (what this replaced) that is 1.3e10
    // comparisons, minutes of a blocked event loop; with a Set it is a blink.
    const calls = 160_000;
    const toolCalls = Array.from({ length: calls }, (_, index) => ({ id: `call_${index}`, name: 'lookup', arguments: '{}' }));

    it('takes a conversation with 160,000 tool calls and their answers', () => {
      const messages = [
        { role: 'user', content: 'Look everything up' },
        { role: 'assistant', content: null, toolCalls },
        ...toolCalls.map((call) => ({ role: 'tool', toolCallId: call.id, content: 'ok' })),
      ];

      expect(normalizePrompt(messages as Prompt).messages).toHaveLength(calls + 2);
    });

    it('refuses a repeated id among 160,000, naming the second', () => {
      const error = refusal([
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: null, toolCalls: [...toolCalls, { id: 'call_7', name: 'lookup', arguments: '{}' }] },
      ]);

      expect(error.argument).toBe(`messages[1].toolCalls[${calls}].id`);
    });

    it('names a few of the calls so far, not all 160,000, when an answer matches none', () => {
      const error = refusal([
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: null, toolCalls },
        { role: 'tool', toolCallId: 'nope', content: 'ok' },
      ]);

      expect(error.argument).toBe('messages[2].toolCallId');
      expect(error.message).toContain("the calls so far are 'call_0', 'call_1'");
      expect(error.message).toContain(`and ${calls - 10} more.`);
      expect(error.message.length).toBeLessThan(500);
    });
  });
});
