import { HorizonError } from '../../src/env/errors.ts';
import { checkNodeVersion } from '../../src/env/node-support.ts';

/** Global setup: on a Node.js the project does not support, one line instead of every test failing to load the sandbox. */
export default function setup(): void {
  try {
    checkNodeVersion();
  } catch (err) {
    if (!(err instanceof HorizonError)) throw err;
    process.stderr.write(`horizon-arcade tests: ${err.message} [${err.code}]\n`);
    process.exit(2);
  }
}
