/** The 18 player-A actions in ALE's enum order (GAME_FACTS §1.1). */
export const ACTION_NAMES = [
  'NOOP',
  'FIRE',
  'UP',
  'RIGHT',
  'LEFT',
  'DOWN',
  'UPRIGHT',
  'UPLEFT',
  'DOWNRIGHT',
  'DOWNLEFT',
  'UPFIRE',
  'RIGHTFIRE',
  'LEFTFIRE',
  'DOWNFIRE',
  'UPRIGHTFIRE',
  'UPLEFTFIRE',
  'DOWNRIGHTFIRE',
  'DOWNLEFTFIRE',
] as const;

export type ActionName = (typeof ACTION_NAMES)[number];

export function actionId(name: ActionName): number {
  return ACTION_NAMES.indexOf(name);
}

/** ALE's id for pressing the console's RESET switch (used only in a game's starting actions). */
export const RESET_ACTION_ID = 40;
