import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { type RequiredResource, skipNote } from '../../../core/test/helpers/required-resource';

/** Debian's Chromium; `pnpm test` installs it (scripts/system-deps.sh), and nothing here downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

export const CHROMIUM_BROWSER: RequiredResource = {
  name: `Chromium (${CHROMIUM})`,
  present: HAVE_CHROMIUM,
  howToGet: 'apt-get install -y chromium (pnpm test does it as root: scripts/system-deps.sh).',
};

/** Said in the test names when the browser is missing, so that a skipped run tells why. */
export const SKIPPED = skipNote(CHROMIUM_BROWSER);

/**
 * Headless Chromium with a fresh profile (a persistent context is how playwright takes a
 * --user-data-dir of our own) and no background traffic: the machine has no network. `extraArgs`
 * are added to the flags (the WebGL conformance run names its renderer).
 */
export async function launchChromium(
  extraArgs: readonly string[] = [],
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'gradcam-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
