import { InvalidArgumentError } from './invalid-argument-error.js';

describe('InvalidArgumentError', () => {
  it('names the argument at fault, in the message and as a field', () => {
    const error = new InvalidArgumentError({ argument: 'messages[2].role', message: "unknown role 'bot'." });

    expect(error.argument).toBe('messages[2].role');
    expect(error.message).toBe("Invalid messages[2].role: unknown role 'bot'.");
  });

  it('keeps the cause', () => {
    const cause = new TypeError('Invalid URL');

    expect(new InvalidArgumentError({ argument: 'options.proxy', message: 'bad', cause }).cause).toBe(cause);
  });
});
