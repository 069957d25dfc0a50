// npm run docs:settings: rewrites the settings table of docs/training.md from src/loop/settings-table.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '../src/env/files.ts';
import { withSettingsTable } from '../src/loop/settings-table.ts';

const file = join(projectRoot, 'docs', 'training.md');
writeFileSync(file, withSettingsTable(readFileSync(file, 'utf8')));
console.log(`wrote the settings table of ${file}`);
