/**
 * The shape of a game's object map in its roms-config file: game knowledge,
 * read with the rest of the game's settings (roms-config.ts) and turned into
 * objects by src/objects.
 */

/** The TIA's drawing objects: players, missiles, ball and playfield. */
export type TiaObject = 'P0' | 'M0' | 'P1' | 'M1' | 'BL' | 'PF';

/** The object map of a game in its roms-config file. */
export interface ObjectMapConfig {
  categories: Record<string, CategoryConfig>;
  items: ObjectItemConfig[];
  hud?: Record<string, string>;
}

export interface CategoryConfig {
  /** Palette values the object is drawn in (for the pixel checks and overlays). */
  colors: number[];
  /**
   * Colours the game draws this object in once it is gone, i.e. the
   * background's (Q*bert's used disks stay in the playfield, drawn black):
   * such pixels cannot be seen, so they are not the object's.
   */
  hiddenColors?: number[];
  /** Part of the screen [x0, y0, x1, y1) where only this category uses these colours. */
  region: [number, number, number, number];
  /**
   * TIA objects that draw this category (P0, M0, P1, M1, BL, PF): pixels of
   * its colours drawn by other objects (e.g. road lines of the same grey) are
   * not its pixels. All objects when absent.
   */
  sources?: TiaObject[];
  /** Pixels of slack allowed between a box and the object's pixels, and why. */
  tolerance: number;
  note?: string;
  /** What the object is, for policies and prompts (default: the note up to ". Tolerance"). */
  description?: string;
  /** Where the game can draw this object [x0, y0, x1, y1): boxes are clipped to it. */
  clip?: [number, number, number, number];
  /** The object may be drawn only on some frames (flicker): an empty box is not an error. */
  flickers?: boolean;
  /**
   * Categories this one shares its sprite with: while one of them is on
   * screen the game may draw them on alternate frames, so a box may be empty.
   */
  flickersWith?: string[];
  /** Share of checked frames that must agree exactly (default 1); the note says why it is lower. */
  minAgreement?: number;
}

export interface ObjectItemConfig {
  id: string;
  category: string;
  x: string;
  y: string;
  w: string | number;
  h: string | number;
  visible?: string;
  /** An extra number the object carries (e.g. a cube's colour). */
  value?: string;
  /** Named expressions computed in order (after the repeat indices), usable by the fields above. */
  let?: Record<string, string>;
  /** Repeat the item over index variables, e.g. { "i": 8 } or { "row": 6, "col": 18 }. */
  repeat?: Record<string, number>;
  /**
   * With repeat: the copies are one object that the game draws in one of
   * several slots (e.g. Q*bert's Coily in whichever row band he is in), so
   * the visible copy reports the item's id and keeps it (and dx/dy) across
   * slots. A second visible copy in the same frame gets its index suffix.
   */
  sharedId?: boolean;
}
