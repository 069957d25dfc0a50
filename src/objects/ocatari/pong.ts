import { Slot, u8, type SlotState } from './slot.ts';
import type { Box, MovingBox, StudyObservation, StudyObserver } from './types.ts';

const NO_OBJECT = { x: 0, y: 0, w: 0, h: 0, dx: 0, dy: 0 };

/**
 * Pong as the study saw it (2025 script, OCAtari fork @ 3008c34, RAM mode):
 * slots Player, Ball, Enemy, each a box or an empty slot written as key
 * `NoObject` (a later empty slot overwrites the earlier one in place, as a
 * Python dict does), then `reward`. RAM index i is address $80 + i.
 */
export class PongObserver implements StudyObserver {
  private readonly player = new Slot('Player', { x: 0, y: 0, w: 4, h: 15 }, true);
  private readonly ball = new Slot('Ball', { x: 0, y: 0, w: 2, h: 4 });
  private readonly enemy = new Slot('Enemy', { x: 0, y: 0, w: 4, h: 15 });
  private last: { category: string; box: MovingBox }[] = [];

  reset(): void {
    for (const s of [this.player, this.ball, this.enemy]) s.reset();
  }

  observe(ram: Uint8Array, reward: number | null): StudyObservation {
    const slots: [Slot, Box | null][] = [
      [this.player, playerBox(ram)],
      [this.ball, ballBox(ram)],
      [this.enemy, enemyBox(ram)],
    ];
    const obs: StudyObservation = {};
    this.last = [];
    for (const [slot, box] of slots) {
      const b = slot.update(box);
      if (b) {
        obs[slot.category] = b;
        this.last.push({ category: slot.category, box: b });
      } else {
        obs.NoObject = { ...NO_OBJECT };
      }
    }
    obs.reward = reward;
    return obs;
  }

  boxes(): { category: string; box: MovingBox }[] {
    return this.last;
  }

  snapshot(): SlotState[] {
    return [this.player, this.ball, this.enemy].map((s) => s.snapshot());
  }

  restore(state: unknown): void {
    const s = state as SlotState[];
    for (const [i, slot] of [this.player, this.ball, this.enemy].entries()) slot.restore(s[i]!);
  }
}

function ballBox(ram: Uint8Array): Box | null {
  if (ram[54] === 0 || ram[49]! <= 49) return null;
  return { x: u8(ram[49]! - 49), y: u8(ram[54]! - 14), w: 2, h: 4 };
}

function enemyBox(ram: Uint8Array): Box | null {
  const v = ram[50]!;
  if (v <= 33) return null;
  // Clipped at the top wall (y 34) and at the bottom of the field.
  if (u8(v - 15) < 34) return { x: 16, y: 34, w: 4, h: u8(v - 33) };
  if (v > 194) return { x: 16, y: u8(v - 15), w: 4, h: u8(209 - v) };
  return { x: 16, y: u8(v - 15), w: 4, h: 15 };
}

function playerBox(ram: Uint8Array): Box | null {
  const v = ram[51]!;
  if (v <= 13) return null;
  if (v < 47) return { x: 140, y: 34, w: 4, h: u8(v - 33) };
  if (v > 192) return { x: 140, y: u8(v - 13), w: 4, h: u8(207 - v) };
  return { x: 140, y: u8(v - 13), w: 4, h: 15 };
}
