#!/usr/bin/env node
// Entry point of the `horizon-arcade` command. It runs the compiled dist/ (an
// installed package has nothing else; npm install and npm run build make it in
// a checkout), unless a TypeScript source is newer than the build: then the
// sources through tsx's loader, so editing needs no build step. Policies run in
// isolated-vm, which needs Node started with --no-node-snapshot (Node 20 and
// later): without it the command re-launches itself with that flag.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Whether dist/ was built after the last change to src/ (always, in an installed package: it has no src/). */
function compiledIsCurrent() {
  const built = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
  const src = fileURLToPath(new URL('../src', import.meta.url));
  if (!existsSync(built)) return false;
  if (!existsSync(src)) return true;
  const builtAt = statSync(built).mtimeMs;
  const changed = (dir) =>
    readdirSync(dir, { withFileTypes: true }).some((e) => (e.isDirectory() ? changed(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs > builtAt));
  return !changed(src);
}

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
  const fromSources = !compiledIsCurrent();
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
