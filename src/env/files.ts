import { dirname, join } from 'node:path';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The project's folder (where package.json, roms/, roms-config/ and policies/ are), without loading the addon. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The project's package.json (its version, the Node lines it supports). */
export function packageJson(): { version: string; engines: { node: string } } {
  return JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };
}

/** Writes a file atomically: a crash leaves the old file or the new one, never half of one. */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
