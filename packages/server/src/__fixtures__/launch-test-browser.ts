import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`), or the one CHROMIUM_PATH names. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';

/**
 * Whether the browser tests can run. Without Chromium they are skipped with one line saying how
 * to install it, except under CI, where a missing browser is a failure (`.ci/run` installs it).
 */
export function browserAvailability(): { available: true } | { available: false; required: boolean; note: string } {
  if (existsSync(CHROMIUM_PATH)) return { available: true };
  return {
    available: false,
    required: process.env['CI'] === 'true' || process.env['CI'] === '1',
    note: `dashboard browser tests skipped: no Chromium at ${CHROMIUM_PATH} (install it with 'apt-get install chromium', or set CHROMIUM_PATH)`,
  };
}

/** Flags for a headless run on a CI machine: no sandbox (root), no GPU, nothing phoning home. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium with a fresh profile (deleted on close). */
export async function launchTestBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'switchboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: FLAGS,
    headless: true,
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
