#include "env/Preprocess.h"

#include <algorithm>
#include <cstring>

#include "core/Palette.h"

// The resize's loops are written to be vectorised; GCC does that at -O2 only when asked.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize")
#endif

namespace ha {

AreaAxis::AreaAxis(int from, int to) {
  std::vector<std::vector<std::pair<int, int>>> covers(static_cast<size_t>(to));
  for (int i = 0; i < to; ++i) {
    const long lo = long(i) * from, hi = long(i + 1) * from;
    for (long s = lo / to; s < from && s * to < hi; ++s) {
      const long covered = std::min(hi, (s + 1) * to) - std::max(lo, s * to);
      if (covered > 0) covers[size_t(i)].push_back({int(s), int(covered)});
    }
    taps = std::max(taps, int(covers[size_t(i)].size()));
  }
  source.assign(size_t(to) * size_t(taps), 0);
  weight.assign(size_t(to) * size_t(taps), 0);
  for (int i = 0; i < to; ++i)
    for (size_t k = 0; k < covers[size_t(i)].size(); ++k) {
      source[size_t(i) * size_t(taps) + k] = covers[size_t(i)][k].first;
      weight[size_t(i) * size_t(taps) + k] = uint16_t(covers[size_t(i)][k].second);
    }
}

Preprocessor::Preprocessor(const PreprocessSpec& spec, int screenHeight)
    : spec_(spec),
      screenHeight_(screenHeight),
      xs_(160, spec.width),
      ys_(screenHeight, spec.height),
      divisor_(160u * uint32_t(screenHeight)),
      reciprocal_(((uint64_t(1) << 40) + divisor_ - 1) / divisor_) {
  for (int v = 0; v < 256; ++v) {
    grey_[v] = paletteGrey(uint8_t(v));
    uint32_t rgb = paletteRgb(uint8_t(v));
    rgb_[v][0] = uint8_t(rgb >> 16);
    rgb_[v][1] = uint8_t(rgb >> 8);
    rgb_[v][2] = uint8_t(rgb);
  }
}

void Preprocessor::colours(const uint8_t* screen, uint8_t* into) const {
  size_t n = size_t(160) * size_t(screenHeight_);
  if (spec_.grayscale) {
    for (size_t i = 0; i < n; ++i) into[i] = grey_[screen[i]];
    return;
  }
  for (size_t i = 0; i < n; ++i) std::memcpy(into + 3 * i, rgb_[screen[i]], 3);
}

void Preprocessor::pooledColours(const uint8_t* a, const uint8_t* b, uint8_t* into) const {
  size_t n = size_t(160) * size_t(screenHeight_);
  if (spec_.grayscale) {
    for (size_t i = 0; i < n; ++i) into[i] = std::max(grey_[a[i]], grey_[b[i]]);
    return;
  }
  for (size_t i = 0; i < n; ++i)
    for (int ch = 0; ch < 3; ++ch) into[3 * i + size_t(ch)] = std::max(rgb_[a[i]][ch], rgb_[b[i]][ch]);
}

void Preprocessor::push(const uint8_t* a, uint8_t* obs, bool fill) const {
  size_t frame = frameSize(), c = channels();
  // The oldest frame leaves; the new one goes last.
  uint8_t* out = obs + frame * size_t(spec_.stack - 1);
  if (spec_.stack > 1) std::memmove(obs, obs + frame, frame * size_t(spec_.stack - 1));
  const size_t row = 160 * c;
  // (On the stack: the threads of a VectorEnv share one Preprocessor.)
  uint16_t column[160 * 3];
  for (int y = 0; y < spec_.height; ++y) {
    // Down the screen: the source rows of output row y, weighted (each sum at
    // most 250 rows x 255: 16 bits; the loop is vectorised).
    const int* ySource = &ys_.source[size_t(y) * size_t(ys_.taps)];
    const uint16_t* yWeight = &ys_.weight[size_t(y) * size_t(ys_.taps)];
    std::memset(column, 0, row * sizeof(uint16_t));
    for (int k = 0; k < ys_.taps; ++k) {
      const uint8_t* src = a + size_t(ySource[k]) * row;
      const uint16_t w = yWeight[k];
      for (size_t i = 0; i < row; ++i) column[i] = uint16_t(column[i] + w * src[i]);
    }
    // Across: each output pixel's source columns, weighted, then divided by
    // 160 x screenHeight and rounded half to even, exactly.
    uint8_t* o = out + size_t(y) * size_t(spec_.width) * c;
    for (int x = 0; x < spec_.width; ++x) {
      const int* xSource = &xs_.source[size_t(x) * size_t(xs_.taps)];
      const uint16_t* xWeight = &xs_.weight[size_t(x) * size_t(xs_.taps)];
      for (size_t ch = 0; ch < c; ++ch) {
        uint32_t total = 0;
        for (int k = 0; k < xs_.taps; ++k) total += uint32_t(xWeight[k]) * column[size_t(xSource[k]) * c + ch];
        uint32_t q = uint32_t((uint64_t(total) * reciprocal_) >> 40), r = total - q * divisor_;
        q += uint32_t(2 * r > divisor_) | (uint32_t(2 * r == divisor_) & q);
        o[size_t(x) * c + ch] = uint8_t(q);
      }
    }
  }
  if (fill)
    for (int k = 0; k + 1 < spec_.stack; ++k) std::memcpy(obs + frame * size_t(k), out, frame);
}

}  // namespace ha
