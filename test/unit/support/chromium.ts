import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, which the code-server install step puts on the machine. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless Chromium for a suite of webview tests, from its `before` hook. CI installs Chromium
 * and builds the bundle first, so there a missing one fails; elsewhere the suite is skipped and
 * says why.
 */
export async function launchChromium(context: Mocha.Context, bundle: string): Promise<Browser> {
  if (!existsSync(CHROMIUM) || !existsSync(bundle)) {
    if (process.env.CI) throw new Error(`${existsSync(CHROMIUM) ? bundle : CHROMIUM} is missing`);
    context.skip();
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
