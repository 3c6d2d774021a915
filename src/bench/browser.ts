import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The Chromium the browser tests drive: Debian's by default, or the one BENCHSCOPE_CHROMIUM names. */
export const CHROMIUM = process.env['BENCHSCOPE_CHROMIUM'] ?? '/usr/bin/chromium';

/** Launch headless Chromium, or fail with what to install: browser tests never skip silently. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it (Debian/Ubuntu: apt-get install -y chromium) or set BENCHSCOPE_CHROMIUM to a Chromium or Chrome binary.`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}
