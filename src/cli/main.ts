import { Command, CommanderError } from 'commander';

import { HorizonError } from '../env/errors.ts';
import { exitWithParent } from '../env/parent.ts';
import { fidelityCommand } from './commands/fidelity.ts';
import { objectsCommand } from './commands/objects.ts';
import { playCommand } from './commands/play.ts';
import { romsCommand } from './commands/roms.ts';
import { traceCommand } from './commands/trace.ts';
import { replayCommand } from './commands/replay.ts';
import { reportCommand } from './commands/report.ts';
import { sweepCommand } from './commands/sweep.ts';
import { trainCommand } from './commands/train.ts';
import { workerCommand } from './commands/worker.ts';

/** Builds the command tree; exported so tests can parse argv without running. */
export function buildProgram(): Command {
  const program = new Command('horizon-arcade')
    .description('Atari 2600 games with ALE semantics, TypeScript policies and credit-horizon learning')
    .exitOverride();
  program.addCommand(traceCommand());
  program.addCommand(fidelityCommand());
  program.addCommand(romsCommand());
  program.addCommand(objectsCommand());
  program.addCommand(playCommand());
  program.addCommand(trainCommand());
  program.addCommand(replayCommand());
  program.addCommand(reportCommand());
  program.addCommand(workerCommand());
  program.addCommand(sweepCommand());
  // A bad command line is one line with its code, like every other error.
  const output = { outputError: (text: string, write: (t: string) => void) => write(`horizon-arcade: ${text.replace(/^error: /, '').trim()} [ERR_BAD_ARGUMENT]\n`) };
  const configure = (c: Command): void => {
    c.configureOutput(output).exitOverride();
    c.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/** Commander's ways of ending that are not errors. */
const NOT_ERRORS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version', 'commander.executeSubCommandAsync']);

/** Runs the CLI; returns the process exit code. Errors print one short line. */
export async function main(argv: string[]): Promise<number> {
  exitWithParent();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    // A command may set its own exit code (train: 130 when interrupted).
    return Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof CommanderError) return NOT_ERRORS.has(err.code) ? err.exitCode : 2;
    if (err instanceof HorizonError) {
      process.stderr.write(`horizon-arcade: ${err.message} [${err.code}]\n`);
      return 2;
    }
    throw err;
  }
}
