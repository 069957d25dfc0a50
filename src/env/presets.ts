import { HorizonError } from './errors.ts';
import { closestName } from './names.ts';

export type FrameSkip = number | [number, number];

/** Settings of Gymnasium's registered ALE ids (GAME_FACTS §1.4). */
export interface Preset {
  frameskip: FrameSkip;
  repeatActionProbability: number;
  maxFramesPerEpisode: number;
  fullActionSpace: boolean;
}

export const PRESETS = {
  v5: { frameskip: 4, repeatActionProbability: 0.25, maxFramesPerEpisode: 108_000, fullActionSpace: false },
  v4: { frameskip: [2, 5], repeatActionProbability: 0, maxFramesPerEpisode: 108_000, fullActionSpace: false },
  'NoFrameskip-v4': { frameskip: 1, repeatActionProbability: 0, maxFramesPerEpisode: 108_000, fullActionSpace: false },
  v0: { frameskip: [2, 5], repeatActionProbability: 0.25, maxFramesPerEpisode: 108_000, fullActionSpace: false },
  'NoFrameskip-v0': { frameskip: 1, repeatActionProbability: 0.25, maxFramesPerEpisode: 108_000, fullActionSpace: false },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;

export function getPreset(name: string): Preset {
  if (!(name in PRESETS)) {
    const hint = closestName(name, Object.keys(PRESETS));
    throw new HorizonError(
      `unknown preset "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}; presets: ${Object.keys(PRESETS).join(', ')}`,
      'ERR_BAD_ARGUMENT',
    );
  }
  return PRESETS[name as PresetName] as Preset;
}

/** The preset a Gymnasium id names: `ALE/Pong-v5` -> v5, `PongNoFrameskip-v4` -> NoFrameskip-v4. */
export function presetFromId(id: string): PresetName | undefined {
  const m = /(NoFrameskip)?-(v\d+)$/.exec(id);
  if (!m) return undefined;
  const name = `${m[1] ?? ''}${m[1] ? '-' : ''}${m[2]}`;
  // A version ALE does not have would otherwise silently get the default settings.
  if (!(name in PRESETS)) {
    const known = Object.keys(PRESETS).map((p) => (p.startsWith('NoFrameskip') ? p : `-${p}`));
    throw new HorizonError(`"${id}" names an unknown version ${name}; ids end in ${known.join(', ')}`, 'ERR_BAD_ARGUMENT');
  }
  return name as PresetName;
}
