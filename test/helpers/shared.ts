import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The team's shared data folder (ROMs, ALE reference traces, CPU test image). */
export const SHARED = resolve(process.env.HORIZON_ARCADE_SHARED ?? join(import.meta.dirname, '..', '..', '..', 'shared'));
export const ROMS = join(SHARED, 'roms');
export const REFERENCE = join(SHARED, 'reference');

/**
 * True when `path` exists. When it is missing: in CI (CI set) this throws, so
 * the suite fails rather than silently skipping; locally it warns and the
 * caller skips.
 */
export function sharedAvailable(path: string): boolean {
  if (existsSync(path)) return true;
  const message = `shared test data missing: ${path} (put ../shared beside the project)`;
  if (process.env.CI) throw new Error(message);
  console.warn(`skipping: ${message}`);
  return false;
}
