#include "core/tia/TiaTables.h"

#include <cstring>

namespace ha {

namespace {

// Copy offsets (in pixels) of the three NUSIZ copies; -1 = no copy.
struct CopyLayout {
  int offsets[3];
};
const CopyLayout kCopies[8] = {
    {{0, -1, -1}}, {{0, 16, -1}}, {{0, 32, -1}}, {{0, 16, 32}}, {{0, 64, -1}}, {{0, -1, -1}}, {{0, 32, 64}}, {{0, -1, -1}},
};

// Sets the bits of `shape` (6 words, 320 pixels) where `pixel(x % 160)` holds.
template <typename F>
void fillShape(uint64_t* shape, F pixel) {
  for (int w = 0; w < 6; ++w) shape[w] = 0;
  for (int x = 0; x < 320; ++x)
    if (pixel(x % 160)) shape[x / 64] |= uint64_t(1) << (x % 64);
}

void buildBall(TiaTables& t) {
  for (int size = 0; size < 4; ++size) fillShape(t.ballShape[size], [&](int x) { return x < (1 << size); });
}

void buildMissiles(TiaTables& t) {
  for (int number = 0; number < 8; ++number) {
    for (int size = 0; size < 4; ++size) {
      uint8_t m[160] = {};
      for (int c = 0; c < 3; ++c) {
        int off = kCopies[number].offsets[c];
        if (off < 0) continue;
        for (int x = 0; x < (1 << size); ++x) m[(off + x) % 160] = 1;
      }
      fillShape(t.missileShape[number][size], [&](int x) { return m[x] != 0; });
    }
  }
}

void buildPlayers(TiaTables& t) {
  for (int skipFirst = 0; skipFirst < 2; ++skipFirst) {
    for (int mode = 0; mode < 8; ++mode) {
      // Which GRP bit each pixel shows (0 = none).
      uint8_t m[160] = {};
      if (mode == 5 || mode == 7) {
        // Double and quad width: one copy, output starts one pixel late.
        int scale = mode == 5 ? 2 : 4;
        if (!skipFirst)
          for (int x = 1; x <= 8 * scale; ++x) m[x % 160] = uint8_t(0x80 >> ((x - 1) / scale));
      } else {
        for (int c = 0; c < 3; ++c) {
          int off = kCopies[mode].offsets[c];
          if (off < 0 || (c == 0 && skipFirst)) continue;
          for (int x = 0; x < 8; ++x) m[(off + x) % 160] = uint8_t(0x80 >> x);
        }
      }
      for (int nibble = 0; nibble < 2; ++nibble)
        for (int v = 0; v < 16; ++v)
          fillShape(t.playerShape[skipFirst][mode][nibble][v], [&](int x) { return (m[x] & (v << (4 * nibble))) != 0; });
    }
  }
}

// For a RESPx at new position `newx` with the player currently at `oldx`:
// -1 if newx falls in the 4-pixel start delay of a copy, 1 if within a copy
// being drawn, else 0.
void buildResetWhen(TiaTables& t) {
  for (int mode = 0; mode < 8; ++mode) {
    int width = mode == 5 ? 16 : mode == 7 ? 32 : 8;
    for (int oldx = 0; oldx < 160; ++oldx) {
      int8_t* row = t.playerResetWhen[mode][oldx];
      std::memset(row, 0, 160);
      for (int c = 0; c < 3; ++c) {
        int off = kCopies[mode].offsets[c];
        if (off < 0) continue;
        for (int d = 0; d < 4; ++d) row[(oldx + off + d) % 160] = -1;
      }
      for (int c = 0; c < 3; ++c) {
        int off = kCopies[mode].offsets[c];
        if (off < 0) continue;
        for (int d = 0; d < width; ++d) row[(oldx + off + 4 + d) % 160] = 1;
      }
    }
  }
}

void buildPlayfield(TiaTables& t) {
  uint32_t bit[2][160];  // [reflected][x] -> bit of the 20-bit PF shown there
  for (int x = 0; x < 160; ++x) {
    // PF0 bits 4..7, PF1 bits 7..0, PF2 bits 0..7 as a 20-bit word (PF0 low).
    uint32_t left;
    int half = x % 80;
    if (half < 16) left = 0x00001u << (half / 4);
    else if (half < 48) left = 0x00800u >> ((half - 16) / 4);
    else left = 0x01000u << ((half - 48) / 4);
    bit[0][x] = left;
    if (x < 80) {
      bit[1][x] = left;
    } else if (x < 112) {
      bit[1][x] = 0x80000u >> ((x - 80) / 4);
    } else if (x < 144) {
      bit[1][x] = 0x00010u << ((x - 112) / 4);
    } else {
      bit[1][x] = 0x00008u >> ((x - 144) / 4);
    }
  }
  for (int r = 0; r < 2; ++r)
    for (int nibble = 0; nibble < 5; ++nibble)
      for (int v = 0; v < 16; ++v) {
        LineSet& s = t.playfield[r][nibble][v];
        s = LineSet{};
        for (int x = 0; x < 160; ++x)
          if (bit[r][x] & (uint32_t(v) << (4 * nibble))) s.w[x / 64] |= uint64_t(1) << (x % 64);
      }
}

void buildCollisions(TiaTables& t) {
  struct Pair {
    uint8_t a, b;
    uint16_t bit;
  };
  const Pair pairs[] = {
      {kM0Bit, kP1Bit, 0x0001}, {kM0Bit, kP0Bit, 0x0002}, {kM1Bit, kP0Bit, 0x0004}, {kM1Bit, kP1Bit, 0x0008}, {kP0Bit, kPFBit, 0x0010},
      {kP0Bit, kBLBit, 0x0020}, {kP1Bit, kPFBit, 0x0040}, {kP1Bit, kBLBit, 0x0080}, {kM0Bit, kPFBit, 0x0100}, {kM0Bit, kBLBit, 0x0200},
      {kM1Bit, kPFBit, 0x0400}, {kM1Bit, kBLBit, 0x0800}, {kBLBit, kPFBit, 0x1000}, {kP0Bit, kP1Bit, 0x2000}, {kM0Bit, kM1Bit, 0x4000},
  };
  for (int i = 0; i < 64; ++i) {
    t.collision[i] = 0;
    for (const Pair& p : pairs)
      if ((i & p.a) && (i & p.b)) t.collision[i] |= p.bit;
  }
}

// Colour slot per pixel: 0 background, 1 playfield/ball, 2 P0/M0, 3 P1/M1.
void buildPriority(TiaTables& t) {
  for (int right = 0; right < 2; ++right) {
    for (int e = 0; e < 256; ++e) {
      uint8_t color = 0;
      if (e & kPriorityBit) {
        if (e & (kP1Bit | kM1Bit)) color = 3;
        if (e & (kP0Bit | kM0Bit)) color = 2;
        if (e & kBLBit) color = 1;
        if (e & kPFBit) color = 1;  // playfield priority wins over score mode
      } else {
        if (e & kBLBit) color = 1;
        if (e & kPFBit) color = (e & kScoreBit) ? (right ? 3 : 2) : 1;
        if (e & (kP1Bit | kM1Bit)) color = (color != 2) ? 3 : 2;
        if (e & (kP0Bit | kM0Bit)) color = 2;
      }
      t.priority[right][e] = color;
    }
  }
}

TiaTables* buildAll() {
  static TiaTables tables;
  buildBall(tables);
  buildMissiles(tables);
  buildPlayers(tables);
  buildResetWhen(tables);
  buildPlayfield(tables);
  buildCollisions(tables);
  buildPriority(tables);
  for (int i = 0; i < 256; ++i) {
    uint8_t r = 0;
    for (int b = 0; b < 8; ++b)
      if (i & (1 << b)) r |= uint8_t(0x80 >> b);
    tables.reflect[i] = r;
  }
  for (int i = 0; i < 256; ++i) {
    uint64_t v = 0;
    for (int b = 0; b < 8; ++b)
      if (i & (1 << b)) v |= uint64_t(1) << (8 * b);
    tables.spread[i] = v;
  }
  return &tables;
}

}  // namespace

const TiaTables& TiaTables::get() {
  static const TiaTables* tables = buildAll();  // thread-safe one-time init
  return *tables;
}

const bool kHmoveBlankCycles[76] = {
    true,  true,  true,  true,  true,  true,  true,  true,  true,  true,  true,  true,  true,  true,  true,  true,  true,  true,  true,
    true,  true,  false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false,
    false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false,
    false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, true,
};

const int8_t kPokeDelay[64] = {
    0, 1, 0, 0, 8, 8, 0, 0, 0, 0, 0, 1, 1, -1, -1, -1, 0, 0, 8, 8, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  0,  0,  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

const bool kPictureOnly[64] = {
    // VSYNC  VBLANK WSYNC  RSYNC  NUSIZ0 NUSIZ1 COLUP0 COLUP1
    false,
    false,
    true,
    true,
    false,
    false,
    true,
    true,
    // COLUPF COLUBK CTRLPF REFP0  REFP1  PF0    PF1    PF2
    true,
    true,
    false,
    false,
    false,
    false,
    false,
    false,
    // RESP0  RESP1  RESM0  RESM1  RESBL  AUDC0  AUDC1  AUDF0
    false,
    false,
    false,
    false,
    false,
    true,
    true,
    true,
    // AUDF1  AUDV0  AUDV1  GRP0   GRP1   ENAM0  ENAM1  ENABL
    true,
    true,
    true,
    false,
    false,
    false,
    false,
    false,
    // HMP0   HMP1   HMM0   HMM1   HMBL   VDELP0 VDELP1 VDELBL
    true,
    true,
    false,
    true,
    true,
    false,
    false,
    false,
    // RESMP0 RESMP1 HMOVE  HMCLR  CXCLR  (unused)
    false,
    false,
    false,
    true,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
};

}  // namespace ha
