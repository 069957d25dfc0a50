// Enduro as the study set it up: analyze_situation -> select_action, on
// the study's observations (obs format 'ocatari'), returning action indices.
// It starts, as the study's program did, by accelerating and swerving away
// from the nearest car when it is close. act() only chains the two
// editable functions.

type Box = { x: number; y: number; w: number; h: number };
type Car = Box & { rel_x: number; rel_y: number };
/** Player; EnemyCars nearest (largest y) first and the nearest one's offsets, absent when no car is seen; the last step's reward. */
type Obs = { Player?: Box; EnemyCars?: Car[]; nearest_enemy_rel_x?: number; nearest_enemy_rel_y?: number; reward: number | null };
type Situation = { steer_direction: 'left' | 'right' | 'none'; threat_close: boolean; player_x: number; player_y: number };

/**
 * @editable Decides whether a car is close enough to dodge, and which way.
 *
 * The road: about 160 pixels wide; our car (obs.Player) near x 77, y 135 to
 * 145; the other cars come from ahead (smaller y) toward us (larger y), all
 * about 16 wide, and the road's curves shift every x. rel_x is a car's x
 * minus ours (negative: it is to the left), rel_y its y minus ours
 * (negative: ahead). Passing a car scores +1, being passed -1; a collision
 * slows us down so that the cars around pass us. Swerving at distant cars
 * costs speed and can cause worse collisions.
 */
export function analyze_situation(obs: Obs): Situation {
  if (!obs.Player) return { steer_direction: 'none', threat_close: false, player_x: 77, player_y: 140 };
  let steer: Situation['steer_direction'] = 'none';
  let threat = false;
  if (obs.nearest_enemy_rel_x !== undefined && obs.nearest_enemy_rel_y !== undefined) {
    const relX = obs.nearest_enemy_rel_x;
    if (Math.abs(obs.nearest_enemy_rel_y) < 25 && Math.abs(relX) < 18) {
      threat = true;
      steer = relX > 0 ? 'left' : 'right';
    }
  }
  return { steer_direction: steer, threat_close: threat, player_x: obs.Player.x, player_y: obs.Player.y };
}

/**
 * @editable Chooses the action: 0 NOOP (coast, slowing), 1 FIRE
 * (accelerate), 2 RIGHT, 3 LEFT (steer without accelerating), 4 DOWN
 * (brake), 5 DOWNRIGHT, 6 DOWNLEFT, 7 RIGHTFIRE, 8 LEFTFIRE (steer while
 * accelerating). Speed is what overtakes cars: prefer the actions with FIRE.
 */
export function select_action(situation: Situation | null, obs: Obs): number {
  if (situation === null) return 1;
  if (situation.threat_close) {
    if (situation.steer_direction === 'left') return 8;
    if (situation.steer_direction === 'right') return 7;
  }
  return 1;
}

export function act(obs: Obs): number {
  return select_action(analyze_situation(obs), obs);
}
