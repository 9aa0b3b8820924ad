import { buildEchoAnswer } from './build-echo-answer.js';

describe('buildEchoAnswer', () => {
  it('echoes a one-line prompt', () => {
    expect(buildEchoAnswer({ model: 'gemini-1.5-flash', userInput: 'What is 2+2?' })).toBe('Echo from gemini-1.5-flash: What is 2+2?');
  });

  it('echoes the last message of a flattened conversation, not the Assistant: marker', () => {
    const userInput = 'System: Be brief\nUser: Hi\nAssistant: Hello!\nUser: What is 2+2?\nAssistant:';

    expect(buildEchoAnswer({ model: 'gemini-2.0-flash', userInput })).toBe('Echo from gemini-2.0-flash: User: What is 2+2?');
  });

  it('skips trailing blank lines', () => {
    expect(buildEchoAnswer({ model: 'm', userInput: 'first\nlast\n\n' })).toBe('Echo from m: last');
  });

  it('describes an attached image', () => {
    expect(buildEchoAnswer({ model: 'm', userInput: 'Describe', image: { contentType: 'image/jpeg', size: 1234 } })).toBe(
      'Echo from m: Describe [image: image/jpeg, 1234 bytes]',
    );
  });
});
