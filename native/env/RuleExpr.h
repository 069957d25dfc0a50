// A tiny integer expression language for per-game rules in roms-config, so a
// game's reward, terminal and lives logic is data, not C++. Compiled once into
// a node array; evaluated every emulated frame.
//
//   literals   12, 0x8E          ram[a]   RAM byte at a & 0x7F (ALE's readRam)
//                                cartram[a] cartridge RAM byte a & 0x7F (Superchip;
//                                         its read port $F080+a), 0 without one
//   variables  any name declared by the game's rules (score, lives, ...)
//   operators  ?: || && | ^ & == != < <= > >= << >> + - * / % ! ~ unary-
//   functions  bcd(v)            10*(v>>4) + (v&15), no nibble clamping
//              dec(lo[,mid[,hi]]) bcd(lo) + 100*bcd(mid) + 10000*bcd(hi)
//              sbyte(v)          v as a signed 8-bit value
//              min(a,b) max(a,b) abs(v)
//              pick(i, v0, v1, ...) v_i, or 0 when i is out of range
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace ha {

// What rule expressions read: the console's 128 bytes of RAM and the
// cartridge's extra RAM (null when the cartridge has none).
struct RuleMemory {
  const uint8_t* ram;
  const uint8_t* cartRam = nullptr;
};

class RuleExpr {
 public:
  // `slots` maps variable names to indices into the vars array given to eval.
  RuleExpr(const std::string& source, const std::unordered_map<std::string, int>& slots);
  int64_t eval(const RuleMemory& mem, const int64_t* vars) const;
  const std::string& source() const { return source_; }

 private:
  enum class Op : uint8_t {
    Const,
    Var,
    Ram,
    CartRam,
    Neg,
    Not,
    BitNot,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Shl,
    Shr,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    BitAnd,
    BitOr,
    BitXor,
    And,
    Or,
    Cond,
    Bcd,
    Dec,
    SByte,
    Min,
    Max,
    Abs,
  };
  struct Node {
    Op op;
    int64_t value;  // constant, or variable slot
    int a, b, c;    // child node indices (-1 if unused)
  };
  friend class RuleParser;
  int64_t evalNode(int i, const RuleMemory& mem, const int64_t* vars) const;

  std::string source_;
  std::vector<Node> nodes_;
  int root_ = -1;
};

}  // namespace ha
