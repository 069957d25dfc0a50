// The TIA: video, collisions, input ports and the frame loop. This models the
// TIA the way ALE's Stella core does (our reference for exact screens): the
// picture is drawn lazily in runs of colour clocks up to the moment a register
// changes (plus that register's write delay), each object is the set of
// pixels it covers on the line (collisions come from intersecting the sets),
// HMOVE applies motion by the CPU cycle it was strobed at, an early-line HMOVE
// blanks the first 8 pixels, and a frame ends when VSYNC is released after at
// least one line of sync, or when the scanline limit is exceeded.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "core/Bus.h"
#include "core/Controls.h"
#include "core/M6502.h"
#include "core/Serializer.h"
#include "core/tia/TiaTables.h"

namespace ha {

class Tia : public Device {
 public:
  static constexpr int kWidth = 160;
  static constexpr int kBufferLines = 300;

  // `resetCycles` sets the bus cycle counter back to zero after letting every
  // device rebase its cycle stamps (done at each frame start, as in ALE).
  Tia(Bus& bus, M6502& cpu, const Controls& controls, std::function<void()> resetCycles);

  void install();
  void reset();
  void systemCyclesReset();

  // Emulates one frame: runs the CPU until the frame ends (VSYNC, scanline
  // limit) or 25000 instructions have run, whichever comes first.
  void update();

  uint8_t peek(uint16_t addr) override;
  void poke(uint16_t addr, uint8_t value) override;

  // Display window (first visible scanline and height), PAL colour loss and
  // whether an early HMOVE blanks the left edge: per-ROM properties.
  void setDisplay(int yStart, int height) {
    yStart_ = yStart;
    height_ = height;
  }
  void setPal(bool pal) { pal_ = pal; }
  void setHmoveBlanks(bool allow) { allowHmoveBlanks_ = allow; }
  int height() const { return height_; }

  const uint8_t* frameBuffer() const { return current(); }
  // Without pixels the TIA still computes collisions exactly, but leaves the
  // picture buffers alone (faster when no one looks at the screen).
  void setDrawPixels(bool on) {
    drawPixels_ = on;
    // With a picture, WSYNC also draws up to its moment.
    writeFilter_.unchanged[0x02] = on ? WriteFilter::kNone : WriteFilter::kHalt;
  }
  // For checks of object extraction: a second picture whose pixels hold the
  // TiaBit set of objects present there (0 for background and blanking).
  void setTrackSources(bool on);
  const uint8_t* sourceBuffer() const { return trackSources_ ? sources_[currentBuffer_].data() : nullptr; }
  uint32_t scanlines() const;
  uint32_t frameCount() const { return frameCounter_; }
  // Scanlines of the last completed frame (262 for a well-formed NTSC frame).
  uint32_t lastFrameScanlines() const { return scanlineCountForLastFrame_; }
  bool partialFrame() const { return partialFrame_; }

  void save(StateWriter& w) const;
  void load(StateReader& r);

 private:
  void frameReset();
  void startFrame();
  void endFrame();
  // Draws (or, without a picture, latches the collisions of) everything up
  // to colour clock `clock` that has not been yet.
  void updateFrame(int clock) {
    if (clock < clockStartDisplay_ || clockAtLastUpdate_ >= clockStopDisplay_ || clockAtLastUpdate_ >= clock) return;
    drawUpTo(clock);
  }
  void drawUpTo(int clock);
  void drawRun(int count, int hpos);
  void collide(const LineSet* const* sets, uint8_t enabled, uint64_t run0, uint64_t run1, uint64_t run2);
  uint8_t* sourceAt(uint8_t* pixel) { return sources_[currentBuffer_].data() + (pixel - current()); }
  void waitHorizontalSync();
  void greyOutFrame();
  uint8_t inputPort(int jack, bool pinFive, uint8_t noise) const;
  // Pixel sets of the objects on the current line, rebuilt only when what
  // shapes them (position, size, copies, graphics) changed.
  struct CachedSet {
    uint32_t key = 0xFFFFFFFF;
    LineSet set;
  };
  const LineSet& playerSet(int p);
  const LineSet& missileSet(int m);
  const LineSet& ballSet();
  const LineSet& playfieldSet();
  // Every pixel a player's copies may cover, whatever its graphics.
  const LineSet& playerExtent(int p);
  // Without a picture: whether a GRP0/GRP1 write may leave the catch-up to
  // a later write, because the span not yet drawn (up to `clock`) has the
  // same collisions with the new graphics as with the old.
  bool grpWriteCanWait(int p, uint8_t value, int clock);
  bool playerMeetsNothing(int p, const uint64_t* span);
  bool playerMeetsNothingOnLine(int p);
  struct LineCheck {
    uint32_t generation = 0;
    bool reflected = false, meetsNothing = false;
  };
  LineCheck lineCheck_[2];
  uint32_t shapeGeneration_ = 1;  // bumped by every write that may move or reshape objects
  void forgetSets();
  void updateGrp();
  // Keep writeFilter_ current: after a graphics register write, a reset or
  // a load (values), and whenever the frame's start clock moves (deadline).
  void resetWriteFilter();
  void refreshGrpFilter();
  void refreshFilterDeadline();
  // Whether writing `value` to register `addr` would leave the TIA as it is
  // (checked for the graphics registers kernels rewrite every line).
  bool changesNothing(uint16_t addr, uint8_t value) const {
    switch (addr) {
      case 0x0D: return ((pf_ & 0x0F) ^ (value >> 4)) == 0;                            // PF0
      case 0x0E: return ((pf_ >> 4) & 0xFF) == value;                                  // PF1
      case 0x0F: return (pf_ >> 12) == value;                                          // PF2
      case 0x1B: return grp_[0] == value && dgrp_[1] == grp_[1];                       // GRP0
      case 0x1C: return grp_[1] == value && dgrp_[0] == grp_[0] && denabl_ == enabl_;  // GRP1
      case 0x1D: return enam_[0] == bool(value & 0x02);                                // ENAM0
      case 0x1E: return enam_[1] == bool(value & 0x02);                                // ENAM1
      case 0x1F: return enabl_ == bool(value & 0x02);                                  // ENABL
      default: return false;
    }
  }
  void setEnabled(uint8_t bit, bool on) { enabled_ = on ? (enabled_ | bit) : (enabled_ & ~bit); }
  void resetPlayer(int p, int clock);
  void pokePlayerGraphics(int p, uint8_t value, int clock);
  uint8_t* current() { return buffers_[currentBuffer_].data(); }
  const uint8_t* current() const { return buffers_[currentBuffer_].data(); }

  Bus& bus_;
  M6502& cpu_;
  const Controls& controls_;
  std::function<void()> resetCycles_;
  const TiaTables& t_;

  std::vector<uint8_t> buffers_[2];
  std::vector<uint8_t> sources_[2];
  bool trackSources_ = false;
  int currentBuffer_ = 0;
  uint8_t* framePointer_ = nullptr;  // derived: rebuilt on load
  int framePointerOffset_ = 0;

  // Display properties.
  int yStart_ = 34, height_ = 210;
  bool pal_ = false, allowHmoveBlanks_ = true;
  int maxScanlines_ = 290;
  bool colorLoss_ = false;

  // Frame timing, in colour clocks relative to the bus cycle counter x3.
  int clockWhenFrameStarted_ = 0, clockStartDisplay_ = 0, clockStopDisplay_ = 0;
  int clockAtLastUpdate_ = 0, clocksToEndOfScanLine_ = 228;
  int startDisplayOffset_ = 0, stopDisplayOffset_ = 0;
  int vsyncFinishClock_ = 0x7FFFFFFF;
  uint32_t scanlineCountForLastFrame_ = 0, currentScanline_ = 0;
  uint32_t frameCounter_ = 0;
  bool partialFrame_ = false, frameGreyed_ = false;

  // Registers and derived drawing state.
  uint8_t enabled_ = 0;
  uint8_t vsync_ = 0, vblank_ = 0, nusiz_[2] = {0, 0};
  uint8_t color_[4] = {0, 0, 0, 0};  // background, playfield, P0, P1
  // The colour each combination of objects (6 bits) shows on each half of the
  // line, for the colours, priorities and score mode in lutKey_ (a cache).
  uint8_t lut_[2][64] = {};
  uint64_t lutKey_ = ~uint64_t(0);
  uint8_t ctrlpf_ = 0, priorityAndScore_ = 0;
  bool refp_[2] = {false, false};
  uint32_t pf_ = 0;
  uint8_t grp_[2] = {0, 0}, dgrp_[2] = {0, 0}, currentGrp_[2] = {0, 0};
  bool enam_[2] = {false, false}, enabl_ = false, denabl_ = false;
  int8_t hmp_[2] = {0, 0}, hmm_[2] = {0, 0}, hmbl_ = 0;
  bool vdelp_[2] = {false, false}, vdelbl_ = false, resmp_[2] = {false, false};
  uint16_t collision_ = 0;
  int16_t posP_[2] = {0, 0}, posM_[2] = {0, 0}, posBL_ = 0;
  bool playerSkipFirst_[2] = {false, false};
  CachedSet playerCache_[2], missileCache_[2], ballCache_, playfieldCache_, extentCache_[2];
  bool drawPixels_ = true;
  bool pfReflectedMask_ = false;
  int lastHmoveClock_ = 0;
  bool hmoveBlank_ = false;
  bool m0CosmicArk_ = false;
  uint32_t m0CosmicArkCounter_ = 0;
  int m0CosmicArkMode_ = 0;  // 0 normal, 1 stretched, 2 disabled (mask in use)
  bool dumpEnabled_ = false;
  int dumpDisabledCycle_ = 0;
  // Rewrites of the graphics registers that the CPU may drop (see Bus.h).
  WriteFilter writeFilter_;
};

}  // namespace ha
