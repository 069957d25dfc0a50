import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/env/files.ts';

/**
 * The folders of src/, bottom first (docs/architecture.md): a module may
 * import modules of a lower rank, and of its own folder at its own rank,
 * never one above it or beside it.
 */
const RANK: Record<string, number> = {
  env: 0,
  trace: 1,
  objects: 1,
  fidelity: 2,
  policy: 2,
  optimizer: 3,
  loop: 4,
  bench: 5,
  replay: 5,
  report: 6,
  queue: 6,
  cli: 7,
  // The package's entry point: re-exports from every layer for library users.
  'index.ts': 8,
};

/**
 * Files ranked apart from their folder: the environments' API (Env, makeEnv,
 * VectorEnv, life rules) sits above the emulator's interface beside it and
 * above the objects, which Env returns as observations.
 */
const FILE_RANK: Record<string, number> = {
  'env/env.ts': 1.5,
  'env/vector-env.ts': 1.5,
  'env/life-rule.ts': 1.5,
};

/** A module's rank, from its path under src/. */
function rankOf(path: string): number {
  return FILE_RANK[path] ?? RANK[path.split('/')[0]!]!;
}

/** Reads of the process environment below the command layer, each for a reason. */
const ENV_READERS: Record<string, string> = {
  'src/env/env.ts': "makeEnv, the library's entry point, finds ROMs in $HORIZON_ARCADE_ROMS as the CLI does",
};

const SRC = join(projectRoot, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const files = sources(SRC).map((path) => ({
  path,
  name: relative(projectRoot, path),
  folder: relative(SRC, path).split('/')[0]!,
  text: readFileSync(path, 'utf8'),
}));

describe('layers', () => {
  it('every folder of src/ has a rank', () => {
    expect(new Set(files.map((f) => f.folder))).toEqual(new Set(Object.keys(RANK)));
  });

  it('imports only point down', () => {
    const upward: string[] = [];
    for (const f of files) {
      const own = relative(SRC, f.path);
      for (const m of f.text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) {
        const target = relative(SRC, join(f.path, '..', m[1]!));
        const sameLayer = target.split('/')[0] === f.folder && rankOf(target) === rankOf(own);
        if (!sameLayer && !(rankOf(target) < rankOf(own))) upward.push(`${f.name} imports ${m[1]}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('the files ranked apart exist', () => {
    for (const path of Object.keys(FILE_RANK))
      expect(
        files.some((f) => relative(SRC, f.path) === path),
        path,
      ).toBe(true);
  });

  it('only the command layer reads the process environment, with the listed exceptions', () => {
    const readers = files.filter((f) => f.folder !== 'cli' && /process\.env\b/.test(f.text)).map((f) => f.name);
    expect(readers.sort()).toEqual(Object.keys(ENV_READERS).sort());
  });
});
