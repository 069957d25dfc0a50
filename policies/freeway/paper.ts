// Freeway as the study set it up: analyze_traffic -> select_action, on the
// study's observations (obs format 'ocatari'), returning action indices. It
// starts by always walking up, as the study's program did. act() only
// chains the two editable functions.

/** A box in screen pixels (x right, y down from the top-left corner) with its movement since the previous step. */
type Box = { x: number; y: number; w: number; h: number; dx: number; dy: number };
/** Chicken: the player's chicken; Cars: one per lane, top lane first; then the last step's reward. */
type Obs = { Chicken?: Box; Cars?: Box[]; reward: number | null };
type TrafficAnalysis = { safe: boolean; next_lane_car: Box | null; chicken_y: number };

/**
 * @editable Decides whether the chicken can move up now, from the car in
 * the lane it would enter next.
 *
 * The road: the chicken walks at x about 44 from the bottom (y about 187)
 * to the top; moving up lowers y. Ten lanes of traffic at y 27, 43, 59, 75,
 * 91 (cars driving right to left, dx < 0) and 107, 123, 139, 155, 171
 * (left to right, dx > 0); cars are 8 pixels wide, the chicken 6. A lane is
 * safe when its car is far enough from the chicken's x that the chicken
 * gets through before the car arrives.
 */
export function analyze_traffic(obs: Obs): TrafficAnalysis {
  if (!obs.Chicken) return { safe: true, next_lane_car: null, chicken_y: 187 };
  return { safe: true, next_lane_car: null, chicken_y: obs.Chicken.y };
}

/**
 * @editable Chooses the move: 1 (UP) when the next lane is safe, 0 (NOOP) to
 * wait for a gap, 2 (DOWN) only to dodge a car about to hit. Each crossing
 * scores 1 and the chicken starts again at the bottom; a hit pushes it back
 * a lane. The game lasts about 2 minutes, so waiting costs crossings.
 */
export function select_action(traffic_analysis: TrafficAnalysis | null, obs: Obs): number {
  if (traffic_analysis === null) return 1;
  return traffic_analysis.safe ? 1 : 0;
}

export function act(obs: Obs): number {
  return select_action(analyze_traffic(obs), obs);
}
