import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the checked-in screenshots of the dashboard live (linked from the READMEs). */
const DOCS_DIR = new URL('../../../../docs/dashboard/', import.meta.url).pathname;
let scratchDir: string | undefined;

/**
 * Where a browser test saves the screenshot `name`: in docs/dashboard/ when asked
 * (`SWITCHBOARD_UPDATE_SCREENSHOTS=1`) or when it is missing, else in a temporary folder, taken all
 * the same. A test run thus leaves no changed images in every developer's checkout.
 */
export function screenshotPath(name: string): string {
  const checkedIn = join(DOCS_DIR, `${name}.png`);
  if (process.env['SWITCHBOARD_UPDATE_SCREENSHOTS'] === '1' || !existsSync(checkedIn)) {
    mkdirSync(DOCS_DIR, { recursive: true });
    return checkedIn;
  }
  scratchDir ??= mkdtempSync(join(tmpdir(), 'switchboard-screens-'));
  return join(scratchDir, `${name}.png`);
}
