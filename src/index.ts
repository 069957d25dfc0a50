/**
 * horizon-arcade as a library (`import { makeEnv } from 'horizon-arcade'`):
 * the emulator environments, ROMs, policy programs and their play, and the
 * training loop with its settings. `horizon-arcade/env` is the environment
 * alone, which loads no sandbox, compiler or LLM client.
 */
export { Env, type EnvOptions, makeEnv, type ObsType, type ResetInfo, type StepResult } from './env/env.ts';
export { type ErrorCode, HorizonError } from './env/errors.ts';
export { BUNDLED_ROMS, findRom, loadRom, type Rom } from './env/rom.ts';
export { type PreprocessOptions, VectorEnv, type VectorEnvOptions } from './env/vector-env.ts';
export { SETTINGS, type Setting } from './loop/settings-table.ts';
export { resolveSettings, type SettingsInput, type TrainSettings } from './loop/settings.ts';
export { resumeTraining, startTraining, type TrainEvent, type TrainHooks, type TrainResult } from './loop/train.ts';
export { Policy } from './policy/policy.ts';
export { type EpisodeResult, type PlayOptions, playEpisodes } from './policy/runner.ts';
export { parsePolicy, type PolicySource } from './policy/source.ts';
