import { Command } from 'commander';

import { scanRoms } from '../../env/rom-scan.ts';
import { defaultRomsDir } from '../options.ts';

export function romsCommand(): Command {
  return new Command('roms')
    .description('list which known games a ROM folder holds (by md5), unknown files and missing games')
    .argument('[dir]', 'ROM folder ($HORIZON_ARCADE_ROMS, else ./roms)')
    .option('--json', 'print the result as JSON')
    .action((dir: string | undefined, o: { json?: boolean }) => {
      const scan = scanRoms(dir ?? defaultRomsDir());
      if (o.json) {
        process.stdout.write(JSON.stringify(scan, null, 2) + '\n');
        return;
      }
      const out: string[] = [`ROM folder ${scan.dir}:`, `  found ${scan.found.length} known game(s):`];
      for (const f of scan.found) out.push(`    ${f.game.padEnd(16)} ${f.file}`);
      out.push(`  ${scan.unknown.length} unknown file(s)${scan.unknown.length ? ' (md5 not in roms-config):' : ''}`);
      for (const u of scan.unknown) out.push(`    ${u.md5}  ${u.file}`);
      out.push(`  missing: ${scan.missing.length ? scan.missing.join(', ') : 'none'}`);
      process.stdout.write(out.join('\n') + '\n');
    });
}
