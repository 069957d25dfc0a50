// npm run gen:obs-types: writes policies/<game>/obs.d.ts for every game with an object map.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '../src/env/files.ts';
import { loadGameConfigs } from '../src/env/roms-config.ts';
import { obsDeclaration } from '../src/policy/obs-types.ts';

for (const game of loadGameConfigs().values()) {
  if (!game.objects) continue;
  const dir = join(projectRoot, 'policies', game.id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'obs.d.ts'), obsDeclaration(game));
  console.log(`policies/${game.id}/obs.d.ts`);
}
