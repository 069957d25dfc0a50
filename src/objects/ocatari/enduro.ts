import { u8 } from './slot.ts';
import type { MovingBox, StudyObservation, StudyObserver } from './types.ts';

/** A RAM byte read as a signed number (OCAtari's road drift). */
const signed = (v: number) => (v & 128 ? v - 256 : v);

/**
 * Enduro as the study saw it (Feb 2026 environment on OCAtari's RAM
 * objects): `Player` {x, y, w, h}; `EnemyCars`, the cars on the road as
 * {x, y, w, h, rel_x, rel_y} (relative to the player), nearest (largest y)
 * first, with `nearest_enemy_rel_x`, `nearest_enemy_rel_y` for the first;
 * then `reward`. OCAtari places car i of 7 (when RAM[27 + i] is set) on a
 * fixed perspective curve: y from i and the road's scroll (RAM[59]), x from
 * its side of the road and the drift (RAM[46], signed). No movement is
 * reported and there is no `lives` key.
 */
export class EnduroObserver implements StudyObserver {
  private last: { category: string; box: MovingBox }[] = [];

  reset(): void {}

  observe(ram: Uint8Array, reward: number | null): StudyObservation {
    const drift = ram[46]!;
    const px = drift & 128 ? 77 + ((~drift & 0xff) >> 1) + 2 : 77 - (drift >> 1);
    const player = { x: px, y: u8(89 + ram[52]!), w: 16, h: 11 };
    const cars: { x: number; y: number; w: number; h: number; rel_x: number; rel_y: number }[] = [];
    for (let i = 0; i < 7; i++) {
      const v = ram[27 + i]!;
      if (!v) continue;
      const y = 150 - Math.trunc(1.2 * ((18 - i) * i) + (ram[59]! >> 3) * 0.9 ** i);
      let x: number;
      if (!(v & 16)) x = 87;
      else if (v & 1) x = Math.trunc((2192 + 7 * y) / 30) + signed(drift);
      else x = Math.trunc((6498 - 23 * y) / 60 + signed(drift));
      cars.push({ x, y, w: 16, h: 10, rel_x: x - player.x, rel_y: y - player.y });
    }
    // Nearest first: the larger y, the closer (a stable sort, as Python's).
    cars.sort((a, b) => b.y - a.y);
    const obs: StudyObservation = { Player: player };
    if (cars.length) {
      obs.EnemyCars = cars;
      obs.nearest_enemy_rel_x = cars[0]!.rel_x;
      obs.nearest_enemy_rel_y = cars[0]!.rel_y;
    }
    obs.reward = reward;
    this.last = [
      { category: 'Player', box: { ...player, dx: 0, dy: 0 } },
      ...cars.map((c) => ({ category: 'Car', box: { x: c.x, y: c.y, w: c.w, h: c.h, dx: 0, dy: 0 } })),
    ];
    return obs;
  }

  boxes(): { category: string; box: MovingBox }[] {
    return this.last;
  }

  snapshot(): null {
    return null;
  }

  restore(): void {}
}
