import { closestNames } from './closest-names.js';

describe('closestNames', () => {
  const models = ['gemini-1.5-flash', 'gemini-1.5-flash-8b', 'gemini-2.0-flash', 'gemini-2.0-flash-lite', 'gpt-4o'];

  it('puts a one-letter typo first', () => {
    expect(closestNames('gemini-2.0-flsh', models)[0]).toBe('gemini-2.0-flash');
  });

  it('finds names that contain what was typed', () => {
    expect(closestNames('flash-lite', models)).toContain('gemini-2.0-flash-lite');
  });

  it('returns nothing for an empty name or a name far from everything', () => {
    expect(closestNames('', models)).toEqual([]);
    expect(closestNames('completely-different-thing', models)).toEqual([]);
  });

  it('returns at most `limit` names, best first', () => {
    expect(closestNames('gemini', models, { limit: 2 })).toHaveLength(2);
  });
});
