import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';

import { Command, CommanderError, Option } from 'commander';
import { parse as parseYaml } from 'yaml';

import { HorizonError } from '../env/errors.ts';
import { getPath, SETTINGS, type Setting, setPath } from '../loop/settings-table.ts';
import type { SettingsInput } from '../loop/settings.ts';
import { parseRate } from '../optimizer/rate-limit.ts';
import { valueParser } from './options.ts';

// `--target-score none`: commander turns a parser's null into '', so null travels as this until givenSettings.
const NONE = Symbol('none');

/** Reads a flag's text as the setting's value; a value the setting does not take is the flag's one-line error. */
function parserOf(s: Setting): (text: string) => unknown {
  const v = s.value;
  if (v.kind === 'rate') return parseRate;
  if (v.kind === 'choice' || v.kind === 'boolean') throw new Error(`${s.path}: commander reads ${v.kind} options itself`);
  const parse = valueParser(`--${s.flag}`, v);
  return (text) => parse(text) ?? NONE;
}

/** The `train` options of every setting, in the table's order, with its help and default. */
export function settingOptions(): Option[] {
  return SETTINGS.flatMap((s) => {
    const help = s.default || s.optional ? `${s.help} (default: ${s.defaultText})` : `${s.help} (${s.defaultText})`;
    const v = s.value;
    if (v.kind === 'boolean') {
      const on = new Option(`--${s.flag}`, help);
      const off = new Option(`--no-${s.flag}`, v.flags === 'off' ? help : `do not ${s.help.replace(/\s*\(.*$/, '')}`);
      return v.flags === 'on' ? [on] : v.flags === 'off' ? [off] : [on, off];
    }
    const option = new Option(`--${s.flag} <${s.arg}>`, help);
    const options = [v.kind === 'choice' ? option.choices([...v.choices]) : option.argParser(parserOf(s))];
    if (s.renamedFrom) options.push(renamedOption(s.renamedFrom, s.flag));
    return options;
  });
}

/** A former option name, hidden from help, refused with the name that replaced it. */
function renamedOption(old: string, now: string): Option {
  return new Option(`--${old} <value>`).hideHelp().argParser(() => {
    throw new HorizonError(`--${old} is now --${now} (the setting's name in config files too)`, 'ERR_BAD_ARGUMENT');
  });
}

function attributeOf(cmd: Command, s: Setting): string {
  return cmd.options.find((o) => o.long === `--${s.flag}` || o.long === `--no-${s.flag}`)!.attributeName();
}

/** The settings given on the command line (not commander's defaults), as a settings object. */
export function givenSettings(cmd: Command, which: (s: Setting) => boolean = () => true): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  for (const s of SETTINGS.filter(which)) {
    const key = attributeOf(cmd, s);
    const value = cmd.getOptionValue(key) as unknown;
    if (cmd.getOptionValueSource(key) === 'cli') setPath(given, s.path, value === NONE ? null : value);
  }
  return given;
}

/** The flags of the settings given on the command line, as `--help` spells them. */
export function givenFlags(cmd: Command, which: (s: Setting) => boolean): string[] {
  return SETTINGS.filter((s) => which(s) && cmd.getOptionValueSource(attributeOf(cmd, s)) === 'cli').map((s) => `--${s.flag}`);
}

/**
 * A `--config` file: JSON, or YAML by its extension (.yaml, .yml), whose keys
 * are the settings as config.json names them (`horizon`, `optimizer: { model }`).
 * A run's own config.json is read too (its `settings`), so a run can be
 * started again with another seed or horizon. A relative policy path is
 * relative to the file.
 */
function readConfigFile(file: string): Partial<SettingsInput> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new HorizonError(`--config ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'ERR_BAD_ARGUMENT');
  }
  const yaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase());
  let value: unknown;
  try {
    value = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new HorizonError(`--config ${file} is not valid ${yaml ? 'YAML' : 'JSON'}: ${(err as Error).message.split('\n')[0]}`, 'ERR_BAD_ARGUMENT');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HorizonError(`--config ${file} must hold an object of settings`, 'ERR_BAD_ARGUMENT');
  }
  const record = value as Record<string, unknown>;
  // A run folder's config.json: { settings, versions, rom, createdAt }.
  const settings = (typeof record.settings === 'object' && record.rom !== undefined ? record.settings : record) as Partial<SettingsInput>;
  if (typeof settings.policy === 'string') settings.policy = resolve(dirname(file), settings.policy);
  // A rate may be written as on the command line (30/min).
  for (const s of SETTINGS.filter((x) => x.value.kind === 'rate')) {
    const rate = getPath(settings, s.path);
    if (typeof rate === 'string') setPath(settings, s.path, parseRate(rate));
  }
  return settings;
}

/** Settings from a --config file with those given as flags laid over them. */
function mergeSettings(base: object, over: object): Record<string, unknown> {
  const merged = structuredClone(base) as Record<string, unknown>;
  for (const s of SETTINGS) {
    const v = getPath(over, s.path);
    if (v !== undefined) setPath(merged, s.path, v);
  }
  return merged;
}

/** The settings a command line gives: those of its --config file (when given), with its flags laid over them. */
export function commandSettings(cmd: Command, config: string | undefined): Record<string, unknown> {
  const given = givenSettings(cmd);
  return config ? mergeSettings(readConfigFile(config), given) : given;
}

/**
 * The settings of a sweep's runs, from the options it passes on to them (those
 * it does not know itself), read by train's own options (and `--config`). An
 * option the sweep sets itself (`owned`: flag -> what to use instead) is
 * refused, and so is one train does not know: either would fail or be
 * ignored in every run.
 */
export function passedSettings(args: readonly string[], owned: Record<string, string> = {}): Partial<SettingsInput> {
  for (const arg of args) {
    const flag = arg.split('=')[0]!;
    if (flag in owned) throw new HorizonError(`${flag} is set by the sweep itself: ${owned[flag]}`, 'ERR_BAD_ARGUMENT');
  }
  const train = new Command('train').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  for (const option of settingOptions()) train.addOption(option);
  train.option('--config <file>');
  try {
    train.parse([...args], { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    throw new HorizonError(`${err.message.replace(/^error: /, '')} (options after the sweep's own go to train: see train --help)`, 'ERR_BAD_ARGUMENT');
  }
  return commandSettings(train, train.opts<{ config?: string }>().config) as Partial<SettingsInput>;
}
