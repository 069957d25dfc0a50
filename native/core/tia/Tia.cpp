#include "core/tia/Tia.h"

#include <algorithm>
#include <cstring>

namespace ha {

namespace {
constexpr int kHBlank = 68;  // colour clocks of horizontal blank
constexpr uint32_t kMaxInstructionsPerFrame = 25000;

// Colour-clock arithmetic in wrapping 32-bit space, as the reference does.
inline int sub(int a, int b) { return int(uint32_t(a) - uint32_t(b)); }
}  // namespace

Tia::Tia(Bus& bus, M6502& cpu, const Controls& controls, std::function<void()> resetCycles)
    : bus_(bus), cpu_(cpu), controls_(controls), resetCycles_(std::move(resetCycles)), t_(TiaTables::get()) {
  buffers_[0].assign(kWidth * kBufferLines, 0);
  buffers_[1].assign(kWidth * kBufferLines, 0);
  framePointer_ = current();
  writeFilter = &writeFilter_;
}

void Tia::setTrackSources(bool on) {
  trackSources_ = on;
  for (auto& s : sources_) s.assign(on ? kWidth * kBufferLines : 0, 0);
}

void Tia::install() {
  for (uint32_t addr = 0; addr < 0x2000; addr += (1u << Bus::kPageShift)) {
    if ((addr & 0x1080) != 0) continue;
    PageAccess access;
    access.device = this;
    bus_.setPage(uint16_t(addr >> Bus::kPageShift), access);
  }
}

void Tia::reset() {
  enabled_ = 0;
  vsync_ = vblank_ = 0;
  nusiz_[0] = nusiz_[1] = 0;
  std::memset(color_, 0, sizeof color_);
  ctrlpf_ = priorityAndScore_ = 0;
  refp_[0] = refp_[1] = false;
  pf_ = 0;
  for (int p = 0; p < 2; ++p) {
    grp_[p] = dgrp_[p] = currentGrp_[p] = 0;
    enam_[p] = false;
    hmp_[p] = hmm_[p] = 0;
    vdelp_[p] = resmp_[p] = false;
    posP_[p] = posM_[p] = 0;
    playerSkipFirst_[p] = false;
  }
  enabl_ = denabl_ = vdelbl_ = false;
  hmbl_ = 0;
  collision_ = 0;
  posBL_ = 0;
  m0CosmicArkMode_ = 0;
  pfReflectedMask_ = false;
  forgetSets();
  lastHmoveClock_ = 0;
  hmoveBlank_ = false;
  m0CosmicArk_ = false;
  m0CosmicArkCounter_ = 0;
  dumpEnabled_ = false;
  dumpDisabledCycle_ = 0;
  colorLoss_ = pal_;
  maxScanlines_ = pal_ ? 342 : 290;
  frameReset();
  resetWriteFilter();
  ++shapeGeneration_;
}

// PF0-PF2, ENAM0/1 and ENABL keep what the last write to each was; GRP0 and
// GRP1 hold their whole value, so their entries follow from the registers.
void Tia::resetWriteFilter() {
  for (uint16_t addr : {0x0D, 0x0E, 0x0F, 0x1D, 0x1E, 0x1F}) writeFilter_.unchanged[addr] = WriteFilter::kNone;
  refreshGrpFilter();
}

void Tia::refreshGrpFilter() {
  writeFilter_.unchanged[0x1B] = changesNothing(0x1B, grp_[0]) ? grp_[0] : WriteFilter::kNone;
  writeFilter_.unchanged[0x1C] = changesNothing(0x1C, grp_[1]) ? grp_[1] : WriteFilter::kNone;
}

// A write is past the scanline limit (and ends the frame) from bus cycle
// ceil((clockWhenFrameStarted_ + (maxScanlines_ + 1) * 228) / 3) on.
void Tia::refreshFilterDeadline() {
  int64_t limit = int64_t(clockWhenFrameStarted_) + int64_t(maxScanlines_ + 1) * 228;
  writeFilter_.before = limit <= 0 ? 0 : uint32_t((limit + 2) / 3);
  writeFilter_.lineOrigin = uint32_t(clockWhenFrameStarted_ / 3);  // as waitHorizontalSync()
}

void Tia::frameReset() {
  std::fill(buffers_[0].begin(), buffers_[0].end(), 0);
  std::fill(buffers_[1].begin(), buffers_[1].end(), 0);
  for (auto& s : sources_) std::fill(s.begin(), s.end(), 0);
  framePointer_ = current();
  startDisplayOffset_ = 228 * yStart_;
  stopDisplayOffset_ = startDisplayOffset_ + 228 * height_;
  clockWhenFrameStarted_ = int(bus_.cycles() * 3);
  clockStartDisplay_ = clockWhenFrameStarted_ + startDisplayOffset_;
  clockStopDisplay_ = clockWhenFrameStarted_ + stopDisplayOffset_;
  clockAtLastUpdate_ = clockWhenFrameStarted_;
  clocksToEndOfScanLine_ = 228;
  vsyncFinishClock_ = 0x7FFFFFFF;
  scanlineCountForLastFrame_ = 0;
  currentScanline_ = 0;
  refreshFilterDeadline();
}

void Tia::systemCyclesReset() {
  uint32_t cycles = bus_.cycles();
  dumpDisabledCycle_ = sub(dumpDisabledCycle_, int(cycles));
  int clocks = int(cycles * 3);
  clockWhenFrameStarted_ = sub(clockWhenFrameStarted_, clocks);
  clockStartDisplay_ = sub(clockStartDisplay_, clocks);
  clockStopDisplay_ = sub(clockStopDisplay_, clocks);
  clockAtLastUpdate_ = sub(clockAtLastUpdate_, clocks);
  vsyncFinishClock_ = sub(vsyncFinishClock_, clocks);
  lastHmoveClock_ = sub(lastHmoveClock_, clocks);
  refreshFilterDeadline();
}

void Tia::update() {
  if (!partialFrame_) startFrame();
  partialFrame_ = true;  // poke() clears it when the frame ends
  cpu_.execute(kMaxInstructionsPerFrame);
  currentScanline_ = (bus_.cycles() * 3 - uint32_t(clockWhenFrameStarted_)) / 228;
  if (partialFrame_) {
    if (!frameGreyed_) greyOutFrame();
    frameGreyed_ = true;
  } else {
    endFrame();
  }
}

void Tia::startFrame() {
  currentBuffer_ ^= 1;
  // Objects keep their horizontal phase across frames: start the new frame's
  // clock at the same point of the scanline.
  uint32_t clocks = (bus_.cycles() * 3 - uint32_t(clockWhenFrameStarted_)) % 228;
  resetCycles_();
  clockWhenFrameStarted_ = -int(clocks);
  refreshFilterDeadline();
  clockStartDisplay_ = clockWhenFrameStarted_ + startDisplayOffset_;
  clockStopDisplay_ = clockWhenFrameStarted_ + stopDisplayOffset_;
  clockAtLastUpdate_ = clockStartDisplay_;
  clocksToEndOfScanLine_ = 228;
  framePointer_ = current();
  if (colorLoss_) {
    for (uint8_t& c : color_) c = (scanlineCountForLastFrame_ & 1) ? uint8_t(c | 1) : uint8_t(c & 0xFE);
  }
  frameGreyed_ = false;
}

void Tia::endFrame() {
  scanlineCountForLastFrame_ = currentScanline_;
  ++frameCounter_;
  frameGreyed_ = false;
}

uint32_t Tia::scanlines() const { return (bus_.cycles() * 3 - uint32_t(clockWhenFrameStarted_)) / 228; }

void Tia::greyOutFrame() {
  uint32_t c = scanlines();
  if (c < uint32_t(yStart_)) c = uint32_t(yStart_);
  uint8_t* buf = current();
  for (uint32_t s = c; s < uint32_t(height_ + yStart_); ++s)
    for (int i = 0; i < kWidth; ++i) {
      uint8_t& px = buf[(s - yStart_) * kWidth + i];
      px = uint8_t((px & 0x0F) >> 1);
    }
}

void Tia::drawUpTo(int clock) {
  if (clock > clockStopDisplay_) clock = clockStopDisplay_;
  // Without a picture, a whole line drawn as every later whole line of the
  // span will be (nothing latches at its end, no Cosmic Ark motion) means
  // those lines latch no new collisions: they are skipped (but the last).
  bool repeats = false;
  do {
    if (repeats) {
      int lines = (clock - clockAtLastUpdate_ - 1) / 228;
      clockAtLastUpdate_ += lines * 228;
      framePointer_ += lines * kWidth;
    }
    repeats = !drawPixels_ && !trackSources_ && !m0CosmicArk_ && clocksToEndOfScanLine_ == 228 && clock > clockAtLastUpdate_ + 228 &&
              pfReflectedMask_ == bool(ctrlpf_ & 1) && !playerSkipFirst_[0] && !playerSkipFirst_[1];
    int clocksToUpdate;
    int fromLineStart = 228 - clocksToEndOfScanLine_;
    if (clock > clockAtLastUpdate_ + clocksToEndOfScanLine_) {
      clocksToUpdate = clocksToEndOfScanLine_;
      clocksToEndOfScanLine_ = 228;
      clockAtLastUpdate_ += clocksToUpdate;
    } else {
      clocksToUpdate = clock - clockAtLastUpdate_;
      clocksToEndOfScanLine_ -= clocksToUpdate;
      clockAtLastUpdate_ = clock;
    }
    // Nothing is drawn during horizontal blank.
    if (fromLineStart < kHBlank) {
      int skip = std::min(kHBlank - fromLineStart, clocksToUpdate);
      fromLineStart += skip;
      clocksToUpdate -= skip;
    }
    uint8_t* runStart = framePointer_;
    if (clocksToUpdate != 0) drawRun(clocksToUpdate, fromLineStart - kHBlank);
    // An HMOVE early in the line blanks its first 8 pixels.
    if (hmoveBlank_ && fromLineStart < kHBlank + 8) {
      if (drawPixels_) std::memset(runStart, 0, size_t(kHBlank + 8 - fromLineStart));
      if (trackSources_) std::memset(sourceAt(runStart), 0, size_t(kHBlank + 8 - fromLineStart));
      if (clocksToUpdate + fromLineStart >= kHBlank + 8) hmoveBlank_ = false;
    }
    if (clocksToEndOfScanLine_ == 228) {
      // End of scanline: reflection is latched and players show all copies.
      pfReflectedMask_ = ctrlpf_ & 1;
      playerSkipFirst_[0] = playerSkipFirst_[1] = false;
      if (m0CosmicArk_) {
        // TIA quirk used by Cosmic Ark's star field: M0 keeps moving.
        static const int kArkMotion[4] = {18, 33, 0, 17};
        m0CosmicArkCounter_ = (m0CosmicArkCounter_ + 1) & 3;
        posM_[0] = int16_t(posM_[0] - kArkMotion[m0CosmicArkCounter_]);
        if (posM_[0] >= 160) posM_[0] -= 160;
        else if (posM_[0] < 0) posM_[0] += 160;
        // Every fourth line the missile is stretched, the next it is hidden.
        m0CosmicArkMode_ = m0CosmicArkCounter_ == 1 ? 1 : m0CosmicArkCounter_ == 2 ? 2 : 0;
      }
    }
  } while (clockAtLastUpdate_ < clock);
}

namespace {
// Pixels h..h+7 of a line set as the low 8 bits.
inline uint32_t bits8(const LineSet& s, int h) {
  int w = h >> 6, r = h & 63;
  uint64_t v = s.w[w] >> r;
  if (r > 56) v |= s.w[w + 1] << (64 - r);
  return uint32_t(v & 0xFF);
}

// The 160 pixels of an object at position `pos` from its 320-pixel shape.
inline void shapeAt(const uint64_t* shape, int pos, LineSet& out) {
  int off = 160 - pos;  // 1..160
  int w = off >> 6, r = off & 63;
  for (int k = 0; k < 3; ++k) out.w[k] = r ? (shape[w + k] >> r) | (shape[w + k + 1] << (64 - r)) : shape[w + k];
  out.w[2] &= 0xFFFFFFFFu;
  out.w[3] = 0;
}

// Word k (pixels 64k .. 64k + 63) of the mask of pixels [lo, hi).
inline uint64_t spanWord(int lo, int hi, int k) {
  lo = std::max(lo, 64 * k);
  hi = std::min(hi, 64 * k + 64);
  if (lo >= hi) return 0;
  const uint64_t bits = hi - lo == 64 ? ~uint64_t(0) : ((uint64_t(1) << (hi - lo)) - 1);
  return bits << (lo - 64 * k);
}
}  // namespace

void Tia::forgetSets() {
  playerCache_[0].key = playerCache_[1].key = missileCache_[0].key = missileCache_[1].key = 0xFFFFFFFF;
  ballCache_.key = playfieldCache_.key = 0xFFFFFFFF;
  extentCache_[0].key = extentCache_[1].key = 0xFFFFFFFF;
}

const LineSet& Tia::playerExtent(int p) {
  CachedSet& c = extentCache_[p];
  int mode = nusiz_[p] & 7;
  uint32_t key = uint32_t(posP_[p]) | uint32_t(mode) << 8;
  if (key != c.key) {
    c.key = key;
    const uint64_t* lo = t_.playerShape[0][mode][0][15];
    const uint64_t* hi = t_.playerShape[0][mode][1][15];
    uint64_t shape[6];
    for (int k = 0; k < 6; ++k) shape[k] = lo[k] | hi[k];
    shapeAt(shape, posP_[p], c.set);
  }
  return c.set;
}

const LineSet& Tia::playerSet(int p) {
  CachedSet& c = playerCache_[p];
  uint8_t grp = currentGrp_[p];
  int skip = playerSkipFirst_[p], mode = nusiz_[p] & 7;
  uint32_t key = uint32_t(posP_[p]) | uint32_t(skip) << 8 | uint32_t(mode) << 9 | uint32_t(grp) << 12;
  if (key != c.key) {
    c.key = key;
    const uint64_t* lo = t_.playerShape[skip][mode][0][grp & 15];
    const uint64_t* hi = t_.playerShape[skip][mode][1][grp >> 4];
    uint64_t shape[6];
    for (int k = 0; k < 6; ++k) shape[k] = lo[k] | hi[k];
    shapeAt(shape, posP_[p], c.set);
  }
  return c.set;
}

const LineSet& Tia::missileSet(int m) {
  CachedSet& c = missileCache_[m];
  // Cosmic Ark's star field: M0 stretched on some lines, hidden on others.
  int mode = m == 0 ? m0CosmicArkMode_ : 0;
  int size = ((nusiz_[m] & 0x30) >> 4) | (mode == 1 ? 1 : 0);
  uint32_t key = uint32_t(posM_[m]) | uint32_t(nusiz_[m] & 7) << 8 | uint32_t(size) << 11 | uint32_t(mode == 2) << 13;
  if (key != c.key) {
    c.key = key;
    if (mode == 2) c.set = LineSet{};
    else shapeAt(t_.missileShape[nusiz_[m] & 7][size], posM_[m], c.set);
  }
  return c.set;
}

const LineSet& Tia::ballSet() {
  int size = (ctrlpf_ & 0x30) >> 4;
  uint32_t key = uint32_t(posBL_) | uint32_t(size) << 8;
  if (key != ballCache_.key) {
    ballCache_.key = key;
    shapeAt(t_.ballShape[size], posBL_, ballCache_.set);
  }
  return ballCache_.set;
}

const LineSet& Tia::playfieldSet() {
  uint32_t key = pf_ | uint32_t(pfReflectedMask_) << 20;
  if (key != playfieldCache_.key) {
    playfieldCache_.key = key;
    LineSet& s = playfieldCache_.set;
    s = LineSet{};
    for (int n = 0; n < 5; ++n) {
      const LineSet& part = t_.playfield[pfReflectedMask_][n][(pf_ >> (4 * n)) & 15];
      for (int k = 0; k < 3; ++k) s.w[k] |= part.w[k];
    }
  }
  return playfieldCache_.set;
}

// Latches the collisions of the run's pixels (run0..run2, one 64-pixel word
// each): a pair collides if both of its objects cover a common pixel there.
void Tia::collide(const LineSet* const* sets, uint8_t enabled, uint64_t run0, uint64_t run1, uint64_t run2) {
  // Each object's pixels within the run; objects with none cannot collide.
  uint64_t in[6][3];
  int object[6], n = 0;
  for (int a = 0; a < 6; ++a) {
    if (!(enabled & (1 << a))) continue;
    const LineSet& set = *sets[a];
    uint64_t w0 = set.w[0] & run0, w1 = set.w[1] & run1, w2 = set.w[2] & run2;
    if (!(w0 | w1 | w2)) continue;
    in[n][0] = w0;
    in[n][1] = w1;
    in[n][2] = w2;
    object[n++] = a;
  }
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n; ++j) {
      uint16_t bit = t_.collision[(1 << object[i]) | (1 << object[j])];
      if ((collision_ & bit) == bit) continue;
      if ((in[i][0] & in[j][0]) | (in[i][1] & in[j][1]) | (in[i][2] & in[j][2])) collision_ |= bit;
    }
  }
}

void Tia::drawRun(int count, int hpos) {
  uint8_t* fp = framePointer_;
  framePointer_ = fp + count;
  const bool blank = vblank_ & 0x02;
  const uint8_t enabled = blank ? 0 : enabled_;
  // Without a picture only collisions matter, and they need two objects.
  if (!drawPixels_ && !(enabled & (enabled - 1))) return;
  // Indexed by object bit: P0, M0, P1, M1, BL, PF.
  const LineSet* sets[6] = {};
  if (enabled & kP0Bit) sets[0] = &playerSet(0);
  if (enabled & kM0Bit) sets[1] = &missileSet(0);
  if (enabled & kP1Bit) sets[2] = &playerSet(1);
  if (enabled & kM1Bit) sets[3] = &missileSet(1);
  if (enabled & kBLBit) sets[4] = &ballSet();
  if (enabled & kPFBit) sets[5] = &playfieldSet();
  // The run's pixels, one 64-pixel word at a time (passed in registers: the
  // words are just written, and reading them back from memory as a wider
  // load than they were stored with stalls the CPU).
  const int end = hpos + count;
  const uint64_t run0 = spanWord(hpos, end, 0), run1 = spanWord(hpos, end, 1), run2 = spanWord(hpos, end, 2);
  if (enabled & (enabled - 1)) collide(sets, enabled, run0, run1, run2);
  if (!drawPixels_) return;

  uint8_t* sp = trackSources_ ? sourceAt(fp) : nullptr;
  if (enabled == 0) {
    std::memset(fp, blank ? 0 : color_[0], size_t(count));
    if (sp) std::memset(sp, 0, size_t(count));
    return;
  }
  // Playfield alone in score mode takes the player colours, even when
  // playfield priority is also set (a quirk of the reference model).
  const bool scorePlayfield = enabled == kPFBit && (priorityAndScore_ & kScoreBit);
  const uint64_t key = uint64_t(color_[0]) | uint64_t(color_[1]) << 8 | uint64_t(color_[2]) << 16 | uint64_t(color_[3]) << 24 |
                       uint64_t(priorityAndScore_) << 32 | uint64_t(scorePlayfield) << 40;
  if (key != lutKey_) {
    lutKey_ = key;
    for (int half = 0; half < 2; ++half)
      for (int e = 0; e < 64; ++e)
        lut_[half][e] = scorePlayfield ? (e ? color_[2 + half] : color_[0]) : color_[t_.priority[half][e | priorityAndScore_]];
  }
  // The objects that are on and have pixels in the run, and where each one's bit goes.
  const LineSet* on[6];
  int bitOf[6], objects = 0;
  for (int b = 0; b < 6; ++b) {
    if (!sets[b] || !((sets[b]->w[0] & run0) | (sets[b]->w[1] & run1) | (sets[b]->w[2] & run2))) continue;
    on[objects] = sets[b];
    bitOf[objects++] = b;
  }
  // Runs of 8 pixels without objects are background on either half.
  const bool plainBackground = lut_[0][0] == lut_[1][0];
  const uint64_t background8 = uint64_t(lut_[0][0]) * 0x0101010101010101ull;
  for (int i = 0; i < count; i += 8) {
    const int h = hpos + i;
    uint64_t e8 = 0;
    for (int a = 0; a < objects; ++a) e8 |= t_.spread[bits8(*on[a], h)] << bitOf[a];
    const int n = std::min(8, count - i);
    if (sp)
      for (int k = 0; k < n; ++k) sp[i + k] = uint8_t(e8 >> (8 * k));
    if (n == 8 && (h + 8 <= 80 || h >= 80)) {
      // Eight pixels of one half: one 8-byte store (pixel k in byte k).
      static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "pixels are packed little-endian");
      uint64_t colours = background8;
      if (e8 != 0 || !plainBackground) {
        const uint8_t* lut = lut_[h >= 80];
        const uint64_t first = e8 & 0xFF;
        if (e8 == first * 0x0101010101010101ull) {
          // The same objects on all eight pixels (a playfield block, a wide sprite): one colour.
          colours = uint64_t(lut[first]) * 0x0101010101010101ull;
        } else {
          colours = 0;
          for (int k = 0; k < 8; ++k) colours |= uint64_t(lut[(e8 >> (8 * k)) & 63]) << (8 * k);
        }
      }
      std::memcpy(fp + i, &colours, 8);
    } else {
      for (int k = 0; k < n; ++k) fp[i + k] = lut_[h + k >= 80][(e8 >> (8 * k)) & 63];
    }
  }
}

// Whether player p, wherever its graphics may put pixels within `span`,
// meets no other object there whose collision with it is not latched yet.
// The other player counts by its extent, shown or not (its graphics change
// with GRP writes, which leave this answer alone).
bool Tia::playerMeetsNothing(int p, const uint64_t* span) {
  const uint8_t self = p == 0 ? kP0Bit : kP1Bit;
  const LineSet& extent = playerExtent(p);
  uint64_t mine[3];
  for (int k = 0; k < 3; ++k) mine[k] = extent.w[k] & span[k];
  if (!(mine[0] | mine[1] | mine[2])) return true;
  auto meets = [&](uint8_t other, const LineSet& s) {
    uint16_t bit = t_.collision[self | other];
    if ((collision_ & bit) == bit) return false;
    return ((mine[0] & s.w[0]) | (mine[1] & s.w[1]) | (mine[2] & s.w[2])) != 0;
  };
  if (meets(p == 0 ? kP1Bit : kP0Bit, playerExtent(1 - p))) return false;
  if ((enabled_ & kM0Bit) && meets(kM0Bit, missileSet(0))) return false;
  if ((enabled_ & kM1Bit) && meets(kM1Bit, missileSet(1))) return false;
  if ((enabled_ & kBLBit) && meets(kBLBit, ballSet())) return false;
  if ((enabled_ & kPFBit) && meets(kPFBit, playfieldSet())) return false;
  return true;
}

// The same over the whole line, kept until a write other than GRP0/GRP1
// (or a latched reflection) may change the answer. Latching more collisions
// only makes a "meets nothing" truer, so catch-ups leave it standing.
bool Tia::playerMeetsNothingOnLine(int p) {
  LineCheck& c = lineCheck_[p];
  if (c.generation != shapeGeneration_ || c.reflected != pfReflectedMask_) {
    static const uint64_t kWholeLine[3] = {~uint64_t(0), ~uint64_t(0), 0xFFFFFFFFu};
    c.generation = shapeGeneration_;
    c.reflected = pfReflectedMask_;
    c.meetsNothing = playerMeetsNothing(p, kWholeLine);
  }
  return c.meetsNothing;
}

// The span's collisions come out the same if no player the write changes
// meets another object in it (see playerMeetsNothing). Deferred writes
// chain: each one's check covers the whole span still pending.
bool Tia::grpWriteCanWait(int p, uint8_t value, int clock) {
  if (vblank_ & 0x02) return true;  // no object shows (a VBLANK write catches up)
  // The players this write changes: the one written (unless it shows its
  // delayed copy) and, through the VDEL latches, the other one.
  uint8_t changed = 0;
  if (p == 0) {
    if (!vdelp_[0] && grp_[0] != value) changed |= kP0Bit;
    if (vdelp_[1] && dgrp_[1] != grp_[1]) changed |= kP1Bit;
  } else {
    if (!vdelp_[1] && grp_[1] != value) changed |= kP1Bit;
    if (vdelp_[0] && dgrp_[0] != grp_[0]) changed |= kP0Bit;
    if (vdelbl_ && denabl_ != enabl_) return false;  // the ball changes too
  }
  if (!changed) return true;
  if (m0CosmicArk_) return false;  // M0 moves every line
  // Lines of a longer span must all look alike: no reflection to latch.
  const int clocks = std::min(clock, clockStopDisplay_) - clockAtLastUpdate_;
  const bool lines = clocks > clocksToEndOfScanLine_;
  if (lines && pfReflectedMask_ != bool(ctrlpf_ & 1)) return false;
  if ((!(changed & kP0Bit) || playerMeetsNothingOnLine(0)) && (!(changed & kP1Bit) || playerMeetsNothingOnLine(1))) return true;
  if (lines) return false;
  // Within this line: the span's own pixels.
  int fromLineStart = 228 - clocksToEndOfScanLine_;
  int h0 = std::max(fromLineStart, kHBlank) - kHBlank, h1 = fromLineStart + clocks - kHBlank;
  if (h1 <= h0) return true;
  const uint64_t span[3] = {spanWord(h0, h1, 0), spanWord(h0, h1, 1), spanWord(h0, h1, 2)};
  return (!(changed & kP0Bit) || playerMeetsNothing(0, span)) && (!(changed & kP1Bit) || playerMeetsNothing(1, span));
}

void Tia::waitHorizontalSync() {
  uint32_t cyclesToEndOfLine = 76 - ((bus_.cycles() - uint32_t(clockWhenFrameStarted_ / 3)) % 76);
  if (cyclesToEndOfLine < 76) bus_.addCycles(cyclesToEndOfLine);
}

void Tia::updateGrp() {
  for (int p = 0; p < 2; ++p) {
    uint8_t g = vdelp_[p] ? dgrp_[p] : grp_[p];
    currentGrp_[p] = refp_[p] ? t_.reflect[g] : g;
  }
  setEnabled(kP0Bit, currentGrp_[0] != 0);
  setEnabled(kP1Bit, currentGrp_[1] != 0);
}

uint8_t Tia::inputPort(int jack, bool pinFive, uint8_t noise) const {
  int32_t r = controls_.resistance(jack, pinFive);
  if (r == 0) return 0x80 | noise;
  if (r == Controls::kMaximumResistance || dumpEnabled_) return noise;
  // Time for the pot's capacitor to charge since the dump was released.
  double t = 1.6 * r * 0.01E-6;
  uint32_t needed = uint32_t(t * 1.19E6);
  return bus_.cycles() > uint32_t(dumpDisabledCycle_ + needed) ? (0x80 | noise) : noise;
}

uint8_t Tia::peek(uint16_t addr) {
  uint8_t noise = bus_.dataBus() & 0x3F;
  // Collisions up to now: only their reads need the drawing caught up.
  auto bits = [&](uint16_t hi, uint16_t lo) {
    updateFrame(int(bus_.cycles() * 3));
    return uint8_t(((collision_ & hi) ? 0x80 : 0) | ((collision_ & lo) ? 0x40 : 0) | noise);
  };
  switch (addr & 0x0F) {
    case 0x00: return bits(0x0001, 0x0002);                                // CXM0P
    case 0x01: return bits(0x0004, 0x0008);                                // CXM1P
    case 0x02: return bits(0x0010, 0x0020);                                // CXP0FB
    case 0x03: return bits(0x0040, 0x0080);                                // CXP1FB
    case 0x04: return bits(0x0100, 0x0200);                                // CXM0FB
    case 0x05: return bits(0x0400, 0x0800);                                // CXM1FB
    case 0x06: return bits(0x1000, 0);                                     // CXBLPF
    case 0x07: return bits(0x2000, 0x4000);                                // CXPPMM
    case 0x08: return inputPort(0, false, noise);                          // INPT0
    case 0x09: return inputPort(0, true, noise);                           // INPT1
    case 0x0A: return inputPort(1, false, noise);                          // INPT2
    case 0x0B: return inputPort(1, true, noise);                           // INPT3
    case 0x0C: return controls_.fireReleased(0) ? (0x80 | noise) : noise;  // INPT4
    case 0x0D: return controls_.fireReleased(1) ? (0x80 | noise) : noise;  // INPT5
    default: return noise;
  }
}

// GRP0 (p = 0) or GRP1 (p = 1), before the scanline limit.
void Tia::pokePlayerGraphics(int p, uint8_t value, int clock) {
  if (changesNothing(uint16_t(0x1B + p), value)) return;
  // A GRP1 write may move the delayed ball into view.
  if (p == 1 && vdelbl_) ++shapeGeneration_;
  // Without a picture, most such writes can leave the catch-up to a later
  // write. (GRP0/GRP1 take effect one colour clock after the write.)
  if (drawPixels_ || !grpWriteCanWait(p, value, clock + 1)) updateFrame(clock + 1);
  const int q = 1 - p;
  grp_[p] = value;
  dgrp_[q] = grp_[q];  // each write latches the other player's delayed copy
  if (p == 1) {        // and GRP1's the ball's
    denabl_ = enabl_;
    setEnabled(kBLBit, vdelbl_ ? denabl_ : enabl_);
  }
  updateGrp();
  refreshGrpFilter();
}

void Tia::resetPlayer(int p, int clock) {
  int hpos = sub(clock, clockWhenFrameStarted_) % 228;
  int newx = hpos < kHBlank ? 3 : ((hpos - kHBlank) + 5) % 160;
  int8_t when = t_.playerResetWhen[nusiz_[p] & 7][posP_[p]][newx];
  // Reset while a copy is being drawn: finish drawing it first.
  if (when == 1) updateFrame(clock + 11);
  posP_[p] = int16_t(newx);
  // Inside a copy's start delay all copies show; otherwise the first is skipped.
  playerSkipFirst_[p] = when != -1;
}

void Tia::poke(uint16_t addr, uint8_t value) {
  addr &= 0x3F;
  int clock = int(bus_.cycles() * 3);
  // No VSYNC in time: the frame ends at the scanline limit (scanline > max).
  const bool pastLimit = sub(clock, clockWhenFrameStarted_) >= (maxScanlines_ + 1) * 228;
  // Kernels write the players' graphics hundreds of times a frame.
  if ((addr == 0x1B || addr == 0x1C) && !pastLimit) return pokePlayerGraphics(addr - 0x1B, value, clock);
  // Kernels rewrite the same graphics every line: a write that changes no
  // state needs neither the catch-up nor anything else.
  if (!pastLimit && changesNothing(addr, value)) return;
  ++shapeGeneration_;  // objects may move, change shape or show
  // Without a picture, writes that change no collision can leave the
  // catch-up to the next write that does (or to the end of the frame).
  if (drawPixels_ || !kPictureOnly[addr] || pastLimit) {
    int delay = kPokeDelay[addr];
    if (delay == -1) {
      static const int kPfDelay[4] = {4, 5, 2, 3};
      int x = sub(clock, clockWhenFrameStarted_) % 228;
      delay = kPfDelay[(x / 3) & 3];
    }
    updateFrame(clock + delay);
  }
  if (pastLimit) {
    cpu_.stop();
    partialFrame_ = false;
  }

  auto colour = [&](uint8_t v) {
    uint8_t c = v & 0xFE;
    if (colorLoss_ && (scanlineCountForLastFrame_ & 1)) c |= 1;
    return c;
  };

  switch (addr) {
    case 0x00:  // VSYNC
      vsync_ = value;
      if (vsync_ & 0x02) {
        vsyncFinishClock_ = clock + 228;
      } else if (clock >= vsyncFinishClock_) {
        vsyncFinishClock_ = 0x7FFFFFFF;
        cpu_.stop();
        partialFrame_ = false;
      }
      break;
    case 0x01:  // VBLANK (bit 7 grounds the paddle capacitors)
      if (!(vblank_ & 0x80) && (value & 0x80)) dumpEnabled_ = true;
      if ((vblank_ & 0x80) && !(value & 0x80)) {
        dumpEnabled_ = false;
        dumpDisabledCycle_ = int(bus_.cycles());
      }
      vblank_ = value;
      break;
    case 0x02:  // WSYNC: the CPU halts only on a read cycle, so a write that
                // follows a write (read-modify-write) does not halt again
      if (cpu_.lastAccessWasRead()) waitHorizontalSync();
      break;
    case 0x03:  // RSYNC
      break;
    case 0x04:
    case 0x05: {  // NUSIZ0/1
      int p = addr - 0x04;
      nusiz_[p] = value;
      playerSkipFirst_[p] = false;
      if (p == 0) m0CosmicArkMode_ = 0;
      break;
    }
    case 0x06: color_[2] = colour(value); break;  // COLUP0
    case 0x07: color_[3] = colour(value); break;  // COLUP1
    case 0x08: color_[1] = colour(value); break;  // COLUPF
    case 0x09: color_[0] = colour(value); break;  // COLUBK
    case 0x0A:                                    // CTRLPF
      ctrlpf_ = value;
      priorityAndScore_ = uint8_t((value & 0x06) << 5);
      if (sub(clock, clockWhenFrameStarted_) % 228 < kHBlank + 79) {
        pfReflectedMask_ = value & 1;
      }
      break;
    case 0x0B:
    case 0x0C:  // REFP0/1
      refp_[addr - 0x0B] = value & 0x08;
      updateGrp();
      break;
    case 0x0D:  // PF0
      pf_ = (pf_ & 0x000FFFF0) | ((value >> 4) & 0x0F);
      setEnabled(kPFBit, pf_ != 0);
      break;
    case 0x0E:  // PF1
      pf_ = (pf_ & 0x000FF00F) | (uint32_t(value) << 4);
      setEnabled(kPFBit, pf_ != 0);
      break;
    case 0x0F:  // PF2
      pf_ = (pf_ & 0x00000FFF) | (uint32_t(value) << 12);
      setEnabled(kPFBit, pf_ != 0);
      break;
    case 0x10:
    case 0x11:  // RESP0/1
      resetPlayer(addr - 0x10, clock);
      break;
    case 0x12:
    case 0x13: {  // RESM0/1
      int m = addr - 0x12;
      int hpos = sub(clock, clockWhenFrameStarted_) % 228;
      posM_[m] = int16_t(hpos < kHBlank ? 2 : ((hpos - kHBlank) + 4) % 160);
      // Positions the reference model special-cases for resets shortly
      // after an HMOVE (Dolphin, Pitfall II).
      int sinceHmove = sub(clock, lastHmoveClock_);
      if (m == 0 && sinceHmove == 20 * 3 && hpos == 69) posM_[0] = 8;
      if (m == 1 && sinceHmove == 3 * 3 && hpos == 18) posM_[1] = 3;
      if (m == 0) m0CosmicArkMode_ = 0;
      break;
    }
    case 0x14: {  // RESBL
      int hpos = sub(clock, clockWhenFrameStarted_) % 228;
      posBL_ = int16_t(hpos < kHBlank ? 2 : ((hpos - kHBlank) + 4) % 160);
      int sinceHmove = sub(clock, lastHmoveClock_);
      // Special cases of the reference model for resets right after HMOVE.
      if (sinceHmove == 18 * 3 && (hpos == 60 || hpos == 69)) posBL_ = 10;
      else if (sinceHmove == 3 * 3 && hpos == 18) posBL_ = 3;
      else if (sinceHmove == 7 * 3 && hpos == 30) posBL_ = 6;
      else if (sinceHmove == 6 * 3 && hpos == 27) posBL_ = 5;
      break;
    }
    case 0x1B:
    case 0x1C:  // GRP0/1 past the scanline limit (the frame has ended)
      pokePlayerGraphics(addr - 0x1B, value, clock);
      break;
    case 0x1D:
    case 0x1E: {  // ENAM0/1
      int m = addr - 0x1D;
      enam_[m] = value & 0x02;
      setEnabled(m == 0 ? kM0Bit : kM1Bit, enam_[m] && !resmp_[m]);
      break;
    }
    case 0x1F:  // ENABL
      enabl_ = value & 0x02;
      setEnabled(kBLBit, vdelbl_ ? denabl_ : enabl_);
      break;
    case 0x20: hmp_[0] = int8_t(value >> 4); break;
    case 0x21: hmp_[1] = int8_t(value >> 4); break;
    case 0x22: {  // HMM0
      int8_t v = int8_t(value >> 4);
      if (clock == lastHmoveClock_ + 21 * 3 && hmm_[0] == 7 && v == 6) {
        m0CosmicArk_ = true;
        m0CosmicArkCounter_ = 0;
      }
      hmm_[0] = v;
      break;
    }
    case 0x23: hmm_[1] = int8_t(value >> 4); break;
    case 0x24: hmbl_ = int8_t(value >> 4); break;
    case 0x25:
    case 0x26:  // VDELP0/1
      vdelp_[addr - 0x25] = value & 0x01;
      updateGrp();
      break;
    case 0x27:  // VDELBL
      vdelbl_ = value & 0x01;
      setEnabled(kBLBit, vdelbl_ ? denabl_ : enabl_);
      break;
    case 0x28:
    case 0x29: {  // RESMP0/1: releasing the lock centres the missile on its player
      int m = addr - 0x28;
      if (resmp_[m] && !(value & 0x02)) {
        int mode = nusiz_[m] & 0x07;
        int middle = mode == 5 ? 8 : mode == 7 ? 16 : 4;
        posM_[m] = int16_t((posP_[m] + middle) % 160);
        if (m == 0) m0CosmicArkMode_ = 0;
      }
      resmp_[m] = value & 0x02;
      setEnabled(m == 0 ? kM0Bit : kM1Bit, enam_[m] && !resmp_[m]);
      break;
    }
    case 0x2A: {  // HMOVE
      int x = (sub(clock, clockWhenFrameStarted_) % 228) / 3;
      if (allowHmoveBlanks_ && kHmoveBlankCycles[x]) hmoveBlank_ = true;
      auto move = [&](int16_t& pos, int8_t hm) {
        pos = int16_t(pos + kCompleteMotion[x][hm]);
        if (pos >= 160) pos -= 160;
        else if (pos < 0) pos += 160;
      };
      move(posP_[0], hmp_[0]);
      move(posP_[1], hmp_[1]);
      move(posM_[0], hmm_[0]);
      move(posM_[1], hmm_[1]);
      move(posBL_, hmbl_);
      playerSkipFirst_[0] = playerSkipFirst_[1] = false;
      m0CosmicArkMode_ = 0;
      lastHmoveClock_ = clock;
      m0CosmicArk_ = false;
      break;
    }
    case 0x2B:  // HMCLR
      hmp_[0] = hmp_[1] = hmm_[0] = hmm_[1] = hmbl_ = 0;
      break;
    case 0x2C:  // CXCLR
      collision_ = 0;
      break;
    default:  // audio registers and unused addresses
      break;
  }
  // Rewriting the value just written changes nothing; ENABL also decides
  // whether a rewrite of GRP1 would (the VDEL latches; pokePlayerGraphics
  // keeps the players' own entries).
  switch (addr) {
    case 0x0D:
    case 0x0E:
    case 0x0F:
    case 0x1D:
    case 0x1E: writeFilter_.unchanged[addr] = value; break;
    case 0x1F:
      writeFilter_.unchanged[addr] = value;
      refreshGrpFilter();
      break;
  }
}

void Tia::save(StateWriter& w) const {
  w.tag("Tia");
  w.i32(clockWhenFrameStarted_);
  w.i32(clockStartDisplay_);
  w.i32(clockStopDisplay_);
  w.i32(clockAtLastUpdate_);
  w.i32(clocksToEndOfScanLine_);
  w.i32(vsyncFinishClock_);
  w.u32(scanlineCountForLastFrame_);
  w.u32(currentScanline_);
  w.u32(frameCounter_);
  w.boolean(partialFrame_);
  w.boolean(frameGreyed_);
  w.u8(enabled_);
  w.u8(vsync_);
  w.u8(vblank_);
  w.bytes(color_, 4);
  w.u8(ctrlpf_);
  w.u8(priorityAndScore_);
  w.u32(pf_);
  for (int p = 0; p < 2; ++p) {
    w.u8(nusiz_[p]);
    w.boolean(refp_[p]);
    w.u8(grp_[p]);
    w.u8(dgrp_[p]);
    w.u8(currentGrp_[p]);
    w.boolean(enam_[p]);
    w.u8(uint8_t(hmp_[p]));
    w.u8(uint8_t(hmm_[p]));
    w.boolean(vdelp_[p]);
    w.boolean(resmp_[p]);
    w.u16(uint16_t(posP_[p]));
    w.u16(uint16_t(posM_[p]));
    w.boolean(playerSkipFirst_[p]);
  }
  w.boolean(enabl_);
  w.boolean(denabl_);
  w.boolean(vdelbl_);
  w.u8(uint8_t(hmbl_));
  w.u16(collision_);
  w.u16(uint16_t(posBL_));
  w.boolean(pfReflectedMask_);
  w.i32(lastHmoveClock_);
  w.boolean(hmoveBlank_);
  w.boolean(m0CosmicArk_);
  w.u32(m0CosmicArkCounter_);
  w.u8(uint8_t(m0CosmicArkMode_));
  w.boolean(dumpEnabled_);
  w.i32(dumpDisabledCycle_);
  w.u8(uint8_t(currentBuffer_));
  w.u32(uint32_t(framePointer_ - current()));
  // Both picture buffers: undrawn parts of a frame keep older pixels.
  size_t visible = size_t(kWidth) * size_t(height_);
  w.bytes(buffers_[0].data(), visible);
  w.bytes(buffers_[1].data(), visible);
}

void Tia::load(StateReader& r) {
  r.expectTag("Tia");
  clockWhenFrameStarted_ = r.i32();
  clockStartDisplay_ = r.i32();
  clockStopDisplay_ = r.i32();
  clockAtLastUpdate_ = r.i32();
  clocksToEndOfScanLine_ = r.i32();
  vsyncFinishClock_ = r.i32();
  scanlineCountForLastFrame_ = r.u32();
  currentScanline_ = r.u32();
  frameCounter_ = r.u32();
  partialFrame_ = r.boolean();
  frameGreyed_ = r.boolean();
  enabled_ = r.u8();
  vsync_ = r.u8();
  vblank_ = r.u8();
  r.bytes(color_, 4);
  ctrlpf_ = r.u8();
  priorityAndScore_ = r.u8();
  pf_ = r.u32();
  auto position = [&]() {
    uint16_t v = r.u16();
    if (v >= 160) throw StateError("corrupt state: TIA object position out of range");
    return int16_t(v);
  };
  auto motion = [&]() {
    uint8_t v = r.u8();
    if (v > 15) throw StateError("corrupt state: TIA motion register out of range");
    return int8_t(v);
  };
  for (int p = 0; p < 2; ++p) {
    nusiz_[p] = r.u8();
    refp_[p] = r.boolean();
    grp_[p] = r.u8();
    dgrp_[p] = r.u8();
    currentGrp_[p] = r.u8();
    enam_[p] = r.boolean();
    hmp_[p] = motion();
    hmm_[p] = motion();
    vdelp_[p] = r.boolean();
    resmp_[p] = r.boolean();
    posP_[p] = position();
    posM_[p] = position();
    playerSkipFirst_[p] = r.boolean();
  }
  enabl_ = r.boolean();
  denabl_ = r.boolean();
  vdelbl_ = r.boolean();
  hmbl_ = motion();
  collision_ = r.u16();
  posBL_ = position();
  pfReflectedMask_ = r.boolean();
  lastHmoveClock_ = r.i32();
  hmoveBlank_ = r.boolean();
  m0CosmicArk_ = r.boolean();
  m0CosmicArkCounter_ = r.u32() & 3;
  m0CosmicArkMode_ = r.u8() % 3;
  dumpEnabled_ = r.boolean();
  dumpDisabledCycle_ = r.i32();
  currentBuffer_ = r.u8() & 1;
  uint32_t offset = r.u32();
  if (offset > uint32_t(kWidth * kBufferLines)) throw StateError("corrupt state: TIA frame pointer");
  size_t visible = size_t(kWidth) * size_t(height_);
  r.bytes(buffers_[0].data(), visible);
  r.bytes(buffers_[1].data(), visible);
  framePointer_ = current() + offset;
  forgetSets();
  resetWriteFilter();
  refreshFilterDeadline();
  ++shapeGeneration_;
}

}  // namespace ha
