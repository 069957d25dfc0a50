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
  // This expression with variables 0..count-1 fixed to `values` and what
  // then no longer depends on the RAM or other variables computed once.
  RuleExpr bound(const int64_t* values, int count) const;

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
    Pick,
    Bcd,
    Dec,
    SByte,
    Min,
    Max,
    Abs,
  };
  struct Node {
    Op op;
    int64_t value;  // constant, variable slot, or Pick's first entry in choices_
    int a, b, c;    // child node indices (-1 if unused); Pick: a index, b count
  };
  friend class RuleParser;
  RuleExpr() = default;
  int64_t evalNode(int i, const RuleMemory& mem, const int64_t* vars) const;
  int fold(const RuleExpr& from, int i, const int64_t* values, int count);

  std::string source_;
  std::vector<Node> nodes_;
  std::vector<int> choices_;  // the value nodes of each pick(), in order
  int root_ = -1;
};

// Expressions evaluated in order on one RAM, for object maps. A program is a
// list of blocks (one per object of the map); a block's steps run once per
// row of its input values (one row per copy of the object). A named step is
// a variable the later steps of its block read (an object map's `let`), an
// unnamed one only an output. One run() evaluates every block.
class RuleProgram {
 public:
  struct Step {
    std::string name;  // empty: an output only
    std::string source;
  };
  struct BlockSpec {
    std::vector<Step> steps;
    std::vector<std::string> inputs;
    std::vector<double> rows;  // copies x inputs values
    size_t copies = 1;
    int gate = -1;  // a step whose 0 ends its copy: the later steps are not evaluated and read 0
  };
  explicit RuleProgram(const std::vector<BlockSpec>& blocks);
  // Values run() writes: each block's steps x copies, block after block.
  size_t outputs() const { return outputs_; }
  void run(const RuleMemory& mem, double* out) const;

 private:
  struct Block {
    std::vector<RuleExpr> exprs;  // copies x steps, each with its copy's inputs bound
    std::vector<int> slotOf;      // variable slot each step's value goes to, or -1
    size_t steps = 0, copies = 0;
    int gate = -1;
  };
  std::vector<Block> blocks_;
  size_t outputs_ = 0, maxVars_ = 0;
};

}  // namespace ha
