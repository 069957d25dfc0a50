import { u8 } from './slot.ts';
import type { MovingBox, StudyObservation, StudyObserver } from './types.ts';

type Item = { x: number; y: number; type: 'Enemy' | 'Consumable' | 'Reward' };

/**
 * Asterix as the study saw it (Feb 2026 environment on OCAtari's RAM
 * objects): `Player` {x, y}; then `Enemies`, `Consumables`, `Rewards`, each
 * a list of {x, y, type} nearest first (Manhattan distance to the player,
 * ties in lane order) and left out when empty; then `lives` and `reward`.
 * Each of the 8 lanes (y 26 + 16 lane) holds at most one object: none when
 * RAM[18 - lane] is 11, a reward when RAM[73 + lane] is set, a lyre (enemy)
 * when RAM[29 + lane] is odd, else something to eat (drawn one pixel right
 * and lower). No movement is reported, so nothing is kept between steps.
 */
export class AsterixObserver implements StudyObserver {
  private last: { category: string; box: MovingBox }[] = [];

  reset(): void {}

  observe(ram: Uint8Array, reward: number | null, lives: number): StudyObservation {
    const player = { x: ram[41]!, y: u8(26 + u8(ram[39]! * 16)) };
    const lists: Record<Item['type'], Item[]> = { Enemy: [], Consumable: [], Reward: [] };
    for (let lane = 0; lane < 8; lane++) {
      if (ram[18 - lane] === 11) continue;
      const y = 26 + 16 * lane;
      const x = ram[42 + lane]!;
      if (ram[73 + lane]) lists.Reward.push({ x, y, type: 'Reward' });
      else if (ram[29 + lane]! % 2 === 1) lists.Enemy.push({ x, y, type: 'Enemy' });
      else lists.Consumable.push({ x: u8(x + 1), y: y + 1, type: 'Consumable' });
    }
    const distance = (i: Item) => Math.abs(i.x - player.x) + Math.abs(i.y - player.y);
    const obs: StudyObservation = { Player: player };
    for (const [key, type] of [
      ['Enemies', 'Enemy'],
      ['Consumables', 'Consumable'],
      ['Rewards', 'Reward'],
    ] as const) {
      // Array.prototype.sort is stable, as Python's sort: equal distances keep lane order.
      if (lists[type].length) obs[key] = lists[type].sort((a, b) => distance(a) - distance(b));
    }
    obs.lives = lives;
    obs.reward = reward;
    this.last = [
      { category: 'Player', box: { ...player, w: 8, h: 11, dx: 0, dy: 0 } },
      ...Object.values(lists)
        .flat()
        .map((i) => ({ category: i.type, box: { x: i.x, y: i.y, w: 8, h: 11, dx: 0, dy: 0 } })),
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
