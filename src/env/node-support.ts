import semver from 'semver';

import { HorizonError } from './errors.ts';
import { packageJson } from './files.ts';

/** The Node.js lines horizon-arcade runs on: package.json's `engines.node`, its one owner. */
export const SUPPORTED_NODE: string = packageJson().engines.node;

/**
 * Throws ERR_UNSUPPORTED_NODE on a Node.js outside SUPPORTED_NODE. Called
 * before the sandbox's native module loads, which on another Node line would
 * fail with a dlopen stack trace instead of saying why.
 */
export function checkNodeVersion(version: string = process.versions.node): void {
  if (semver.satisfies(version, SUPPORTED_NODE)) return;
  throw new HorizonError(
    `Node.js ${version} is not supported: horizon-arcade runs on Node.js ${SUPPORTED_NODE} (docs/platforms.md); switch Node and run "npm install" again`,
    'ERR_UNSUPPORTED_NODE',
  );
}
