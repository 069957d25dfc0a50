// npm run gen:step-status: writes native/env/StepStatus.h from src/env/step-status.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '../src/env/files.ts';
import { stepStatusHeader } from '../src/env/step-status.ts';

writeFileSync(join(projectRoot, 'native/env/StepStatus.h'), stepStatusHeader());
console.log('native/env/StepStatus.h');
