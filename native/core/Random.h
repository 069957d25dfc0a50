// The console's System RNG and the environment's sticky-action RNG: both are a
// 32-bit Mersenne Twister as in ALE (GAME_FACTS §1.3/§1.4), injected where used.
#pragma once
#include <cstdint>
#include <random>
#include <sstream>

#include "core/Serializer.h"

namespace ha {

class Random {
 public:
  explicit Random(uint32_t seed = 0) : gen_(seed) {}
  void seed(uint32_t s) { gen_.seed(s); }
  uint32_t next() { return uint32_t(gen_()); }
  // Uniform in [0,1): one 32-bit draw divided by 2^32.
  double nextDouble() { return double(next()) / 4294967296.0; }

  void save(StateWriter& w) const {
    std::ostringstream os;
    os << gen_;
    w.str(os.str());
  }
  void load(StateReader& r) {
    std::istringstream is(r.str());
    std::mt19937 g;
    is >> g;
    if (is.fail()) throw StateError("corrupt state: random generator section");
    gen_ = g;
  }

 private:
  std::mt19937 gen_;
};

}  // namespace ha
