import type { Box, MovingBox } from './types.ts';

/** What a slot remembers between agent steps. */
export interface SlotState {
  last: Box;
  /** The object was there at the previous step (or the episode just started). */
  present: boolean;
}

/**
 * One of OCAtari's object slots and how it reports movement, as measured on
 * the study's record: an object seen at the previous step moves by the
 * difference of positions; one that just appeared has dx = dy = 0; at a
 * reset every slot restarts from its object's initial position (OCAtari's
 * class default: (0, 0) in Pong, so an object there at the reset has
 * dx = x, dy = y). A `sticky` slot is never emptied: while its object is
 * missing it keeps the last box, standing still.
 */
export class Slot {
  private state: SlotState;

  constructor(
    readonly category: string,
    private readonly initial: Box,
    private readonly sticky = false,
  ) {
    this.state = { last: { ...initial }, present: true };
  }

  reset(): void {
    this.state = { last: { ...this.initial }, present: true };
  }

  /** The slot's box this step, or null when it is empty. */
  update(box: Box | null): MovingBox | null {
    const s = this.state;
    if (box === null) {
      if (!this.sticky) {
        s.present = false;
        return null;
      }
      return { ...s.last, dx: 0, dy: 0 };
    }
    const moved = s.present ? { dx: box.x - s.last.x, dy: box.y - s.last.y } : { dx: 0, dy: 0 };
    this.state = { last: { ...box }, present: true };
    return { ...box, ...moved };
  }

  snapshot(): SlotState {
    return structuredClone(this.state);
  }

  restore(state: SlotState): void {
    this.state = structuredClone(state);
  }
}

/** A RAM byte difference as the study computed it (numpy uint8 arithmetic wraps mod 256). */
export function u8(v: number): number {
  return v & 0xff;
}
