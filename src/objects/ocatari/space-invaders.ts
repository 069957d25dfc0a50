import { loadSlots, Obj, saveSlots, type ObjState } from './obj.ts';
import { u8 } from './slot.ts';
import type { MovingBox, StudyObservation, StudyObserver } from './types.ts';

/** Keys numbered per category in list order (Alien0, Alien1, ...), as the study's environment wrote them. */
const NUMBERED = new Set(['Alien', 'Shield', 'Bullet']);

const newAlien = () => new Obj('Alien', 0, 0, 8, 10);
const newShield = (i: number) => new Obj('Shield', 42 + 32 * i, 157, 8, 18);

/** A list entry: one of OCAtari's global objects (by pool and index), or an object of the list's own. */
type Entry = { pool: 'alien' | 'bullet'; index: number } | { pool: 'satellite' } | { own: ObjState };

interface State {
  list: Entry[];
  aliens: ObjState[];
  bullets: ObjState[];
  satellite: ObjState;
  prevRam: number[];
  satCounter: number;
}

/**
 * Space Invaders as the study saw it (2025 script on the OCAtari version of
 * its time): a key per object in OCAtari's list order — `Player`, `Shield0`
 * .. (while no alien is that low), `Alien0` .., then `Bullet0` .. and
 * `Satellite` in the order they appeared — each {x, y, w, h, dx, dy}, then
 * `reward`. That OCAtari kept its state in module globals, alive across
 * resets and environments of one process; the observer keeps it the same
 * way for its life, as the study's process did once its first environment
 * had started (so, as in every observation the study's policies saw, the
 * shields keep the boxes they were created with, and a bullet shows only
 * while its RAM row changes). Quirks kept: removing the shields skips the
 * middle one; an alien's alive flag and position use mirrored indices.
 */
export class SpaceInvadersObserver implements StudyObserver {
  private list: Obj[] = [];
  // OCAtari's globals.
  private aliens: (Obj | null)[] = [];
  private bullets: Obj[] = [];
  private satellite = new Obj('Satellite', 0, 0, 7, 8);
  private prevRam: Uint8Array | undefined;
  private satCounter = 1;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.list = [new Obj('Player', 0, 185, 7, 10), newShield(0), newShield(1), newShield(2)];
  }

  observe(ram: Uint8Array, reward: number | null): StudyObservation {
    for (const o of this.list) o.prev = { x: o.x, y: o.y };
    if (!this.prevRam) {
      // What the study's process had by its first observed step: its first environment had started.
      this.aliens = Array.from({ length: 36 }, newAlien);
      this.bullets = [0, 1, 2].map(() => new Obj('Bullet', 0, 0, 1, 10));
      this.prevRam = ram.slice();
    }
    this.detect(ram);
    const counts = new Map<string, number>();
    const obs: StudyObservation = {};
    for (const o of this.list) {
      const n = counts.get(o.category) ?? 0;
      counts.set(o.category, n + 1);
      obs[NUMBERED.has(o.category) ? `${o.category}${n}` : o.category] = o.moving();
    }
    obs.reward = reward;
    return obs;
  }

  private detect(ram: Uint8Array): void {
    const list = this.list;
    const prevRam = this.prevRam!;
    list[0]!.set(u8(ram[28]! - 1), 185);
    // The aliens leave the list and come back at its end.
    const isAlien = list.map((o) => o.category === 'Alien');
    const first = isAlien.indexOf(true);
    if (first >= 0) list.splice(first, isAlien.lastIndexOf(true) - first + 1);
    const x = ram[26]!;
    const y = ram[16]!;
    const rows = [...ram.subarray(18, 24)];
    const empty =
      6 -
      Math.max(...rows)
        .toString(2)
        .replace(/^0$/, '').length;
    // Python's format(row, '06b')[empty:] + '0' * empty: the grid shifted left past its empty columns.
    const bit = (i: number, j: number) => {
      const bits = rows[i]!.toString(2).padStart(6, '0');
      const shifted = empty >= 0 ? bits.slice(empty) + '0'.repeat(empty) : bits.slice(bits.length + empty);
      return shifted[j] === '1';
    };
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        const k = 35 - (i * 6 + j);
        if (this.aliens[k] && !bit(i, j)) this.aliens[k] = null;
        else if (!this.aliens[k] && bit(i, j)) this.aliens[k] = newAlien();
      }
    }
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        const alien = this.aliens[i * 6 + j];
        if (!alien) continue;
        // numpy's byte arithmetic: wraps while the offset is positive, goes negative when it is not.
        const offset = (j - empty) * 16;
        const ax = offset >= 0 ? u8(u8(x - 1) + offset) : u8(x - 1) + offset;
        alien.set(ax, u8(31 + u8(y * 2) + i * 18));
      }
    }
    list.push(...this.aliens.filter((a): a is Obj => a !== null));
    // The satellite shows while RAM[30] keeps changing (for three steps after it stops).
    if (ram[30] !== prevRam[30]) {
      this.satellite.set(u8(ram[30]! - 1), 12);
      this.satCounter = 3;
      if (!list.includes(this.satellite)) list.push(this.satellite);
    } else if (--this.satCounter === 0) {
      this.satCounter = 1;
      const i = list.indexOf(this.satellite);
      if (i >= 0) list.splice(i, 1);
    }
    // Aliens down at the shields remove them, skipping every other one (a list changed while iterated).
    if (this.aliens.some((a) => a && a.y + a.h >= 157)) {
      for (let i = 0; i < list.length; i++) if (list[i]!.category === 'Shield') list.splice(i, 1);
    }
    const [b0, b1, b2] = this.bullets as [Obj, Obj, Obj];
    b2.set(u8(ram[87]! - 2), u8(u8(2 * ram[85]!) + 3));
    [b0, b1].forEach((b, i) => {
      b.set(u8(ram[83 + i]! - 2), u8(u8(2 * ram[81 + i]!) + 3));
      if (b.y < 194) {
        if (b.y + b.h > 195) b.h = 195 - b.y - 1;
        else [b.w, b.h] = [1, 10];
      }
    });
    const visible = [
      ram[81] !== prevRam[81] && b0.y > 20 && b0.y < 195,
      ram[82] !== prevRam[82] && b1.y > 20 && b1.y < 195,
      ram[85] !== prevRam[85] && b2.y > 20 && b2.y < 195,
    ];
    this.bullets.forEach((b, i) => {
      const at = list.indexOf(b);
      if (visible[i] && at < 0) list.push(b);
      else if (!visible[i] && at >= 0) list.splice(at, 1);
    });
    this.prevRam = ram.slice();
  }

  boxes(): { category: string; box: MovingBox }[] {
    return this.list.map((o) => ({ category: o.category, box: o.moving() }));
  }

  snapshot(): State {
    const entry = (o: Obj): Entry => {
      if (o === this.satellite) return { pool: 'satellite' };
      const alien = this.aliens.indexOf(o);
      if (alien >= 0) return { pool: 'alien', index: alien };
      const bullet = this.bullets.indexOf(o);
      return bullet >= 0 ? { pool: 'bullet', index: bullet } : { own: saveSlots([o])[0]! };
    };
    return {
      list: this.list.map(entry),
      aliens: saveSlots(this.aliens),
      bullets: saveSlots(this.bullets),
      satellite: saveSlots([this.satellite])[0]!,
      prevRam: this.prevRam ? [...this.prevRam] : [],
      satCounter: this.satCounter,
    };
  }

  restore(state: unknown): void {
    const s = state as State;
    this.aliens = loadSlots(s.aliens);
    this.bullets = loadSlots(s.bullets) as Obj[];
    this.satellite = loadSlots([s.satellite])[0]!;
    this.prevRam = s.prevRam.length ? Uint8Array.from(s.prevRam) : undefined;
    this.satCounter = s.satCounter;
    this.list = s.list.map((e) => {
      if ('own' in e) return loadSlots([e.own])[0]!;
      if (e.pool === 'satellite') return this.satellite;
      return (e.pool === 'alien' ? this.aliens[e.index] : this.bullets[e.index])!;
    });
  }
}
