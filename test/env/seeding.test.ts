import { describe, expect, it } from 'vitest';

import { aleSeeding, Pcg64, SeedSequence } from '../../src/env/seeding.ts';
import { Mt19937 } from '../helpers/mt19937.ts';

// Values printed by numpy 2.4.6: SeedSequence(s).generate_state(2) and
// Generator(PCG64(SeedSequence(7))).integers(2, 5) drawn one at a time.
describe('ale-py seeding', () => {
  it('SeedSequence matches numpy', () => {
    expect(new SeedSequence(42).generateState32(2)).toEqual([3444837047, 2669555309]);
    expect(new SeedSequence(0).generateState32(2)).toEqual([2968811710, 3677149159]);
    expect(new SeedSequence(2 ** 40 + 5).generateState32(2)).toEqual([3767146251, 3672381269]);
  });

  it('PCG64 and integers(2, 5) match numpy', () => {
    const raw = new Pcg64(new SeedSequence(123));
    expect([raw.nextUint64(), raw.nextUint64()]).toEqual([12587170189557361101n, 992822559630912803n]);
    const g = new Pcg64(new SeedSequence(7));
    expect(Array.from({ length: 12 }, () => g.integers(2, 5))).toEqual([4, 3, 4, 4, 3, 4, 4, 2, 2, 2, 2, 4]);
  });

  it('the ALE seed is the second word and numpy is reseeded from the first', () => {
    const s = aleSeeding(42);
    expect(s.aleSeed).toBe(2669555309);
    expect(s.npSeed).toBe(3444837047);
  });

  it('the test helper mt19937 matches the C++ reference output', () => {
    // the 10000th output of a default-seeded std::mt19937 is 4123659995 (C++ standard)
    const mt = new Mt19937(5489);
    let v = 0;
    for (let i = 0; i < 10000; i++) v = mt.next();
    expect(v).toBe(4123659995);
  });
});
