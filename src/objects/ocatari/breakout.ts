import { Slot, u8, type SlotState } from './slot.ts';
import type { Box, MovingBox, StudyObservation, StudyObserver } from './types.ts';

/** Brick-row keys from the top row (y 57) down, as the study named them by colour. */
const ROW_KEYS = ['RB', 'OB', 'YB', 'GB', 'AB', 'BB'] as const;

/**
 * OCAtari's brick bitmap of RAM[0..35]: 6 rows (top first) x 18 columns
 * (left first). Each row is read from six RAM bytes, one from each 6-byte
 * group, of which only some bits count (the playfield registers' layout);
 * the bit strings are built and re-ordered exactly as OCAtari did.
 */
export function brickBitmap(ram: Uint8Array): number[][] {
  // Of the 20 bits a row is assembled from, these 18 are columns 0..17 left to right.
  const columns = [0, 4, 3, 2, 1, 5, 6, 7, 8, 11, 12, 16, 15, 14, 13, 17, 18, 19];
  const rows: number[][] = [];
  for (let k = 5; k >= 0; k--) {
    let bits = '';
    for (let j = 0; j < 6; j++) {
      const v = ram[6 * j + k]!;
      // Python's '{:06b}'[::-2], '{:08b}'[1::-2] and '{:08b}'[::-2]: every other bit, from the end (or from index 1) backwards.
      const s = v.toString(2).padStart(j === 0 ? 6 : 8, '0');
      let piece = '';
      for (let i = j === 5 ? 1 : s.length - 1; i >= 0; i -= 2) piece += s[i];
      bits = piece + bits;
    }
    rows.push(columns.map((c) => Number(bits[c] ?? 0)));
  }
  return rows;
}

/** Each row's bricks as left-to-right runs of adjacent bricks, one box per run (x 8 + 8 col, 8 per brick, 6 tall). */
export function brickRuns(bitmap: number[][]): Box[][] {
  return bitmap.map((row, r) => {
    const runs: Box[] = [];
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      const start = c;
      while (c + 1 < row.length && row[c + 1]) c++;
      runs.push({ x: 8 + 8 * start, y: 57 + 6 * r, w: 8 * (c - start + 1), h: 6 });
    }
    return runs;
  });
}

/**
 * Breakout as the study saw it (2025 script on OCAtari's RAM objects):
 * `Player` (the bat, always there), `Ball` only while in play, then the
 * non-empty brick rows `RB`, `OB`, `YB`, `GB`, `AB`, `BB` as lists of
 * {x, y, w, h} runs of adjacent bricks, then `lives` and `reward`.
 */
export class BreakoutObserver implements StudyObserver {
  // OCAtari's bat starts at (99, 189): at a reset its movement is measured from there.
  private readonly player = new Slot('Player', { x: 99, y: 189, w: 16, h: 4 }, true);
  private readonly ball = new Slot('Ball', { x: 0, y: 0, w: 2, h: 4 });
  private last: { category: string; box: MovingBox }[] = [];

  reset(): void {
    this.player.reset();
    this.ball.reset();
  }

  observe(ram: Uint8Array, reward: number | null, lives: number): StudyObservation {
    const obs: StudyObservation = {};
    this.last = [];
    const player = this.player.update({ x: u8(ram[72]! - 47), y: 189, w: 16, h: 4 })!;
    obs.Player = player;
    this.last.push({ category: 'Player', box: player });
    const ballY = u8(ram[101]! + 9);
    const ball = this.ball.update(ram[101] !== 0 && ballY <= 196 ? { x: u8(ram[99]! - 49), y: ballY, w: 2, h: 4 } : null);
    if (ball) {
      obs.Ball = ball;
      this.last.push({ category: 'Ball', box: ball });
    }
    brickRuns(brickBitmap(ram)).forEach((runs, r) => {
      if (!runs.length) return;
      obs[ROW_KEYS[r]!] = runs;
      for (const run of runs) this.last.push({ category: ROW_KEYS[r]!, box: { ...run, dx: 0, dy: 0 } });
    });
    obs.lives = lives;
    obs.reward = reward;
    return obs;
  }

  boxes(): { category: string; box: MovingBox }[] {
    return this.last;
  }

  snapshot(): SlotState[] {
    return [this.player.snapshot(), this.ball.snapshot()];
  }

  restore(state: unknown): void {
    const [player, ball] = state as SlotState[];
    this.player.restore(player!);
    this.ball.restore(ball!);
  }
}
