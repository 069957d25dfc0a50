import { HorizonError } from '../env/errors.ts';
import type { GameConfig } from '../env/roms-config.ts';
import { ObjectExtractor } from './extractor.ts';
import { studyObserver } from './ocatari/index.ts';
import { objectsToText } from './text.ts';
import type { GameObject, ObjectFrame } from './types.ts';

/**
 * What policies see each step:
 * - `objects`: the project's own object lists (docs/objects.md), with hud, lives and step counters;
 * - `ocatari`: the plain object the study's environment built from OCAtari's RAM objects
 *   (docs/paper.md), keys in its order, ending with the last reward.
 */
export type ObsFormat = 'objects' | 'ocatari';
export const OBS_FORMATS: readonly ObsFormat[] = ['objects', 'ocatari'];

/** What a policy's act(obs, memory) receives each step under the `objects` format. */
export interface Observation {
  /** Agent steps since the episode began (0 at the first call). */
  step: number;
  /** Emulated frames since the episode began (`episodeFrame` when the run gives policies a picture as obs.frame). */
  frame: number;
  lives: number;
  /** The objects on screen (see docs/objects.md and the game's obs.d.ts). */
  objects: GameObject[];
  /** Score and other values the game shows. */
  hud: Record<string, number>;
  /** The action taken on the previous step ("NOOP" at the start). */
  prevAction: string;
  /** Names of the actions this game accepts (its minimal set). */
  actions: string[];
}

/** The same when policies are also given a picture as obs.frame: the frame counter is `episodeFrame`. */
export type PicturedObservation = Omit<Observation, 'frame'> & { episodeFrame: number };

export function makeObservation(
  frame: ObjectFrame,
  info: { step: number; episodeFrame: number; lives: number },
  prevAction: string,
  actions: string[],
  withPicture = false,
): Observation | PicturedObservation {
  const { step, episodeFrame, lives } = info;
  const shown = { objects: frame.objects, hud: frame.hud, prevAction, actions };
  return withPicture ? { step, episodeFrame, lives, ...shown } : { step, frame: episodeFrame, lives, ...shown };
}

/** Where an episode stands when the policy is asked for its next action. */
export interface StepContext {
  step: number;
  episodeFrame: number;
  lives: number;
  prevAction: string;
  /** The reward of the step just played (null at the start of an episode). */
  reward: number | null;
}

export interface Observed {
  /** What the policy receives. */
  obs: unknown;
  /** The objects on screen, for overlays and pictures. */
  frame: ObjectFrame;
  /** The one-line form of `obs` for execution traces. */
  text: string;
}

/** Turns the machine's RAM, step by step, into what a policy sees. */
export interface ObservationSource {
  readonly format: ObsFormat;
  /** A new episode starts: forget what was seen before. */
  reset(): void;
  observe(ram: Uint8Array, at: StepContext): Observed;
  /** What is carried between steps, for checkpoints. */
  snapshot(): unknown;
  restore(state: unknown): void;
}

class ObjectsSource implements ObservationSource {
  readonly format = 'objects';
  private readonly extractor: ObjectExtractor;

  constructor(
    game: GameConfig,
    private readonly actions: string[],
    private readonly withPicture: boolean,
  ) {
    this.extractor = new ObjectExtractor(game);
  }

  reset(): void {
    this.extractor.reset();
  }

  observe(ram: Uint8Array, at: StepContext): Observed {
    const frame = this.extractor.extract(ram);
    return { obs: makeObservation(frame, at, at.prevAction, this.actions, this.withPicture), frame, text: objectsToText(frame) };
  }

  snapshot(): unknown {
    return this.extractor.snapshot();
  }

  restore(state: unknown): void {
    this.extractor.restore(state as ReturnType<ObjectExtractor['snapshot']>);
  }
}

class StudySource implements ObservationSource {
  readonly format = 'ocatari';
  private readonly observer;

  constructor(game: GameConfig) {
    this.observer = studyObserver(game.id);
  }

  reset(): void {
    this.observer.reset();
  }

  observe(ram: Uint8Array, at: StepContext): Observed {
    const obs = this.observer.observe(ram, at.reward, at.lives);
    const objects = this.observer.boxes().map(({ category, box }) => ({ id: category, category, ...box }));
    return { obs, frame: { objects, hud: {} }, text: JSON.stringify(obs) };
  }

  snapshot(): unknown {
    return this.observer.snapshot();
  }

  restore(state: unknown): void {
    this.observer.restore(state);
  }
}

/**
 * The observation source of a game in a format; ERR_BAD_ARGUMENT when the game
 * has no such observations. `withPicture`: policies also see the screen as
 * obs.frame, so the objects' frame counter is `episodeFrame`.
 */
export function observationSource(game: GameConfig, format: ObsFormat, actions: string[], withPicture = false): ObservationSource {
  if (format === 'ocatari') return new StudySource(game);
  if (format !== 'objects') throw new HorizonError(`obs must be one of ${OBS_FORMATS.join(', ')}, got ${JSON.stringify(format)}`, 'ERR_BAD_ARGUMENT');
  if (!game.objects) throw new HorizonError(`${game.id} has no object map, so a policy cannot see it`, 'ERR_BAD_CONFIG');
  return new ObjectsSource(game, actions, withPicture);
}
