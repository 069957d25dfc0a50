// Observations as Gymnasium's AtariPreprocessing + FrameStack and EnvPool
// make them, for VectorEnv: the last two frames of a step max-pooled, in grey
// (ALE's luma) or RGB, resized with area interpolation (each output pixel the
// mean of the source area it covers, as OpenCV's INTER_AREA, computed exactly
// in integers and rounded half to even), and the last `stack` of them kept,
// oldest first.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ha {

struct PreprocessSpec {
  bool enabled = false;
  bool grayscale = true;
  int width = 84, height = 84;
  bool maxPool = true;  // max of the last two frames of a step (else the last frame)
  int stack = 1;
  int noopMax = 0;            // a reset is followed by 1..noopMax NOOP frames (0: none)
  bool episodicLife = false;  // a lost life ends the episode; the game goes on after one NOOP step
  bool clipRewards = false;   // rewards as their sign
};

// One output axis of an area resize: for each output pixel, the source
// pixels it covers and how much of each, in units of 1/to of a source pixel
// (exact integers: output pixel i spans [i*from, (i+1)*from) in those units).
// Every output pixel has `taps` entries; unused ones weigh 0.
struct AreaAxis {
  int taps = 0;
  std::vector<int> source;       // [output][tap]: source pixel
  std::vector<uint16_t> weight;  // [output][tap]: covered length, at most `to`
  AreaAxis(int from, int to);
};

class Preprocessor {
 public:
  Preprocessor(const PreprocessSpec& spec, int screenHeight);
  size_t channels() const { return spec_.grayscale ? 1 : 3; }
  // Bytes of one frame, and of the whole stacked observation.
  size_t frameSize() const { return size_t(spec_.width) * size_t(spec_.height) * channels(); }
  size_t observationSize() const { return frameSize() * size_t(spec_.stack); }
  // Converts a screen (palette indices) into colour values in `into` (160 x height x channels).
  void colours(const uint8_t* screen, uint8_t* into) const;
  // The same for two screens at once, max-pooled: each value the larger of the two screens'.
  void pooledColours(const uint8_t* a, const uint8_t* b, uint8_t* into) const;
  size_t screenValues() const { return size_t(160) * size_t(screenHeight_) * channels(); }
  // Resizes colour values (screenValues() bytes) and pushes them onto the
  // stack in `obs` (observationSize() bytes); `fill` writes them to every
  // slot (the first frame of an episode).
  void push(const uint8_t* values, uint8_t* obs, bool fill) const;

 private:
  PreprocessSpec spec_;
  int screenHeight_;
  AreaAxis xs_, ys_;
  // An output pixel's weighted sum is its area mean times 160 x screenHeight
  // (the weights of an axis add up to its source length): divided by that
  // with a multiply and a shift, exact for sums below 2^24.
  uint32_t divisor_;
  uint64_t reciprocal_;
  uint8_t grey_[256];  // ALE's luma of each palette value
  uint8_t rgb_[256][3];
};

}  // namespace ha
