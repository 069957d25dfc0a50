import { HorizonError } from '../../env/errors.ts';
import { AsterixObserver } from './asterix.ts';
import { BreakoutObserver } from './breakout.ts';
import { EnduroObserver } from './enduro.ts';
import { FreewayObserver } from './freeway.ts';
import { PongObserver } from './pong.ts';
import { QbertObserver } from './qbert.ts';
import { SeaquestObserver } from './seaquest.ts';
import { SpaceInvadersObserver } from './space-invaders.ts';
import type { StudyObserver } from './types.ts';

/**
 * The study's observations (OCAtari objects as its environments wrote them),
 * per game. Pong's is checked against the study's logged record; the others
 * against the project's object maps and the starting scores the study
 * reported (docs/paper.md, test/study).
 */
const OBSERVERS: Record<string, () => StudyObserver> = {
  pong: () => new PongObserver(),
  breakout: () => new BreakoutObserver(),
  freeway: () => new FreewayObserver(),
  asterix: () => new AsterixObserver(),
  enduro: () => new EnduroObserver(),
  qbert: () => new QbertObserver(),
  seaquest: () => new SeaquestObserver(),
  space_invaders: () => new SpaceInvadersObserver(),
};

export const STUDY_OBS_GAMES: readonly string[] = Object.keys(OBSERVERS);

export function studyObserver(game: string): StudyObserver {
  const make = OBSERVERS[game];
  if (!make) throw new HorizonError(`OCAtari observations exist for ${STUDY_OBS_GAMES.join(', ')}; not for ${game}`, 'ERR_BAD_ARGUMENT');
  return make();
}
