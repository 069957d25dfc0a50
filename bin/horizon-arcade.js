#!/usr/bin/env node
// Entry point of the `horizon-arcade` command: runs the TypeScript CLI through
// tsx's loader, so the project needs no separate build step. Policies run in
// isolated-vm, which needs Node started with --no-node-snapshot (Node 20):
// without it the command re-launches itself with that flag.
import { spawnSync } from 'node:child_process';

if (!process.execArgv.includes('--no-node-snapshot')) {
  const r = spawnSync(process.execPath, ['--no-node-snapshot', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
