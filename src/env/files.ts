import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's folder (where package.json, roms/, roms-config/ and policies/ are), without loading the addon. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The project's package.json (its version, the Node lines it supports). */
export function packageJson(): { version: string; engines: { node: string } } {
  return JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };
}

/**
 * The git commit the project runs from and whether its tracked files differ
 * from it, for a run's record; undefined outside a git checkout (an installed
 * package) or without git.
 */
export function sourceCommit(): { commit: string; uncommittedChanges: boolean } | undefined {
  if (!existsSync(join(projectRoot, '.git'))) return undefined;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git('rev-parse', 'HEAD'), uncommittedChanges: git('status', '--porcelain', '--untracked-files=no') !== '' };
  } catch {
    return undefined;
  }
}

/** Writes a file atomically: a crash leaves the old file or the new one, never half of one. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
