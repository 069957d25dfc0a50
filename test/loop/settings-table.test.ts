import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { trainCommand } from '../../src/cli/commands/train.ts';
import { givenSettings } from '../../src/cli/settings-options.ts';
import type { HorizonError } from '../../src/env/errors.ts';
import { projectRoot } from '../../src/env/files.ts';
import { expected, getPath, SETTINGS, type Setting, settingsArgs, withSettingsTable } from '../../src/loop/settings-table.ts';
import { resolveSettings, type SettingsInput } from '../../src/loop/settings.ts';

/** The train command, parsed without running. */
function parseTrain(args: string[]) {
  const cmd = trainCommand()
    .exitOverride()
    .action(() => {});
  cmd.configureOutput({ writeErr: () => {} });
  cmd.parse(args, { from: 'user' });
  return cmd;
}

/** A value the setting must refuse. */
function badValue(s: Setting): unknown {
  const v = s.value;
  switch (v.kind) {
    case 'int':
      return v.min - 1;
    case 'number':
      return v.max !== undefined ? v.max + 1 : v.min !== undefined || v.positive ? -1 : 'many';
    case 'choice':
      return 'nope';
    case 'boolean':
      return 'yes';
    case 'text':
      return '';
    case 'size':
      return '84x0';
    case 'rate':
      return { max: 0, perSeconds: 60 };
  }
}

describe('the settings table', () => {
  it('is the settings table of docs/training.md', () => {
    const doc = readFileSync(join(projectRoot, 'docs', 'training.md'), 'utf8');
    // If this fails after a change to src/loop/settings-table.ts: npm run docs:settings
    expect(withSettingsTable(doc)).toBe(doc);
  });

  it('gives train one option per setting and no other setting options', () => {
    const own = ['--config', '--roms', '--out', '--resume', '--json', '--queue'];
    // Former names are hidden options that only say the new name.
    const longs = trainCommand()
      .options.filter((o) => !o.hidden)
      .map((o) => o.long!);
    const fromTable = SETTINGS.flatMap((s) => (s.value.kind === 'boolean' ? [`--${s.flag}`, `--no-${s.flag}`] : [`--${s.flag}`]));
    for (const long of longs) expect(own.includes(long) || fromTable.includes(long), long).toBe(true);
    for (const s of SETTINGS)
      expect(
        longs.some((l) => l === `--${s.flag}` || l === `--no-${s.flag}`),
        s.flag,
      ).toBe(true);
  });

  it('names each setting once: its flag is its key in kebab case (config files and the API use the key)', () => {
    const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const exceptions: Record<string, string> = { 'optimizer.kind': 'optimizer' };
    for (const s of SETTINGS) expect(s.flag, s.path).toBe(exceptions[s.path] ?? kebab(s.path.split('.').at(-1)!));
  });

  it('refuses a former flag name with the one that replaced it', () => {
    const renamed = SETTINGS.filter((s) => s.renamedFrom);
    expect(renamed.length).toBeGreaterThan(0);
    for (const s of renamed) {
      expect(() => parseTrain([`--${s.renamedFrom}`, '1'])).toThrow(`--${s.renamedFrom} is now --${s.flag}`);
    }
  });

  it('fills every setting that is not optional with a value the table accepts', () => {
    for (const game of ['demo', 'pong', 'breakout']) {
      for (const preset of [undefined, 'paper' as const]) {
        if (game === 'demo' && preset) continue;
        const s = resolveSettings({ game, preset });
        for (const setting of SETTINGS.filter((x) => !x.optional)) expect(getPath(s, setting.path), `${game} ${setting.path}`).not.toBeUndefined();
      }
    }
  });

  it('refuses, with its name and what it takes, a bad value of every setting', () => {
    for (const s of SETTINGS.filter((x) => x.path !== 'game')) {
      const input = { game: 'demo' } as SettingsInput;
      const value = badValue(s);
      const path = s.path.split('.');
      if (path.length === 2) (input as unknown as Record<string, Record<string, unknown>>)[path[0]!] = { [path[1]!]: value };
      else (input as unknown as Record<string, unknown>)[s.path] = value;
      const error = (() => {
        try {
          resolveSettings(input);
        } catch (err) {
          return err as HorizonError;
        }
        throw new Error(`${s.path} = ${JSON.stringify(value)} was accepted`);
      })();
      expect(error.code, s.path).toBe('ERR_BAD_ARGUMENT');
      if (s.path !== 'preset') expect(error.message, s.path).toContain(`${s.path} (--${s.flag}) must be ${expected(s.value)}`);
    }
  });

  it('works defaults out from the settings given and those before them', () => {
    expect(resolveSettings({ game: 'demo', optimizer: { model: 'm' } }).optimizer.kind).toBe('openai');
    expect(resolveSettings({ game: 'demo' }).optimizer.kind).toBe('tuner');
    expect(resolveSettings({ game: 'pong', horizon: 7 })).toMatchObject({ horizon: 7, updateEvery: 7 });
    expect(resolveSettings({ game: 'pong', preset: 'paper' }).policy).toMatch(/policies\/pong\/paper\.ts$/);
  });

  it('refuses a key that is not a setting, naming the nearest one', () => {
    expect(() => resolveSettings({ game: 'demo', horizn: 5 } as SettingsInput)).toThrow(/unknown setting "horizn" \(did you mean "horizon"\?\)/);
    expect(() => resolveSettings({ game: 'demo', optimizer: { modle: 'm' } } as SettingsInput)).toThrow(
      /unknown setting "optimizer.modle" \(did you mean "optimizer.model"\?\)/,
    );
    expect(() => resolveSettings({ game: 'demo', colour: 'red' } as unknown as SettingsInput)).toThrow(/unknown setting "colour"$/);
  });

  it('writes any resolved settings as train flags that parse back to the same settings', () => {
    const runs = [
      resolveSettings({ game: 'pong', preset: 'paper', seed: 7, targetScore: null, budgets: { maxCostUsd: 2.5, maxLlmCalls: 40 } }),
      resolveSettings({
        game: 'demo',
        horizon: 8,
        updateEvery: 12,
        resetEachUpdate: false,
        acceptPolicyErrors: true,
        optimizer: { kind: 'openai', model: 'm', baseUrl: 'http://127.0.0.1:1/v1', jsonMode: false, llmRate: { max: 30, perSeconds: 60 } },
      }),
    ];
    for (const s of runs) expect(resolveSettings(givenSettings(parseTrain(settingsArgs(s))) as SettingsInput)).toEqual(s);
  });

  it('parses each flag by its kind, with the flag named in the error', () => {
    expect(givenSettings(parseTrain(['--target-score', 'none', '--repeat-action-probability', '0.25', '--llm-rate', '2/3s']))).toEqual({
      targetScore: null,
      repeatActionProbability: 0.25,
      optimizer: { llmRate: { max: 2, perSeconds: 3 } },
    });
    expect(() => parseTrain(['--repeat-action-probability', '1.5'])).toThrow(/--repeat-action-probability must be a number in \[0, 1\], got "1.5"/);
    expect(() => parseTrain(['--memory', '-1'])).toThrow(/--memory must be a non-negative integer, got "-1"/);
    expect(() => parseTrain(['--max-cost-usd', '0'])).toThrow(/--max-cost-usd must be a positive number, got "0"/);
    expect(() => parseTrain(['--price-in-per-million', '-2'])).toThrow(/--price-in-per-million must be a non-negative number, got "-2"/);
  });
});
