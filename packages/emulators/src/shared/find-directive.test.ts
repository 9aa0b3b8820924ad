import { findDirective } from './find-directive.js';

describe('findDirective', () => {
  it.each([
    ['plain text', 'Hello there', undefined],
    ['a hash that is no directive', 'Use C# please', undefined],
    ['#fault:<kind>', 'Hi #fault:rate-limit-ms please', 'rate-limit-ms'],
    ['an unknown kind, as written', '#fault:meteor', 'meteor'],
    ['#empty', 'say nothing #empty', 'empty'],
    ['#emptyish is not #empty', 'an #emptyish day', undefined],
    ['#fault before #empty', '#empty #fault:reset', 'reset'],
  ])('%s', (_case, userInput, expected) => {
    expect(findDirective(userInput)).toBe(expected);
  });
});
