import { execFileSync } from 'node:child_process';

/** The system's Chromium (Debian package `chromium`; .ci/run installs it). Missing: fails in CI, skips locally. */
export function chromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      /* try the next */
    }
  }
  if (process.env.CI) throw new Error('Chromium is missing (apt-get install chromium)');
  console.warn('skipping: Chromium is not installed (apt-get install chromium)');
  return undefined;
}
