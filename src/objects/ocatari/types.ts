/** A box in ALE screen pixels, as OCAtari reports it. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A box with its movement since the previous agent step, fields in OCAtari's order. */
export interface MovingBox extends Box {
  dx: number;
  dy: number;
}

/**
 * The observation a study policy received: a plain object whose keys come in
 * the order the study's environment wrote them (a Python dict), ending with
 * `reward` (null right after a reset, where the study had NaN).
 */
export type StudyObservation = Record<string, unknown>;

/**
 * Builds one game's study observations from RAM, one per agent step. It
 * keeps what OCAtari kept between steps (previous positions for dx/dy), so
 * it is told when an episode starts.
 */
export interface StudyObserver {
  /** Forgets every object (at a reset, OCAtari re-creates its object list). */
  reset(): void;
  /** The observation after a step that earned `reward` (null: right after a reset). */
  observe(ram: Uint8Array, reward: number | null, lives: number): StudyObservation;
  /** The boxes of the last observation by category (for overlays and the compact trace). */
  boxes(): { category: string; box: MovingBox }[];
  /** State kept between steps, for checkpoints. */
  snapshot(): unknown;
  restore(state: unknown): void;
}
