#include "env/Preprocess.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/Palette.h"

namespace ha {

AreaAxis::AreaAxis(int from, int to) : scale(double(from) / double(to)) {
  for (int i = 0; i < to; ++i) {
    double lo = i * scale, hi = (i + 1) * scale;
    first.push_back(int(source.size()));
    for (int s = int(std::floor(lo)); s < from && s < hi; ++s) {
      double covered = std::min(hi, double(s + 1)) - std::max(lo, double(s));
      if (covered <= 1e-12) continue;
      source.push_back(s);
      weight.push_back(covered);
    }
    count.push_back(int(source.size()) - first.back());
  }
}

Preprocessor::Preprocessor(const PreprocessSpec& spec, int screenHeight)
    : spec_(spec), screenHeight_(screenHeight), xs_(160, spec.width), ys_(screenHeight, spec.height) {
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

void Preprocessor::push(uint8_t* a, const uint8_t* b, uint8_t* obs, bool fill) const {
  if (b) {
    size_t n = screenValues();
    for (size_t i = 0; i < n; ++i) a[i] = std::max(a[i], b[i]);
  }
  size_t frame = frameSize(), c = channels();
  // The oldest frame leaves; the new one goes last.
  uint8_t* out = obs + frame * size_t(spec_.stack - 1);
  if (spec_.stack > 1) std::memmove(obs, obs + frame, frame * size_t(spec_.stack - 1));
  const double area = xs_.scale * ys_.scale;
  const size_t rowStride = 160 * c;
  for (int y = 0; y < spec_.height; ++y) {
    const int y0 = ys_.first[size_t(y)], y1 = y0 + ys_.count[size_t(y)];
    for (int x = 0; x < spec_.width; ++x) {
      const int x0 = xs_.first[size_t(x)], x1 = x0 + xs_.count[size_t(x)];
      for (size_t ch = 0; ch < c; ++ch) {
        double total = 0;
        for (int ty = y0; ty < y1; ++ty) {
          const uint8_t* row = a + size_t(ys_.source[size_t(ty)]) * rowStride + ch;
          double rowSum = 0;
          for (int tx = x0; tx < x1; ++tx) rowSum += xs_.weight[size_t(tx)] * double(row[size_t(xs_.source[size_t(tx)]) * c]);
          total += ys_.weight[size_t(ty)] * rowSum;
        }
        // Rounded half to even, as OpenCV's saturate_cast.
        out[(size_t(y) * size_t(spec_.width) + size_t(x)) * c + ch] = uint8_t(std::nearbyint(total / area));
      }
    }
  }
  if (fill)
    for (int k = 0; k + 1 < spec_.stack; ++k) std::memcpy(obs + frame * size_t(k), out, frame);
}

}  // namespace ha
