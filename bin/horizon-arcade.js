#!/usr/bin/env node
// Entry point of the `horizon-arcade` command: runs the TypeScript CLI through
// tsx's loader, so the project needs no separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
