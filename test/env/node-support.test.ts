import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';
import { checkNodeVersion, SUPPORTED_NODE } from '../../src/env/node-support.ts';

describe('supported Node.js lines', () => {
  it('are the ones package.json declares, and this test runs on one of them', () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(SUPPORTED_NODE).toBe(pkg.engines.node);
    expect(() => checkNodeVersion()).not.toThrow();
    // npm install refuses another Node outright.
    expect(readFileSync(join(projectRoot, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
  });

  it.each(['22.12.0', '22.23.5', '24.0.0', '24.22.3'])('%s is supported', (v) => {
    expect(() => checkNodeVersion(v)).not.toThrow();
  });

  it.each(['20.20.2', '22.11.0', '23.5.0', '25.0.0', '26.1.0', '18.20.0'])('%s is refused in one coded line', (v) => {
    expect(() => checkNodeVersion(v)).toThrow(
      expect.objectContaining({
        code: 'ERR_UNSUPPORTED_NODE',
        message: `Node.js ${v} is not supported: horizon-arcade runs on Node.js ^22.12.0 || ^24.0.0 (docs/platforms.md); switch Node and run "npm install" again`,
      }),
    );
  });
});
