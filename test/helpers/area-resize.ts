// Area interpolation written here from its definition (OpenCV's INTER_AREA:
// each output pixel the mean of the source area it covers), computed exactly
// with integers and rounded half to even: the reference for the native resize
// of VectorEnv's observations and Env.resizedScreen.

/**
 * For each output pixel of an axis, the source pixels it covers and how much
 * of each, in units of 1/to of a source pixel: output pixel i spans
 * [i * from, (i + 1) * from) in those units, source pixel s [s * to, (s + 1) * to).
 */
function areaAxis(from: number, to: number): [number, number][][] {
  return Array.from({ length: to }, (_, i) => {
    const out: [number, number][] = [];
    for (let s = 0; s < from; s++) {
      const covered = Math.min((i + 1) * from, (s + 1) * to) - Math.max(i * from, s * to);
      if (covered > 0) out.push([s, covered]);
    }
    return out;
  });
}

/** `total / divisor` rounded half to even, both integers. */
function divideRounded(total: number, divisor: number): number {
  const q = Math.floor(total / divisor);
  const twice = 2 * (total - q * divisor);
  return twice > divisor || (twice === divisor && q % 2 === 1) ? q + 1 : q;
}

/** Area resize of a height x 160 x channels image to w x h. */
export function resize(src: Uint8Array, height: number, channels: number, w: number, h: number): Uint8Array {
  const xs = areaAxis(160, w);
  const ys = areaAxis(height, h);
  const out = new Uint8Array(w * h * channels);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < channels; c++) {
        // The weights of an axis add up to its source length: the weighted sum is the mean times 160 x height.
        let total = 0;
        for (const [sy, wy] of ys[y]!) for (const [sx, wx] of xs[x]!) total += wy * wx * src[(sy * 160 + sx) * channels + c]!;
        out[(y * w + x) * channels + c] = divideRounded(total, 160 * height);
      }
  return out;
}
