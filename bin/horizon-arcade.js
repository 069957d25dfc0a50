#!/usr/bin/env node
// Entry point of the `horizon-arcade` command. In the project's own checkout it
// runs the TypeScript sources through tsx's loader, so editing needs no build
// step; an installed package has no sources and runs its compiled dist/. Policies
// run in isolated-vm, which needs Node started with --no-node-snapshot (Node 20
// and later): without it the command re-launches itself with that flag.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!process.execArgv.includes('--no-node-snapshot')) {
  // The child exits when this wrapper dies, even by SIGKILL (src/env/parent.ts).
  const env = { ...process.env, HORIZON_ARCADE_EXIT_WITH_PARENT: '1' };
  const child = spawn(process.execPath, ['--no-node-snapshot', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
  // The child decides what a signal means (train stops cleanly on Ctrl-C);
  // this wrapper only passes signals on and exits the way the child did.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
} else {
  const fromSources = existsSync(new URL('../src/cli/main.ts', import.meta.url));
  if (fromSources) (await import('tsx/esm/api')).register();
  let main;
  try {
    ({ main } = await import(fromSources ? '../src/cli/main.ts' : '../dist/cli/main.js'));
  } catch (err) {
    // A project that cannot load (a Node.js it does not support, an addon not built) says why in one line.
    if (err?.name !== 'HorizonError') throw err;
    process.stderr.write(`horizon-arcade: ${err.message} [${err.code}]\n`);
    process.exit(2);
  }
  process.exitCode = await main(process.argv);
}
