import { Slot, u8, type SlotState } from './slot.ts';
import type { MovingBox, StudyObservation, StudyObserver } from './types.ts';

const LANES = 10;

/**
 * Freeway as the study saw it (Feb 2026 environment on OCAtari's RAM
 * objects): `Chicken` (the left one, the player's), then `Cars`, one per
 * lane sorted top to bottom, then `reward`. Cars never leave their lane:
 * lane i (0 = top) is at y 27 + 16 i, its x is RAM[117 - i] - 3.
 */
export class FreewayObserver implements StudyObserver {
  private readonly chicken = new Slot('Chicken', { x: 0, y: 0, w: 6, h: 8 }, true);
  // OCAtari places each car at x 0 on its lane's y when it (re)creates the objects.
  private readonly cars = Array.from({ length: LANES }, (_, i) => new Slot('Car', { x: 0, y: 27 + 16 * i, w: 8, h: 10 }, true));
  private last: { category: string; box: MovingBox }[] = [];

  reset(): void {
    this.chicken.reset();
    for (const car of this.cars) car.reset();
  }

  observe(ram: Uint8Array, reward: number | null): StudyObservation {
    const chicken = this.chicken.update({ x: 44, y: u8(193 - ram[14]!), w: 6, h: 8 })!;
    const cars = this.cars.map((slot, i) => slot.update({ x: u8(ram[117 - i]! - 3), y: 27 + 16 * i, w: 8, h: 10 })!);
    this.last = [{ category: 'Chicken', box: chicken }, ...cars.map((box) => ({ category: 'Car', box }))];
    return { Chicken: chicken, Cars: cars, reward };
  }

  boxes(): { category: string; box: MovingBox }[] {
    return this.last;
  }

  snapshot(): SlotState[] {
    return [this.chicken, ...this.cars].map((s) => s.snapshot());
  }

  restore(state: unknown): void {
    const s = state as SlotState[];
    for (const [i, slot] of [this.chicken, ...this.cars].entries()) slot.restore(s[i]!);
  }
}
