import { loadSlots, Obj, saveSlots, type ObjState } from './obj.ts';
import { u8 } from './slot.ts';
import type { MovingBox, StudyObservation, StudyObserver } from './types.ts';

const SIZE: Record<string, [number, number]> = {
  Player: [16, 11],
  Shark: [8, 7],
  Submarine: [8, 11],
  SurfaceSubmarine: [8, 11],
  EnemyMissile: [6, 4],
  Diver: [8, 11],
  PlayerMissile: [8, 1],
};

/** The category of the object that fills a slot: the old one if it is of that kind, else a new one. */
function fill(slot: Obj | null, category: string): Obj {
  if (slot?.category === category) return slot;
  const [w, h] = SIZE[category]!;
  return new Obj(category, 0, 0, w, h);
}

/**
 * Seaquest as the study saw it (Feb 2026 environment on OCAtari's RAM
 * objects): `Player` {x, y, w, h, dx, dy}; `Enemies`, the sharks,
 * submarines and their torpedoes with `type`, and `Divers`, in OCAtari's
 * slot order (lanes bottom to top, each lane's three formation slots left
 * to right, then each lane's diver or torpedo); then `lives` and `reward`.
 * The player's torpedo and the submarine at the surface have slots but are
 * left out, as the study's environment left them out.
 */
export class SeaquestObserver implements StudyObserver {
  // OCAtari's slots: 0 player; 1-12 lane l, formation slot j at 1 + 3 l + j; 13-16 lane l's diver or torpedo; 17 the surface submarine; 18 the player's torpedo.
  private slots: (Obj | null)[] = [];

  constructor() {
    this.reset();
  }

  reset(): void {
    this.slots = [new Obj('Player', 76, 46, 16, 11), ...Array<null>(18).fill(null)];
  }

  observe(ram: Uint8Array, reward: number | null, lives: number): StudyObservation {
    for (const o of this.slots) if (o) o.prev = { x: o.x, y: o.y };
    this.detect(ram);
    const obs: StudyObservation = { Player: this.slots[0]!.moving() };
    const enemies = [];
    const divers = [];
    for (const o of this.slots.slice(1)) {
      if (!o) continue;
      if (o.category === 'Diver') divers.push(o.moving());
      else if (['Shark', 'Submarine', 'EnemyMissile'].includes(o.category)) enemies.push({ ...o.moving(), type: o.category });
    }
    if (enemies.length) obs.Enemies = enemies;
    if (divers.length) obs.Divers = divers;
    obs.lives = lives;
    obs.reward = reward;
    return obs;
  }

  private detect(ram: Uint8Array): void {
    const s = this.slots;
    s[0]!.set(ram[70]!, u8(ram[97]! + 32));
    // A lane's batch is all submarines or all sharks; RAM[36 + lane] says which of its three slots are filled.
    const submarines = (lane: number) => ram[89 + lane]! % 8 > 3 && ram[89 + lane]! % 8 < 7;
    for (let lane = 0; lane < 4; lane++) {
      for (let j = 0; j < 3; j++) {
        const i = 1 + lane * 3 + j;
        const x = u8(ram[30 + lane]! + 16 * j);
        if (!((ram[36 + lane]! >> (2 - j)) & 1) || x > 165) {
          s[i] = null;
          continue;
        }
        // Sharks bob up and down by RAM[93] - 4 (byte arithmetic).
        const enemy = fill(s[i] ?? null, submarines(lane) ? 'Submarine' : 'Shark');
        enemy.set(x, submarines(lane) ? 141 - 24 * lane : u8(141 - 24 * lane + u8(ram[93]! - 4)));
        s[i] = enemy;
      }
    }
    // Divers and the submarines' torpedoes share one RAM position per lane.
    for (let lane = 0; lane < 4; lane++) {
      const v = ram[71 + lane]!;
      if (v > 0 && v < 160) {
        const o = fill(s[13 + lane] ?? null, submarines(lane) ? 'EnemyMissile' : 'Diver');
        if (submarines(lane)) o.set(u8(v + 3), 145 - 24 * lane);
        else o.set(v, 141 - 24 * lane);
        s[13 + lane] = o;
      } else {
        s[13 + lane] = null;
      }
    }
    if (ram[60]! >= 2 && ram[118]! < 160) {
      s[17] ??= new Obj('SurfaceSubmarine', 0, 0, 8, 11);
      s[17].set(ram[118]!, 45);
    } else {
      s[17] = null;
    }
    if (ram[103]! > 0 && ram[103]! < 160) {
      s[18] ??= new Obj('PlayerMissile', 0, 0, 8, 1);
      s[18].set(ram[103]!, u8(ram[97]! + 40));
    } else {
      s[18] = null;
    }
  }

  boxes(): { category: string; box: MovingBox }[] {
    return this.slots.filter((o): o is Obj => o !== null).map((o) => ({ category: o.category, box: o.moving() }));
  }

  snapshot(): ObjState[] {
    return saveSlots(this.slots);
  }

  restore(state: unknown): void {
    this.slots = loadSlots(state as ObjState[]);
  }
}
