/**
 * Gymnasium/ale-py seeding, reproduced so that `reset({ seed })` gives the
 * same streams as ale-py: numpy's SeedSequence (hash-based seed spreading)
 * derives the ALE sticky-action seed and the seed of a PCG64 generator, which
 * draws stochastic frame skips with numpy's `integers(low, high)` (Lemire's
 * bounded method on buffered 32-bit outputs).
 */

const M32 = 0xffffffff;
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const POOL_SIZE = 4;

const mul32 = (a: number, b: number) => Math.imul(a, b) >>> 0;

/** numpy.random.SeedSequence(entropy) for a non-negative integer entropy. */
export class SeedSequence {
  private readonly pool: number[] = new Array<number>(POOL_SIZE).fill(0);

  constructor(entropy: number | bigint) {
    let n = BigInt(entropy);
    if (n < 0n) throw new RangeError('SeedSequence entropy must be non-negative');
    const words: number[] = [];
    if (n === 0n) words.push(0);
    while (n > 0n) {
      words.push(Number(n & 0xffffffffn));
      n >>= 32n;
    }
    let hashConst = INIT_A;
    const hashmix = (value: number): number => {
      value = (value ^ hashConst) >>> 0;
      hashConst = mul32(hashConst, MULT_A);
      value = mul32(value, hashConst);
      return (value ^ (value >>> 16)) >>> 0;
    };
    const mix = (x: number, y: number): number => {
      const r = (mul32(MIX_MULT_L, x) - mul32(MIX_MULT_R, y)) >>> 0;
      return (r ^ (r >>> 16)) >>> 0;
    };
    for (let i = 0; i < POOL_SIZE; i++) this.pool[i] = hashmix(i < words.length ? words[i]! : 0);
    for (let src = 0; src < POOL_SIZE; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) {
        if (src !== dst) this.pool[dst] = mix(this.pool[dst]!, hashmix(this.pool[src]!));
      }
    }
    for (let src = POOL_SIZE; src < words.length; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) this.pool[dst] = mix(this.pool[dst]!, hashmix(words[src]!));
    }
  }

  /** generate_state(n) as uint32 words. */
  generateState32(n: number): number[] {
    let hashConst = INIT_B;
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      let v = (this.pool[i % POOL_SIZE]! ^ hashConst) >>> 0;
      hashConst = mul32(hashConst, MULT_B);
      v = mul32(v, hashConst);
      out.push((v ^ (v >>> 16)) >>> 0);
    }
    return out;
  }

  /** generate_state(n, uint64): pairs of 32-bit words, low word first. */
  generateState64(n: number): bigint[] {
    const w = this.generateState32(2 * n);
    return Array.from({ length: n }, (_, i) => BigInt(w[2 * i]!) | (BigInt(w[2 * i + 1]!) << 32n));
  }
}

const M64 = (1n << 64n) - 1n;
const M128 = (1n << 128n) - 1n;
const PCG_MULT = 0x2360ed051fc65da44385df649fccf645n;

/** numpy.random.PCG64 seeded from a SeedSequence, with its buffered 32-bit output. */
export class Pcg64 {
  private state = 0n;
  private readonly inc: bigint;
  private spare: number | undefined;

  constructor(seq: SeedSequence) {
    const [s0, s1, i0, i1] = seq.generateState64(4) as [bigint, bigint, bigint, bigint];
    const initState = (s0 << 64n) | s1;
    const initSeq = (i0 << 64n) | i1;
    this.inc = ((initSeq << 1n) | 1n) & M128;
    this.step();
    this.state = (this.state + initState) & M128;
    this.step();
  }

  private step(): void {
    this.state = (this.state * PCG_MULT + this.inc) & M128;
  }

  nextUint64(): bigint {
    this.step();
    const x = ((this.state >> 64n) ^ this.state) & M64;
    const rot = Number(this.state >> 122n);
    return ((x >> BigInt(rot)) | (x << BigInt((64 - rot) & 63))) & M64;
  }

  nextUint32(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    const v = this.nextUint64();
    this.spare = Number(v >> 32n);
    return Number(v & 0xffffffffn);
  }

  /** Generator.integers(low, high): uniform in [low, high), as numpy draws it. */
  integers(low: number, high: number): number {
    const rng = high - 1 - low;
    if (rng <= 0) return low;
    if (rng >= M32) throw new RangeError('integers: range too large');
    const excl = rng + 1;
    let m = BigInt(this.nextUint32()) * BigInt(excl);
    let leftover = Number(m & 0xffffffffn);
    if (leftover < excl) {
      const threshold = (M32 - rng) % excl;
      while (leftover < threshold) {
        m = BigInt(this.nextUint32()) * BigInt(excl);
        leftover = Number(m & 0xffffffffn);
      }
    }
    return low + Number(m >> 32n);
  }
}

/** What ale-py derives from `seed`: the ALE random_seed and numpy's generator. */
export function aleSeeding(seed: number): { aleSeed: number; npSeed: number; np: Pcg64 } {
  const [npSeed, aleSeed] = new SeedSequence(seed).generateState32(2) as [number, number];
  return { aleSeed, npSeed, np: new Pcg64(new SeedSequence(npSeed)) };
}
