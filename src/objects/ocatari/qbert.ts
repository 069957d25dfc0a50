import { loadSlots, Obj, saveSlots, type ObjState } from './obj.ts';
import { u8 } from './slot.ts';
import type { MovingBox, StudyObservation, StudyObserver } from './types.ts';

const DISKS = [
  { ram: 112, x: 12, y: 138 },
  { ram: 122, x: 140, y: 138 },
];

/** The x of an enemy on the pyramid from its RAM column value, as OCAtari computed it. */
function enemyX(value: number): number {
  let x = 0;
  for (let i = 0; i <= u8(value + 1) - 1; i++) x += i <= 1 ? 13 : i === 6 ? 16 : 12;
  return x;
}

/** OCAtari's own counters for Q*bert's enemies (module globals there, reset with the objects). */
interface Counters {
  coilPrevX: number;
  coilPrevY: number;
  lastI: number;
  purpleI: number;
  greenI: number;
  last74: number;
  lastLives: number;
  last105: number;
  last103: number;
}

const FRESH: Counters = { coilPrevX: 0, coilPrevY: 0, lastI: -1, purpleI: -1, greenI: -1, last74: 0, lastLives: 2, last105: 0, last103: 0 };

interface QbertState {
  objects: ObjState[];
  vars: Counters;
}

/**
 * Q*bert as the study saw it (Feb 2026 environment on OCAtari's RAM
 * objects): `Player` {x, y, w, h, dx, dy} while on screen; `Enemies` (Coily,
 * the purple ball) and `Friendlies` (the green ball, Sam), each with `type`;
 * `Disks` {x, y, w, h}; then `lives` and `reward`. OCAtari followed the
 * enemies from step to step with counters of its own (which pyramid row a
 * ball has reached, when Coily last moved), kept here as it kept them, and
 * reset with the objects at every reset; its detection never reports the
 * red ball.
 */
export class QbertObserver implements StudyObserver {
  // OCAtari's object slots: 0 Player, 1-2 disks, 3 Coily, 4 purple ball, 5 green ball, 6 Sam.
  private objects: (Obj | null)[] = [];
  private v: Counters = { ...FRESH };

  constructor() {
    this.reset();
  }

  reset(): void {
    this.objects = [new Obj('Player', 78, 103, 8, 20), ...DISKS.map((d) => new Obj('Disk', d.x, d.y, 8, 2)), null, null, null, null];
    this.v = { ...FRESH };
  }

  observe(ram: Uint8Array, reward: number | null, lives: number): StudyObservation {
    for (const o of this.objects) if (o) o.prev = { x: o.x, y: o.y };
    this.detect(ram);
    const [player, disk0, disk1, coily, purple, green, sam] = this.objects;
    const obs: StudyObservation = {};
    if (player) obs.Player = player.moving();
    const typed = (o: Obj) => ({ ...o.moving(), type: o.category });
    const enemies = [coily, purple].filter((o): o is Obj => o !== null).map(typed);
    const friendlies = [green, sam].filter((o): o is Obj => o !== null).map(typed);
    const disks = [disk0, disk1].filter((o): o is Obj => o !== null).map((o) => ({ x: o.x, y: o.y, w: o.w, h: o.h }));
    if (enemies.length) obs.Enemies = enemies;
    if (friendlies.length) obs.Friendlies = friendlies;
    if (disks.length) obs.Disks = disks;
    obs.lives = lives;
    obs.reward = reward;
    return obs;
  }

  /** OCAtari's detection step for Q*bert, slot by slot (its quirks kept). */
  private detect(ram: Uint8Array): void {
    const o = this.objects;
    const v = this.v;
    // Player. A player that just left the screen still counts below (OCAtari kept its last box in a local).
    let player = o[0];
    if (ram[67]! > 16 && ram[67]! < 210) {
      if (!player) o[0] = player = new Obj('Player', 78, 103, 8, 20);
      if (ram[59] === 255) player.set(player.x, u8(ram[33]! - 52));
      else player.set(u8(ram[43]! - 3), ram[67]! - (ram[67]! < 70 ? 8 : ram[67]! < 100 ? 7 : 6));
    } else {
      o[0] = null;
    }
    // Disks
    DISKS.forEach((d, i) => {
      if (ram[d.ram] === 0) o[1 + i] = null;
      else if (!o[1 + i]) o[1 + i] = new Obj('Disk', d.x, d.y, 8, 2);
    });
    // Coily: its x switches in RAM before it moves, so it is taken only when its row (RAM[39]) changes.
    if (ram[39] !== 255) {
      let coily = o[3];
      if (!coily) o[3] = coily = new Obj('Coily', 78, 103, 8, 21);
      const x = v.coilPrevY !== ram[39] ? enemyX(ram[71]!) : v.coilPrevX;
      const row = u8(ram[39]! * 30);
      const t = ram[56]!;
      const [dy, h] = t > 8 ? [6, 21] : t > 6 ? [9, 18] : t > 3 ? [11, 16] : t === 1 ? [6, 21] : [9, 18];
      coily.set(x, u8(row + dy));
      coily.w = 8;
      coily.h = h;
      v.coilPrevX = coily.x;
      v.coilPrevY = ram[39]!;
    } else {
      o[3] = null;
      v.coilPrevX = 0;
      v.coilPrevY = 0;
    }
    // Balls and Sam: which pyramid row they are on is counted from the steps of RAM[74].
    // The slots as they were before this part of the detection (OCAtari read them into locals here).
    let purple = o[4];
    let green = o[5];
    let sam = o[6];
    if (v.lastLives !== ram[8]) {
      v.greenI = -1;
      v.purpleI = -1;
      v.lastI = -1;
      v.lastLives = ram[8]!;
      v.last74 = ram[74]!;
      o[4] = o[5] = o[6] = null;
      return;
    }
    if (!ram[74]) return;
    if (v.last74 !== ram[74]) {
      v.last74 = ram[74]!;
      if (v.lastI >= 0) v.lastI++;
      if (v.purpleI >= 0) v.purpleI++;
      if (v.greenI >= 0) v.greenI++;
    }
    const ballY = (i: number, small: boolean) => (i + 1) * 30 + (small ? 23 : 9) - i;
    if (v.last103 !== ram[103]) {
      if (ram[103] === 17) v.greenI = 0;
      v.last103 = ram[103]!;
    } else if (v.greenI > 4) {
      v.greenI = -1;
    }
    if (v.greenI >= 0 && v.greenI < 5) {
      if (!green) o[5] = green = new Obj('GreenBall', 78, 103, 7, 9);
      if (player) {
        const bx = enemyX(ram[75 + v.greenI]!);
        const by = (v.greenI + 1) * 30 + 7 - v.greenI;
        // Caught: OCAtari then emptied Sam's slot, not the ball's.
        if (Math.abs(bx - player.x) < 9 && Math.abs(by - player.y) < 9) {
          o[6] = null;
          v.greenI = -1;
        }
      }
      const small = ram[56]! < 7;
      green.set(enemyX(ram[75 + v.greenI]!) + 1, ballY(v.greenI, small));
      green.w = 7;
      green.h = small ? 6 : 9;
    } else {
      o[5] = null;
    }
    if (ram[119] !== 0) {
      o[4] = null;
      v.purpleI = -1;
    } else if (v.purpleI < 0 && o[3] === null) {
      v.purpleI = 0;
    } else if (v.purpleI > 4) {
      v.purpleI = -1;
    }
    if (v.purpleI >= 0 && v.purpleI < 5) {
      if (v.greenI !== v.purpleI) {
        if (!purple) o[4] = purple = new Obj('PurpleBall', 78, 103, 7, 9);
        const small = ram[56]! < 7;
        purple.set(enemyX(ram[75 + v.purpleI]!) + 1, ballY(v.purpleI, small));
        purple.w = 7;
        purple.h = small ? 6 : 9;
      } else {
        v.purpleI = -1;
      }
    } else {
      o[4] = null;
    }
    if (v.last105 !== ram[105]) {
      if (ram[105] === 6) v.lastI = 0;
      v.last105 = ram[105]!;
    }
    if (v.lastI >= 0 && v.lastI < 5) {
      // `sam` is the slot as it was before the green ball's catch emptied it: then it stays empty this step.
      if (!sam) o[6] = sam = new Obj('Sam', 78, 103, 8, 18);
      if (player) {
        const sx = enemyX(ram[75 + v.lastI]!);
        const sy = (v.lastI + 1) * 30 + 12 - v.lastI;
        if (Math.abs(sx - player.x) < 7 && Math.abs(sy - player.y) < 7) {
          o[6] = null;
          v.lastI = -1;
        }
      }
      sam.set(enemyX(ram[75 + v.lastI]!), (v.lastI + 1) * 30 + 12 - v.lastI);
    } else {
      o[6] = null;
    }
    if (v.lastI > 4) v.lastI = -1;
  }

  boxes(): { category: string; box: MovingBox }[] {
    return this.objects.filter((o): o is Obj => o !== null).map((o) => ({ category: o.category, box: o.moving() }));
  }

  snapshot(): QbertState {
    return { objects: saveSlots(this.objects), vars: { ...this.v } };
  }

  restore(state: unknown): void {
    const s = state as QbertState;
    this.objects = loadSlots(s.objects);
    this.v = { ...s.vars };
  }
}
