// Precomputed lookup tables for the TIA's object drawing: object shapes as
// pixel sets over a 160-pixel line (doubled to 320 so a shape can be read
// from any start offset without wrapping). They encode the object rules of ALE's TIA model:
// NUSIZ copies and stretching (double/quad players start one pixel late),
// the "reset during a copy" rule for RESPx, playfield bit order, HMOVE motion
// by the CPU cycle of the strobe, and the collision and priority logic.
#pragma once
#include <cstdint>

namespace ha {

// Object bits used to index the collision and priority tables.
enum TiaBit : uint8_t {
  kP0Bit = 0x01,
  kM0Bit = 0x02,
  kP1Bit = 0x04,
  kM1Bit = 0x08,
  kBLBit = 0x10,
  kPFBit = 0x20,
  kScoreBit = 0x40,
  kPriorityBit = 0x80,
};

// A set of pixels of one scanline: bit x % 64 of word x / 64 is pixel x
// (0..159). Word 3 stays zero so 8-pixel reads may run past pixel 159.
struct LineSet {
  uint64_t w[4];
};

// Object shapes are pixel sets of the object at position 0, repeated over
// 320 pixels (6 words): the object at position p covers the 160 bits that
// start at bit 160 - p (see Tia::shapeAt).
struct TiaTables {
  uint64_t playerShape[2][8][2][16][6];  // [skip first copy][nusiz][GRP nibble: low, high][nibble value]
  uint64_t missileShape[8][4][6];        // [nusiz][size]
  uint64_t ballShape[4][6];              // [size]
  LineSet playfield[2][5][16];           // [reflected][nibble of the 20-bit PF][nibble value]
  int8_t playerResetWhen[8][160][160];   // [nusiz][old x][new x]: -1 delay, 1 display, 0 neither
  uint8_t reflect[256];
  uint16_t collision[64];
  uint8_t priority[2][256];  // [right half][enabled|score|priority] -> colour slot
  uint64_t spread[256];      // bit i of the index -> bit 0 of byte i

  static const TiaTables& get();
};

// Horizontal motion applied by an HMOVE strobed at CPU cycle [0..75] of the
// line, for each HMxx value (high nibble as 0..15).
extern const int8_t kCompleteMotion[76][16];
// CPU cycles of the line at which HMOVE starts the blank at the left edge.
extern const bool kHmoveBlankCycles[76];
// Colour clocks by which a register write is delayed before it takes effect
// on the picture; -1 marks the playfield registers (delay depends on phase).
extern const int8_t kPokeDelay[64];
// Registers whose writes only show in the picture, never in collisions or
// frame timing: WSYNC and RSYNC (the wait itself draws nothing), colours,
// audio, the motion values (not HMM0: it can start Cosmic Ark's per-line
// motion) and HMCLR (HMOVE catches up before it applies motion).
extern const bool kPictureOnly[64];

}  // namespace ha
