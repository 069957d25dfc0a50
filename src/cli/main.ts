import { Command, CommanderError } from 'commander';

import { HorizonError } from '../env/errors.ts';
import { packageJson } from '../env/files.ts';
import { exitWithParent } from './parent.ts';

/**
 * The command tree. A command's module (and everything it imports: the addon,
 * the sandbox, the queue, the plotting library) is loaded only when that
 * command runs or its own help is asked for; the lists in `--help` come from
 * the summaries here.
 */
interface CommandEntry {
  summary: string;
  /** Internal: left out of --help. */
  hidden?: boolean;
  load?: () => Promise<Command>;
  children?: Record<string, CommandEntry>;
}

const COMMANDS: Record<string, CommandEntry> = {
  train: { summary: 'learn a policy program from rollouts cut at the credit horizon', load: async () => (await import('./commands/train.ts')).trainCommand() },
  play: { summary: 'play a policy program and report scores and policy errors', load: async () => (await import('./commands/play.ts')).playCommand() },
  replay: { summary: "replay a run's policy into a GIF and PNG frames", load: async () => (await import('./commands/replay.ts')).replayCommand() },
  report: { summary: 'one self-contained HTML page for a run or a benchmark', load: async () => (await import('./commands/report.ts')).reportCommand() },
  dashboard: {
    summary: 'a live local web page over a folder of runs and sweeps: progress, curves, prompts, replays',
    load: async () => (await import('./commands/dashboard.ts')).dashboardCommand(),
  },
  bench: {
    summary: 'benchmarks: horizon sweeps, the study, speed, policy and object costs',
    children: {
      horizon: {
        summary: 'sweep training runs over games, credit horizons, batch sizes and seeds',
        load: async () => (await import('./commands/bench/horizon.ts')).benchHorizonCommand(),
      },
      paper: {
        summary: "the study's multi-step vs one-step comparison on its 8 games",
        load: async () => (await import('./commands/bench/paper.ts')).benchPaperCommand(),
      },
      speed: {
        summary: 'emulated frames per second, with and without the picture, vs ALE',
        load: async () => (await import('./commands/bench/speed.ts')).benchSpeedCommand(),
      },
      policy: { summary: 'cost of one sandboxed policy call', load: async () => (await import('./commands/bench/policy.ts')).benchPolicyCommand() },
      objects: { summary: 'cost of turning RAM into objects, per game', load: async () => (await import('./commands/bench/objects.ts')).benchObjectsCommand() },
      starters: {
        summary: "starter policies vs random; writes docs/policies.md's table",
        load: async () => (await import('./commands/bench/starters.ts')).benchStartersCommand(),
      },
    },
  },
  sweep: { summary: 'sweeps on the job queue: status, retry of lost runs', load: async () => (await import('./commands/sweep.ts')).sweepCommand() },
  worker: { summary: 'run queued training runs until stopped', load: async () => (await import('./commands/worker.ts')).workerCommand() },
  _run: {
    summary: 'the trainer process of a sweep or worker (internal)',
    hidden: true,
    load: async () => (await import('./commands/run.ts')).runCommand(),
  },
  objects: {
    summary: 'print the objects seen after each step, one JSON line per step',
    load: async () => (await import('./commands/objects.ts')).objectsCommand(),
  },
  trace: { summary: 'print a trace in the format of ALE reference traces', load: async () => (await import('./commands/trace.ts')).traceCommand() },
  fidelity: {
    summary: 'replay the ALE reference traces and report how many lines match',
    load: async () => (await import('./commands/fidelity.ts')).fidelityCommand(),
  },
  roms: { summary: 'list which known games a ROM folder holds', load: async () => (await import('./commands/roms.ts')).romsCommand() },
};

/**
 * Adds `entries` to `parent`: the one named by the next word of `args` in
 * full (loaded), the others as names with a summary, enough for help and for
 * commander's "did you mean" on a mistyped name.
 */
async function addCommands(parent: Command, entries: Record<string, CommandEntry>, args: string[]): Promise<void> {
  const words = args.filter((a) => !a.startsWith('-'));
  // `help train` asks for train's own help: train is loaded.
  const chosen = words[0] === 'help' ? words[1] : words[0];
  for (const [name, entry] of Object.entries(entries)) {
    if (name === chosen && entry.load) {
      parent.addCommand((await entry.load()).summary(entry.summary), { hidden: entry.hidden ?? false });
    } else if (name === chosen && entry.children) {
      const group = parent.command(name).summary(entry.summary).description(entry.summary);
      await addCommands(group, entry.children, args.slice(args.indexOf(name) + 1));
    } else {
      parent
        .command(name, { hidden: entry.hidden ?? false })
        .summary(entry.summary)
        .description(entry.summary);
    }
  }
}

/** Builds the command tree for `args` (the words after the program name), loading only the command they name. */
export async function buildProgram(args: string[]): Promise<Command> {
  const program = new Command('horizon-arcade')
    .description('Atari 2600 games with ALE semantics, TypeScript policies and credit-horizon learning')
    .version(packageJson().version, '-V, --version');
  await addCommands(program, COMMANDS, args);
  // A bad command line is one line with its code, like every other error.
  const output = {
    outputError: (text: string, write: (t: string) => void) =>
      write(
        `horizon-arcade: ${text
          .replace(/^error: /, '')
          .trim()
          .replace(/\s*\n\s*/g, ' ')} [ERR_BAD_ARGUMENT]\n`,
      ),
  };
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
  try {
    const program = await buildProgram(argv.slice(2));
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
