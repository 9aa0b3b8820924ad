import { ESCAPE, runSwitchboard } from './run-switchboard.js';

describe('switchboard demo', () => {
  it('runs every step against the bundled emulators and exits 0', async () => {
    const run = await runSwitchboard(['demo']);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const headings = run.stdout.split('\n').filter((line) => line.startsWith('== '));
    expect(headings).toEqual([
      '== The setup',
      '== switchboard models',
      '== generate: a conversation, one answer',
      '== stream: text as it arrives',
      '== an image',
      '== a retry: Dynaspark answers 503 twice',
      '== a fallback: Dynaspark rate-limited for 60 s',
      '== switchboard health: Dynaspark switched off',
      '== Done',
    ]);
    expect(run.stdout).toContain('Attempts: dynaspark #1 error (api-call) -> dynaspark #2 error (api-call) -> dynaspark #3 success.');
    expect(run.stdout).toContain('Attempts: dynaspark #1 error (rate-limit) -> local #1 success.');
    expect(run.stdout).toMatch(/^dynaspark\s+down\s/m);
    // The last call's story matches its trail: Dynaspark still cooling down from the 60 s Retry-After.
    expect(run.stdout).toContain(
      'Attempts: dynaspark #0 skipped (rate-limit) -> local #1 success. Dynaspark is still cooling down from its 60 s Retry-After, so it was passed over without a request and the call did not wait on it.',
    );
    expect(run.stdout).not.toMatch(ESCAPE);
  });
});
