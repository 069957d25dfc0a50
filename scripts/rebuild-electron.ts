// npm run rebuild:electron -- --electron VERSION (docs/platforms.md)
// Rebuilds the native parts (our addon and isolated-vm, the policy sandbox)
// for an Electron app embedding horizon-arcade, with @electron/rebuild. It
// downloads that Electron version's headers, so it needs the network.
// Afterwards the build is for Electron only: `npm run build:native` (and
// `npm rebuild isolated-vm`) go back to Node.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

import { rebuild } from '@electron/rebuild';

import { projectRoot } from '../src/env/files.ts';

const { values } = parseArgs({ options: { electron: { type: 'string' }, arch: { type: 'string' } } });

function installedElectron(): string | undefined {
  try {
    return (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
  } catch {
    return undefined;
  }
}

const electronVersion = values.electron ?? process.env.ELECTRON_VERSION ?? installedElectron();
if (!electronVersion || !/^\d+\.\d+\.\d+/.test(electronVersion)) {
  console.error(
    'rebuild:electron needs the Electron version to build for: npm run rebuild:electron -- --electron VERSION (or ELECTRON_VERSION, or electron installed beside the project; docs/platforms.md)',
  );
  process.exit(2);
}
console.log(`rebuilding native modules of ${projectRoot} for Electron ${electronVersion}...`);
try {
  await rebuild({ buildPath: projectRoot, electronVersion, arch: values.arch ?? process.arch, force: true, onlyModules: ['horizon-arcade', 'isolated-vm'] });
  console.log('done: build/Release/horizon_arcade.node and isolated-vm now target Electron');
} catch (err) {
  console.error(`rebuild:electron failed: ${(err as Error).message}`);
  console.error("It downloads Electron's headers from electronjs.org: check the network (and proxy settings).");
  process.exit(1);
}
