import { InvalidArgumentError } from './invalid-argument-error.js';

describe('InvalidArgumentError', () => {
  it('names the argument at fault, in the message and as a field', () => {
    const error = new InvalidArgumentError({ argument: 'messages[2].role', reason: "unknown role 'bot'." });

    expect(error.argument).toBe('messages[2].role');
    expect(error.message).toBe("Invalid messages[2].role: unknown role 'bot'.");
  });

  it('keeps the reason apart from the argument, so a caller can name the argument its own way', () => {
    const error = new InvalidArgumentError({ argument: 'options.temperature', reason: 'expected a number from 0 to 2, got 7.' });

    expect(error.reason).toBe('expected a number from 0 to 2, got 7.');
    expect(error.code).toBe('invalid-argument');
  });

  it('still takes the reason under its old name, message', () => {
    const error = new InvalidArgumentError({ argument: 'options.proxy', message: 'expected a URL.' });

    expect(error).toMatchObject({ argument: 'options.proxy', reason: 'expected a URL.', message: 'Invalid options.proxy: expected a URL.' });
  });

  it('keeps the cause', () => {
    const cause = new TypeError('Invalid URL');

    expect(new InvalidArgumentError({ argument: 'options.proxy', reason: 'bad', cause }).cause).toBe(cause);
  });
});
