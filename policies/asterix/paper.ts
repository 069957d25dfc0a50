// Asterix as the study set it up: analyze_situation -> select_action, on
// the study's observations (obs format 'ocatari'), returning action indices.
// It starts by moving at random whenever there is something to collect, as
// the study's program did. act() only chains the two editable functions.

type Point = { x: number; y: number };
type Item = Point & { type: 'Enemy' | 'Consumable' | 'Reward' };
/** Player; Enemies, Consumables, Rewards (nearest first, absent when empty); lives; the last step's reward. */
type Obs = { Player?: Point; Enemies?: Item[]; Consumables?: Item[]; Rewards?: Item[]; lives: number; reward: number | null };
type Situation = {
  nearest_item: Item | null;
  player_x: number;
  player_y: number;
  dangerous_lanes: number[];
  approaching_enemies: Item[] | null;
};

/**
 * @editable Finds the item worth going for and the dangers near the player.
 *
 * The screen: 8 lanes at y 26, 42, 58, 74, 90, 106, 122, 138 (16 apart),
 * x from 0 to 152; each lane holds at most one object, moving across it.
 * Collecting a Consumable scores 50 or more, a Reward more; touching an
 * Enemy (a lyre) costs a life. An enemy only matters near the player's x
 * (within about 30 pixels) in the player's lane; lists come nearest first.
 * Worth weighing: distance, the item's kind, danger in its lane, and
 * whether it is in the player's lane already.
 */
export function analyze_situation(obs: Obs): Situation {
  if (!obs.Player) return { nearest_item: null, player_x: 76, player_y: 74, dangerous_lanes: [], approaching_enemies: null };
  const items = [...(obs.Consumables ?? []), ...(obs.Rewards ?? [])];
  return { nearest_item: items[0] ?? null, player_x: obs.Player.x, player_y: obs.Player.y, dangerous_lanes: [], approaching_enemies: null };
}

/**
 * @editable Moves toward the chosen item while avoiding enemies. Actions:
 * 0 NOOP, 1 UP (smaller y), 2 RIGHT, 3 LEFT, 4 DOWN, 5 UPRIGHT, 6 UPLEFT,
 * 7 DOWNRIGHT, 8 DOWNLEFT; the diagonals close the x and lane gaps at
 * once. Dodge an approaching enemy into a safe neighbouring lane.
 */
export function select_action(situation: Situation | null, obs: Obs): number {
  if (situation === null || situation.nearest_item === null) return 0;
  return 1 + Math.floor(Math.random() * 8);
}

export function act(obs: Obs): number {
  return select_action(analyze_situation(obs), obs);
}
