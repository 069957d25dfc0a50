// Space Invaders as the study set it up: decide_shoot and decide_movement,
// combined by combine_actions, on the study's observations (obs format
// 'ocatari'), returning action indices. Like the study's program it starts
// with a working heuristic (570 in the preset's evaluation, as the study's).
// act() only chains the three editable functions.

/** A box in screen pixels (x right, y down from the top-left corner) with its movement since the previous step. */
type Box = { x: number; y: number; w: number; h: number; dx: number; dy: number };
/** One key per object: Player, Shield0.., Alien0.., Bullet0.., Satellite; then the last step's reward. */
type Obs = { Player: Box; reward: number | null } & Record<string, Box | number | null>;

const objectsOf = (obs: Obs, prefix: string) =>
  Object.entries(obs)
    .filter(([key]) => key.startsWith(prefix))
    .map(([, value]) => value as Box);

/**
 * @editable Whether to fire now. The cannon (obs.Player) moves along the
 * bottom (y 185). Only one of our shots can fly at a time: a Bullet moving
 * up (dy < 0) is ours, one moving down (dy > 0) an alien's. Firing pays when
 * an alien is lined up with the cannon; lower aliens are closer. The aliens
 * move as a block.
 */
export function decide_shoot(obs: Obs): boolean {
  if (objectsOf(obs, 'Bullet').some((b) => b.dy < 0)) return false;
  const player = obs.Player;
  return objectsOf(obs, 'Alien').some((a) => Math.abs(a.x - player.x) < 5 && a.y > 60);
}

/**
 * @editable Which way to move: -1 left, 1 right, 0 stay. Dodge the aliens'
 * bullets (dy > 0), get under aliens to shoot them, keep away from the
 * screen's edges; more aliens on one side is where the points are.
 */
export function decide_movement(obs: Obs): number {
  const player = obs.Player;
  let threatLeft = 0;
  let threatRight = 0;
  let aliensLeft = 0;
  let aliensRight = 0;
  for (const [key, value] of Object.entries(obs)) {
    const o = value as Box;
    if (key.startsWith('Alien')) {
      if (o.x < player.x) aliensLeft++;
      else aliensRight++;
    } else if (key.startsWith('Bullet') && o.dy > 0) {
      if (o.x < player.x) threatLeft++;
      else threatRight++;
    }
  }
  if (threatLeft > threatRight) return 1;
  if (threatRight > threatLeft) return -1;
  if (aliensLeft > aliensRight) return -1;
  if (aliensRight > aliensLeft) return 1;
  return 0;
}

/**
 * @editable The action for the two decisions: 0 NOOP, 1 FIRE, 2 RIGHT,
 * 3 LEFT, 4 RIGHTFIRE, 5 LEFTFIRE.
 */
export function combine_actions(shoot: boolean, movement: number): number {
  if (shoot && movement > 0) return 4;
  if (shoot && movement < 0) return 5;
  if (shoot) return 1;
  if (movement > 0) return 2;
  if (movement < 0) return 3;
  return 0;
}

export function act(obs: Obs): number {
  return combine_actions(decide_shoot(obs), decide_movement(obs));
}
