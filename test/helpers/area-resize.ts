// Area interpolation written here from its definition (OpenCV's INTER_AREA:
// each output pixel the mean of the source area it covers), the reference
// for the native resize of VectorEnv's observations and Env.resizedScreen.

/** Round half to even (OpenCV's saturate_cast). */
function roundEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - Math.trunc(v)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** For each output pixel of an axis, the source pixels it covers and how much of each (area interpolation). */
function areaAxis(from: number, to: number): { taps: [number, number][][]; scale: number } {
  const scale = from / to;
  const taps = Array.from({ length: to }, (_, i) => {
    const lo = i * scale;
    const hi = (i + 1) * scale;
    const out: [number, number][] = [];
    for (let s = Math.floor(lo); s < from && s < hi; s++) {
      const covered = Math.min(hi, s + 1) - Math.max(lo, s);
      if (covered > 1e-12) out.push([s, covered]);
    }
    return out;
  });
  return { taps, scale };
}

/** Area resize of a height x 160 x channels image. */
export function resize(src: Uint8Array, height: number, channels: number, w: number, h: number): Uint8Array {
  const xs = areaAxis(160, w);
  const ys = areaAxis(height, h);
  const out = new Uint8Array(w * h * channels);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < channels; c++) {
        let total = 0;
        for (const [sy, wy] of ys.taps[y]!) {
          let rowSum = 0;
          for (const [sx, wx] of xs.taps[x]!) rowSum += wx * src[(sy * 160 + sx) * channels + c]!;
          total += wy * rowSum;
        }
        out[(y * w + x) * channels + c] = roundEven(total / (xs.scale * ys.scale));
      }
  return out;
}
