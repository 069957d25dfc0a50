/**
 * Set by the `horizon-arcade` wrapper (bin/) in the environment of the command
 * it re-launches, which must not outlive it. (A sweep's or worker's trainer
 * processes watch their IPC channel instead: src/cli/commands/run.ts.)
 */
export const EXIT_WITH_PARENT_ENV = 'HORIZON_ARCADE_EXIT_WITH_PARENT';

const CHECK_MS = 250;

/**
 * When this process was started with EXIT_WITH_PARENT_ENV, exits as soon as
 * its parent is gone (Linux has a parent-death signal, Node does not expose
 * it: a changed parent pid is the same fact). The variable is removed so that
 * this process's own children only watch it when it asks them to.
 */
export function exitWithParent(): void {
  if (process.env[EXIT_WITH_PARENT_ENV] !== '1') return;
  delete process.env[EXIT_WITH_PARENT_ENV];
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    process.stderr.write(`horizon-arcade: the process that started this one (${parent}) is gone; stopping\n`);
    process.exit(137); // 'exit' handlers still run: run-folder locks are released
  }, CHECK_MS);
  timer.unref();
}
