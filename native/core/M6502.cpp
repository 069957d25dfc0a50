#include "core/M6502.h"

// The core dispatches with computed goto (see run()), an extension of GCC
// and Clang.
#if !defined(__GNUC__) && !defined(__clang__)
#error "the 6502 core needs GCC or Clang (computed goto)"
#endif

// The CPU's bus accesses and addressing modes must inline into the opcode
// bodies, or the registers they touch cannot stay in machine registers.
#define HA_ALWAYS_INLINE __attribute__((always_inline))

namespace ha {

namespace {
// Decimal-mode conversion as ALE's core does it: [0..255] byte -> value as if
// each nibble were a decimal digit; [256..511] value -> packed BCD of
// (value % 100). SBC can index a little below 256 with invalid BCD operands;
// the flat layout gives the same result ALE gets from its two-row table.
struct BcdTable {
  uint8_t t[512];
  BcdTable() {
    for (int v = 0; v < 256; ++v) {
      t[v] = uint8_t((v >> 4) * 10 + (v & 0x0F));
      t[256 + v] = uint8_t((((v % 100) / 10) << 4) | (v % 10));
    }
  }
};
const BcdTable kBcd;
}  // namespace

void M6502::reset() {
  a_ = x_ = y_ = 0;
  sp_ = 0xFF;
  setStatus(0x20);
  lastAccessWasRead_ = true;
  stopRequested_ = false;
  halted_ = false;
  pc_ = uint16_t(bus_.peek(0xFFFC) | (bus_.peek(0xFFFD) << 8));
}

uint8_t M6502::status() const {
  uint8_t ps = 0x20;
  if (n_) ps |= 0x80;
  if (v_) ps |= 0x40;
  ps |= 0x10;  // the 6507 has no B flag storage: it always reads back as 1
  if (d_) ps |= 0x08;
  if (i_) ps |= 0x04;
  if (z_) ps |= 0x02;
  if (c_) ps |= 0x01;
  return ps;
}

void M6502::setStatus(uint8_t ps) {
  n_ = ps & 0x80;
  v_ = ps & 0x40;
  d_ = ps & 0x08;
  i_ = ps & 0x04;
  z_ = ps & 0x02;
  c_ = ps & 0x01;
}

// The opcode macros and the dispatch in run() are laid out by hand, one case per line.
// clang-format off
// Operand fetch for read instructions, by addressing mode.
#define R_IMM v = read(pc_++)
#define R_ZP ea = read(pc_++), v = readZeroPage(ea)
#define R_ZPX ea = addrZeroPageIndexed(x_), v = readZeroPage(ea)
#define R_ZPY ea = addrZeroPageIndexed(y_), v = readZeroPage(ea)
#define R_ABS v = read(addrAbsolute())
#define R_ABX addrAbsoluteIndexedRead(x_, v)
#define R_ABY addrAbsoluteIndexedRead(y_, v)
#define R_INX v = read(addrIndexedIndirect())
#define R_INY addrIndirectIndexedRead(v)
// Effective address for write instructions.
#define W_ZP ea = addrZeroPage()
#define W_ZPX ea = addrZeroPageIndexed(x_)
#define W_ZPY ea = addrZeroPageIndexed(y_)
#define W_ABS ea = addrAbsolute()
#define W_ABX ea = addrAbsoluteIndexedWrite(x_)
#define W_ABY ea = addrAbsoluteIndexedWrite(y_)
#define W_INX ea = addrIndexedIndirect()
#define W_INY ea = addrIndirectIndexedWrite()
// Read-modify-write: read, a cycle for the 6502's dummy write (no access,
// see idle()), then the instruction writes the new value.
#define RMW(mode) mode; v = read(ea); idle()

// The eight standard addressing modes of the ALU group.
#define ALU_CASES(imm, zp, zpx, abs, abx, aby, inx, iny, OP) \
  L_##imm: R_IMM; OP; NEXT;                             \
  L_##zp: R_ZP; OP; NEXT;                               \
  L_##zpx: R_ZPX; OP; NEXT;                             \
  L_##abs: R_ABS; OP; NEXT;                             \
  L_##abx: R_ABX; OP; NEXT;                             \
  L_##aby: R_ABY; OP; NEXT;                             \
  L_##inx: R_INX; OP; NEXT;                             \
  L_##iny: R_INY; OP; NEXT;

#define RMW_CASES(zp, zpx, abs, abx, OP) \
  L_##zp: RMW(W_ZP); OP; NEXT;       \
  L_##zpx: RMW(W_ZPX); OP; NEXT;     \
  L_##abs: RMW(W_ABS); OP; NEXT;     \
  L_##abx: RMW(W_ABX); OP; NEXT;

// Undocumented read-modify-write combos add (abs,Y), (zp,X) and (zp),Y.
#define RMW7_CASES(zp, zpx, abs, abx, aby, inx, iny, OP) \
  RMW_CASES(zp, zpx, abs, abx, OP)                       \
  L_##aby: RMW(W_ABY); OP; NEXT;                     \
  L_##inx: RMW(W_INX); OP; NEXT;                     \
  L_##iny: RMW(W_INY); OP; NEXT;

// clang-format on

// Device accesses stay out of line: inlined at each bus access of the
// opcode bodies they made the core 124 KB of machine code instead of 77 KB.
uint8_t M6502::devicePeek(Device* device, uint16_t addr, uint32_t cycles, uint8_t dataBus) {
  bus_.setCycles(cycles);
  bus_.setDataBus(dataBus);
  return device->peek(addr);
}

uint32_t M6502::devicePoke(Device* device, uint16_t addr, uint8_t value, uint32_t cycles, uint8_t dataBus, bool afterRead) {
  bus_.setCycles(cycles);
  bus_.setDataBus(dataBus);
  lastAccessWasRead_ = afterRead;
  device->poke(addr, value);
  return bus_.cycles();
}

// Zero page $80-$FF is the RIOT's RAM on every 2600 cartridge: when the
// page table maps it as plain memory in one piece (pages 2 and 3 with one
// origin), zero-page accesses there skip the table.
bool M6502::zeroPageIsDirect() const {
  const Bus::Pages& p = bus_.pages();
  const uintptr_t ram = p.peekOrigin[2];
  return ram && p.peekOrigin[3] == ram && p.pokeOrigin[2] == ram && p.pokeOrigin[3] == ram;
}

void M6502::execute(uint32_t maxInstructions) {
  if (zeroPageIsDirect()) run<true>(maxInstructions);
  else run<false>(maxInstructions);
}

// clang-format off
template <bool directZeroPage>
void M6502::run(uint32_t maxInstructions) {
  // The registers, flags, cycle counter and data bus live in locals named
  // like the members they shadow, so the opcode table below reads as plain
  // 6502 code while the compiler keeps the state in registers: a byte store
  // to RAM may alias any member, but not a local whose address never escapes.
  // Devices (TIA, RIOT, hotspots) see the bus state synced before each call.
  uint8_t a_ = this->a_, x_ = this->x_, y_ = this->y_, sp_ = this->sp_;
  uint16_t pc_ = this->pc_;
  // N and Z live in one value, the last result: Z is "low byte zero", N is
  // "bit 7 or bit 8 set" (bit 8 lets BIT and PLP set N and Z independently).
  uint16_t nz = uint16_t((this->z_ ? 0 : 1) | (this->n_ ? 0x100 : 0));
  bool v_ = this->v_, d_ = this->d_, i_ = this->i_, c_ = this->c_;
  uint32_t cycles = bus_.cycles();
  uint8_t dataBus = bus_.dataBus();
  const Bus::Pages& pages = bus_.pages();
  // Makes the current instruction the run's last, keeping the unspent budget
  // out of the instruction count.
  auto lastInstruction = [&]() HA_ALWAYS_INLINE {
    instructions_ -= maxInstructions - 1;
    maxInstructions = 1;
  };

  auto read = [&](uint16_t addr) HA_ALWAYS_INLINE -> uint8_t {
    ++cycles;
    const uintptr_t origin = pages.peekOrigin[addr >> Bus::kPageShift];
    if (__builtin_expect(origin != 0, 1)) {
      dataBus = *Bus::at(origin, addr);
    } else {
      dataBus = devicePeek(pages.device[addr >> Bus::kPageShift], addr, cycles, dataBus);
    }
    return dataBus;
  };
  // Whether the access before a write was a read (the TIA's WSYNC halts the
  // CPU only then) is known for each write of each instruction: only the
  // second and third pushes of JSR and BRK follow a write.
  auto write = [&](uint16_t addr, uint8_t value, bool afterRead = true) HA_ALWAYS_INLINE {
    ++cycles;
    const unsigned page = addr >> Bus::kPageShift;
    const uintptr_t origin = pages.pokeOrigin[page];
    if (__builtin_expect(origin != 0, 1)) {
      *Bus::at(origin, addr) = value;
    } else {
      // Kernels rewrite the same graphics every line, and wait for WSYNC:
      // such writes are handled here, without a call (see WriteFilter).
      Device* device = pages.device[page];
      const WriteFilter* filter = device->writeFilter;
      const uint16_t entry = filter && cycles < filter->before ? filter->unchanged[addr & 0x3F] : WriteFilter::kNone;
      if (entry == value) {
        // dropped
      } else if (entry == WriteFilter::kHalt && afterRead) {
        cycles = filter->endOfLine(cycles);
      } else {
        cycles = devicePoke(device, addr, value, cycles, dataBus, afterRead);
        // The TIA stops the CPU at the end of a frame: finish this instruction.
        if (stopRequested_) lastInstruction();
      }
    }
    dataBus = value;
  };
  // Zero-page RAM accesses skip the page table (see zeroPageIsDirect()).
  // Macros, not lambdas calling read() and write(): GCC then kept the cycle
  // count and data bus in memory. `addr` must be a plain variable.
#define readZeroPage(addr) \
  ((directZeroPage && ((addr) & 0x80)) ? (++cycles, dataBus = *Bus::at(pages.peekOrigin[2], (addr))) : read(addr))
#define writeZeroPage(addr, value)                                                       \
  do {                                                                                   \
    if (directZeroPage && ((addr) & 0x80)) {                                             \
      ++cycles;                                                                          \
      dataBus = *Bus::at(pages.pokeOrigin[2], (addr)) = (value);                         \
    } else {                                                                             \
      write(addr, value);                                                                \
    }                                                                                    \
  } while (0)
  // A bus cycle in which the real 6502 makes a dummy access (an operand
  // re-read, an index fix-up, an RMW's first write, the opcode re-read of
  // implied instructions and taken branches). ALE runs Stella's "low
  // compatibility" CPU, which makes no such access: the cycle passes, but no
  // device sees it and the data bus keeps its last value.
  auto idle = [&]() HA_ALWAYS_INLINE { ++cycles; };
  // The flag helpers are macros: as lambdas called from other lambdas
  // (adc, status), they made GCC keep nz in memory (Pong 2% slower).
#define setNZ(value) (nz = uint8_t(value))
#define setNandZ(n, z) (nz = uint16_t(((z) ? 0 : 1) | ((n) ? 0x100 : 0)))
#define flagN() ((nz & 0x180) != 0)
#define flagZ() ((nz & 0xFF) == 0)
  auto status = [&]() HA_ALWAYS_INLINE -> uint8_t {
    return uint8_t(0x30 | (flagN() ? 0x80 : 0) | (v_ ? 0x40 : 0) | (d_ ? 0x08 : 0) | (i_ ? 0x04 : 0) | (flagZ() ? 0x02 : 0) | (c_ ? 0x01 : 0));
  };
  auto setStatus = [&](uint8_t ps) HA_ALWAYS_INLINE {
    setNandZ(ps & 0x80, ps & 0x02);
    v_ = ps & 0x40; d_ = ps & 0x08; i_ = ps & 0x04; c_ = ps & 0x01;
  };

  // Addressing modes: each takes the real 6502's cycles for that mode, makes
  // ALE's bus accesses (see idle()) and yields an address.
  auto addrZeroPage = [&]() HA_ALWAYS_INLINE -> uint16_t { return read(pc_++); };
  auto addrZeroPageIndexed = [&](uint8_t index) HA_ALWAYS_INLINE -> uint16_t {
    uint8_t base = read(pc_++);
    idle();  // the index is added
    return uint8_t(base + index);
  };

  auto addrAbsolute = [&]() HA_ALWAYS_INLINE -> uint16_t {
    uint16_t lo = read(pc_++);
    return uint16_t(lo | (read(pc_++) << 8));
  };

  auto addrAbsoluteIndexedRead = [&](uint8_t index, uint8_t& value) HA_ALWAYS_INLINE -> uint16_t {
    uint16_t low = read(pc_++);
    uint16_t high = uint16_t(read(pc_++) << 8);
    uint16_t ea = uint16_t((high | low) + index);
    if (low + index > 0xFF) idle();  // page crossed: one more cycle
    value = read(ea);
    return ea;
  };

  auto addrAbsoluteIndexedWrite = [&](uint8_t index) HA_ALWAYS_INLINE -> uint16_t {
    uint16_t low = read(pc_++);
    uint16_t high = uint16_t(read(pc_++) << 8);
    idle();
    return uint16_t((high | low) + index);
  };

  auto addrIndexedIndirect = [&]() HA_ALWAYS_INLINE -> uint16_t {
    uint8_t ptr = read(pc_++);
    idle();
    ptr = uint8_t(ptr + x_);
    uint16_t lo = readZeroPage(ptr);
    ptr = uint8_t(ptr + 1);
    return uint16_t(lo | (readZeroPage(ptr) << 8));
  };

  auto addrIndirectIndexedRead = [&](uint8_t& value) HA_ALWAYS_INLINE -> uint16_t {
    uint8_t ptr = read(pc_++);
    uint16_t low = readZeroPage(ptr);
    ptr = uint8_t(ptr + 1);
    uint16_t high = uint16_t(readZeroPage(ptr) << 8);
    uint16_t ea = uint16_t((high | low) + y_);
    if (low + y_ > 0xFF) idle();
    value = read(ea);
    return ea;
  };

  auto addrIndirectIndexedWrite = [&]() HA_ALWAYS_INLINE -> uint16_t {
    uint8_t ptr = read(pc_++);
    uint16_t low = readZeroPage(ptr);
    ptr = uint8_t(ptr + 1);
    uint16_t high = uint16_t(readZeroPage(ptr) << 8);
    idle();
    return uint16_t((high | low) + y_);
  };

  auto branch = [&](bool taken) HA_ALWAYS_INLINE {
    int8_t offset = int8_t(read(pc_++));
    if (!taken) return;
    idle();
    uint16_t target = uint16_t(pc_ + offset);
    if ((pc_ ^ target) & 0xFF00) idle();
    pc_ = target;
  };

  // `LDA INTIM / BNE back`: the classic wait for the RIOT timer. Iterations
  // whose read is known to be non-zero change nothing but the cycle count,
  // so they are skipped at once (taken from the instruction budget as if they
  // ran); the last ones run normally. Called at a taken BNE, after its opcode
  // fetch.
  auto skipIdleLoop = [&]() HA_ALWAYS_INLINE {
    auto romByte = [&](uint16_t addr) -> int {
      const uintptr_t origin = pages.peekOrigin[addr >> Bus::kPageShift];
      return origin ? *Bus::at(origin, addr) : -1;
    };
    uint16_t loop = uint16_t(pc_ - 4);  // the LDA, 3 bytes before the BNE
    if (romByte(pc_) != 0xFB || romByte(loop) != 0xAD) return;
    int lo = romByte(uint16_t(loop + 1)), hi = romByte(uint16_t(loop + 2));
    if (lo < 0 || hi < 0) return;
    uint16_t target = uint16_t(lo | (hi << 8));
    const unsigned page = target >> Bus::kPageShift;
    Device* device = pages.device[page];
    if (pages.peekOrigin[page] || !device) return;
    uint16_t next = uint16_t(pc_ + 1);
    uint32_t period = 4 + 3 + (((next ^ loop) & 0xFF00) ? 1 : 0);
    // Keep the instruction budget exact: leave room for this BNE and one more round.
    uint32_t maxRounds = maxInstructions > 3 ? (maxInstructions - 3) / 2 : 0;
    // The LDA's read happened one cycle before this BNE's opcode fetch.
    uint32_t rounds = device->idleReads(target, cycles - 1, period, maxRounds);
    cycles += rounds * period;
    maxInstructions -= 2 * rounds;
  };

  auto adc = [&](uint8_t v) HA_ALWAYS_INLINE {
    uint8_t oldA = a_;
    if (!d_) {
      int sum = int(int8_t(a_)) + int(int8_t(v)) + (c_ ? 1 : 0);
      v_ = sum > 127 || sum < -128;
      unsigned usum = unsigned(a_) + v + (c_ ? 1 : 0);
      a_ = uint8_t(usum);
      c_ = usum > 0xFF;
      setNZ(a_);
    } else {
      int sum = kBcd.t[a_] + kBcd.t[v] + (c_ ? 1 : 0);
      c_ = sum > 99;
      a_ = kBcd.t[256 + (sum & 0xFF)];
      setNZ(a_);
      v_ = ((oldA ^ a_) & 0x80) && ((a_ ^ v) & 0x80);
    }
  };

  auto sbc = [&](uint8_t v) HA_ALWAYS_INLINE {
    uint8_t oldA = a_;
    if (!d_) {
      adc(uint8_t(~v));
    } else {
      int diff = kBcd.t[a_] - kBcd.t[v] - (c_ ? 0 : 1);
      if (diff < 0) diff += 100;
      a_ = kBcd.t[256 + diff];
      setNZ(a_);
      c_ = oldA >= (v + (c_ ? 0 : 1));
      v_ = ((oldA ^ a_) & 0x80) && ((a_ ^ v) & 0x80);
    }
  };

  auto compare = [&](uint8_t reg, uint8_t v) HA_ALWAYS_INLINE {
    uint16_t r = uint16_t(reg - v);
    nz = uint8_t(r);
    c_ = !(r & 0x100);
  };

  // Threaded dispatch: every opcode ends by fetching the next one and jumping
  // to it (NEXT), so each has its own indirect jump, which the branch
  // predictor tells apart (one shared switch jump: Pong 15% slower). This
  // uses computed goto, a GCC and Clang extension.
  static void* const kOpcodes[256] = {
      &&L_0x00, &&L_0x01, &&L_default, &&L_0x03, &&L_0x04, &&L_0x05, &&L_0x06, &&L_0x07, &&L_0x08, &&L_0x09, &&L_0x0A, &&L_0x0B, &&L_0x0C, &&L_0x0D, &&L_0x0E, &&L_0x0F,
      &&L_0x10, &&L_0x11, &&L_default, &&L_0x13, &&L_0x14, &&L_0x15, &&L_0x16, &&L_0x17, &&L_0x18, &&L_0x19, &&L_0x1A, &&L_0x1B, &&L_0x1C, &&L_0x1D, &&L_0x1E, &&L_0x1F,
      &&L_0x20, &&L_0x21, &&L_default, &&L_0x23, &&L_0x24, &&L_0x25, &&L_0x26, &&L_0x27, &&L_0x28, &&L_0x29, &&L_0x2A, &&L_0x2B, &&L_0x2C, &&L_0x2D, &&L_0x2E, &&L_0x2F,
      &&L_0x30, &&L_0x31, &&L_default, &&L_0x33, &&L_0x34, &&L_0x35, &&L_0x36, &&L_0x37, &&L_0x38, &&L_0x39, &&L_0x3A, &&L_0x3B, &&L_0x3C, &&L_0x3D, &&L_0x3E, &&L_0x3F,
      &&L_0x40, &&L_0x41, &&L_default, &&L_0x43, &&L_0x44, &&L_0x45, &&L_0x46, &&L_0x47, &&L_0x48, &&L_0x49, &&L_0x4A, &&L_0x4B, &&L_0x4C, &&L_0x4D, &&L_0x4E, &&L_0x4F,
      &&L_0x50, &&L_0x51, &&L_default, &&L_0x53, &&L_0x54, &&L_0x55, &&L_0x56, &&L_0x57, &&L_0x58, &&L_0x59, &&L_0x5A, &&L_0x5B, &&L_0x5C, &&L_0x5D, &&L_0x5E, &&L_0x5F,
      &&L_0x60, &&L_0x61, &&L_default, &&L_0x63, &&L_0x64, &&L_0x65, &&L_0x66, &&L_0x67, &&L_0x68, &&L_0x69, &&L_0x6A, &&L_0x6B, &&L_0x6C, &&L_0x6D, &&L_0x6E, &&L_0x6F,
      &&L_0x70, &&L_0x71, &&L_default, &&L_0x73, &&L_0x74, &&L_0x75, &&L_0x76, &&L_0x77, &&L_0x78, &&L_0x79, &&L_0x7A, &&L_0x7B, &&L_0x7C, &&L_0x7D, &&L_0x7E, &&L_0x7F,
      &&L_0x80, &&L_0x81, &&L_0x82, &&L_0x83, &&L_0x84, &&L_0x85, &&L_0x86, &&L_0x87, &&L_0x88, &&L_0x89, &&L_0x8A, &&L_0x8B, &&L_0x8C, &&L_0x8D, &&L_0x8E, &&L_0x8F,
      &&L_0x90, &&L_0x91, &&L_default, &&L_0x93, &&L_0x94, &&L_0x95, &&L_0x96, &&L_0x97, &&L_0x98, &&L_0x99, &&L_0x9A, &&L_0x9B, &&L_0x9C, &&L_0x9D, &&L_0x9E, &&L_0x9F,
      &&L_0xA0, &&L_0xA1, &&L_0xA2, &&L_0xA3, &&L_0xA4, &&L_0xA5, &&L_0xA6, &&L_0xA7, &&L_0xA8, &&L_0xA9, &&L_0xAA, &&L_0xAB, &&L_0xAC, &&L_0xAD, &&L_0xAE, &&L_0xAF,
      &&L_0xB0, &&L_0xB1, &&L_default, &&L_0xB3, &&L_0xB4, &&L_0xB5, &&L_0xB6, &&L_0xB7, &&L_0xB8, &&L_0xB9, &&L_0xBA, &&L_0xBB, &&L_0xBC, &&L_0xBD, &&L_0xBE, &&L_0xBF,
      &&L_0xC0, &&L_0xC1, &&L_0xC2, &&L_0xC3, &&L_0xC4, &&L_0xC5, &&L_0xC6, &&L_0xC7, &&L_0xC8, &&L_0xC9, &&L_0xCA, &&L_0xCB, &&L_0xCC, &&L_0xCD, &&L_0xCE, &&L_0xCF,
      &&L_0xD0, &&L_0xD1, &&L_default, &&L_0xD3, &&L_0xD4, &&L_0xD5, &&L_0xD6, &&L_0xD7, &&L_0xD8, &&L_0xD9, &&L_0xDA, &&L_0xDB, &&L_0xDC, &&L_0xDD, &&L_0xDE, &&L_0xDF,
      &&L_0xE0, &&L_0xE1, &&L_0xE2, &&L_0xE3, &&L_0xE4, &&L_0xE5, &&L_0xE6, &&L_0xE7, &&L_0xE8, &&L_0xE9, &&L_0xEA, &&L_0xEB, &&L_0xEC, &&L_0xED, &&L_0xEE, &&L_0xEF,
      &&L_0xF0, &&L_0xF1, &&L_default, &&L_0xF3, &&L_0xF4, &&L_0xF5, &&L_0xF6, &&L_0xF7, &&L_0xF8, &&L_0xF9, &&L_0xFA, &&L_0xFB, &&L_0xFC, &&L_0xFD, &&L_0xFE, &&L_0xFF,
  };
#define NEXT                             \
  if (--maxInstructions == 0) goto done; \
  op = read(pc_++);                      \
  goto *kOpcodes[op]

  // Instructions run (or skipped as idle loop rounds) are what the run
  // takes from the budget.
  const uint32_t budget = maxInstructions;
  stopRequested_ = false;
  if (halted_) return;
  uint8_t op = 0, v = 0;
  uint16_t ea = 0;
  if (maxInstructions == 0) goto done;
  op = read(pc_++);
  goto *kOpcodes[op];
  {
      ALU_CASES(0x09, 0x05, 0x15, 0x0D, 0x1D, 0x19, 0x01, 0x11, a_ |= v; setNZ(a_))
      ALU_CASES(0x29, 0x25, 0x35, 0x2D, 0x3D, 0x39, 0x21, 0x31, a_ &= v; setNZ(a_))
      ALU_CASES(0x49, 0x45, 0x55, 0x4D, 0x5D, 0x59, 0x41, 0x51, a_ ^= v; setNZ(a_))
      ALU_CASES(0x69, 0x65, 0x75, 0x6D, 0x7D, 0x79, 0x61, 0x71, adc(v))
      ALU_CASES(0xE9, 0xE5, 0xF5, 0xED, 0xFD, 0xF9, 0xE1, 0xF1, sbc(v))
      ALU_CASES(0xC9, 0xC5, 0xD5, 0xCD, 0xDD, 0xD9, 0xC1, 0xD1, compare(a_, v))
      ALU_CASES(0xA9, 0xA5, 0xB5, 0xAD, 0xBD, 0xB9, 0xA1, 0xB1, a_ = v; setNZ(a_))
      L_0xEB: R_IMM; sbc(v); NEXT;

      L_0xE0: R_IMM; compare(x_, v); NEXT;
      L_0xE4: R_ZP; compare(x_, v); NEXT;
      L_0xEC: R_ABS; compare(x_, v); NEXT;
      L_0xC0: R_IMM; compare(y_, v); NEXT;
      L_0xC4: R_ZP; compare(y_, v); NEXT;
      L_0xCC: R_ABS; compare(y_, v); NEXT;

      L_0xA2: R_IMM; x_ = v; setNZ(x_); NEXT;
      L_0xA6: R_ZP; x_ = v; setNZ(x_); NEXT;
      L_0xB6: R_ZPY; x_ = v; setNZ(x_); NEXT;
      L_0xAE: R_ABS; x_ = v; setNZ(x_); NEXT;
      L_0xBE: R_ABY; x_ = v; setNZ(x_); NEXT;
      L_0xA0: R_IMM; y_ = v; setNZ(y_); NEXT;
      L_0xA4: R_ZP; y_ = v; setNZ(y_); NEXT;
      L_0xB4: R_ZPX; y_ = v; setNZ(y_); NEXT;
      L_0xAC: R_ABS; y_ = v; setNZ(y_); NEXT;
      L_0xBC: R_ABX; y_ = v; setNZ(y_); NEXT;

      L_0x24: R_ZP; nz = uint16_t((a_ & v) | ((v & 0x80) << 1)); v_ = v & 0x40; NEXT;
      L_0x2C: R_ABS; nz = uint16_t((a_ & v) | ((v & 0x80) << 1)); v_ = v & 0x40; NEXT;

      // LAX: load A and X.
      L_0xA7: R_ZP; a_ = x_ = v; setNZ(a_); NEXT;
      L_0xB7: R_ZPY; a_ = x_ = v; setNZ(a_); NEXT;
      L_0xAF: R_ABS; a_ = x_ = v; setNZ(a_); NEXT;
      L_0xBF: R_ABY; a_ = x_ = v; setNZ(a_); NEXT;
      L_0xA3: R_INX; a_ = x_ = v; setNZ(a_); NEXT;
      L_0xB3: R_INY; a_ = x_ = v; setNZ(a_); NEXT;

      // Undocumented immediate-mode combinations.
      L_0x0B: L_0x2B: R_IMM; a_ &= v; setNZ(a_); c_ = a_ & 0x80; NEXT;  // ANC
      L_0x4B: R_IMM; a_ &= v; c_ = a_ & 1; a_ = (a_ >> 1) & 0x7F; setNZ(a_); NEXT;  // ASR
      L_0x6B: {  // ARR
        R_IMM;
        if (!d_) {
          a_ &= v;
          a_ = uint8_t(((a_ >> 1) & 0x7F) | (c_ ? 0x80 : 0));
          c_ = a_ & 0x40;
          v_ = (a_ & 0x40) ^ ((a_ & 0x20) << 1);
          setNZ(a_);
        } else {
          uint8_t value = a_ & v;
          a_ = uint8_t(((value >> 1) & 0x7F) | (c_ ? 0x80 : 0));
          setNandZ(c_, a_ == 0);
          v_ = (value ^ a_) & 0x40;
          if ((value & 0x0F) + (value & 0x01) > 0x05) a_ = uint8_t((a_ & 0xF0) | ((a_ + 0x06) & 0x0F));
          if ((value & 0xF0) + (value & 0x10) > 0x50) { a_ = uint8_t(a_ + 0x60); c_ = true; }
          else c_ = false;
        }
        NEXT;
      }
      L_0x8B: R_IMM; a_ = (a_ | 0xEE) & x_ & v; setNZ(a_); NEXT;  // ANE
      L_0xAB: R_IMM; a_ = x_ = (a_ | 0xEE) & v; setNZ(a_); NEXT;   // LXA
      L_0xBB: R_ABY; a_ = x_ = sp_ = sp_ & v; setNZ(a_); NEXT;     // LAS
      L_0xCB: {  // SBX
        R_IMM;
        uint16_t r = uint16_t((x_ & a_) - v);
        x_ = uint8_t(r);
        setNZ(x_);
        c_ = !(r & 0x100);
        NEXT;
      }

      // NOPs that still perform their addressing mode's reads.
      L_0x1A: L_0x3A: L_0x5A: L_0x7A: L_0xDA: L_0xEA: L_0xFA: idle(); NEXT;
      L_0x80: L_0x82: L_0x89: L_0xC2: L_0xE2: R_IMM; NEXT;
      L_0x04: L_0x44: L_0x64: R_ZP; NEXT;
      L_0x14: L_0x34: L_0x54: L_0x74: L_0xD4: L_0xF4: R_ZPX; NEXT;
      L_0x0C: R_ABS; NEXT;
      L_0x1C: L_0x3C: L_0x5C: L_0x7C: L_0xDC: L_0xFC: R_ABX; NEXT;

      // Stores.
      L_0x85: W_ZP; writeZeroPage(ea, a_); NEXT;
      L_0x95: W_ZPX; writeZeroPage(ea, a_); NEXT;
      L_0x8D: W_ABS; write(ea, a_); NEXT;
      L_0x9D: W_ABX; write(ea, a_); NEXT;
      L_0x99: W_ABY; write(ea, a_); NEXT;
      L_0x81: W_INX; write(ea, a_); NEXT;
      L_0x91: W_INY; write(ea, a_); NEXT;
      L_0x86: W_ZP; writeZeroPage(ea, x_); NEXT;
      L_0x96: W_ZPY; writeZeroPage(ea, x_); NEXT;
      L_0x8E: W_ABS; write(ea, x_); NEXT;
      L_0x84: W_ZP; writeZeroPage(ea, y_); NEXT;
      L_0x94: W_ZPX; writeZeroPage(ea, y_); NEXT;
      L_0x8C: W_ABS; write(ea, y_); NEXT;
      L_0x87: W_ZP; writeZeroPage(ea, a_ & x_); NEXT;  // SAX
      L_0x97: W_ZPY; writeZeroPage(ea, a_ & x_); NEXT;
      L_0x8F: W_ABS; write(ea, a_ & x_); NEXT;
      L_0x83: W_INX; write(ea, a_ & x_); NEXT;
      L_0x9F: W_ABY; write(ea, uint8_t(a_ & x_ & ((ea >> 8) + 1))); NEXT;  // SHA
      L_0x93: W_INY; write(ea, uint8_t(a_ & x_ & ((ea >> 8) + 1))); NEXT;
      L_0x9B: W_ABY; sp_ = a_ & x_; write(ea, uint8_t(a_ & x_ & ((ea >> 8) + 1))); NEXT;  // SHS
      L_0x9E: W_ABY; write(ea, uint8_t(x_ & ((ea >> 8) + 1))); NEXT;  // SHX
      L_0x9C: W_ABX; write(ea, uint8_t(y_ & ((ea >> 8) + 1))); NEXT;  // SHY

      // Shifts and rotates on the accumulator.
      L_0x0A: idle(); c_ = a_ & 0x80; a_ <<= 1; setNZ(a_); NEXT;
      L_0x4A: idle(); c_ = a_ & 1; a_ >>= 1; setNZ(a_); NEXT;
      L_0x2A: { idle(); bool oc = c_; c_ = a_ & 0x80; a_ = uint8_t((a_ << 1) | oc); setNZ(a_); NEXT; }
      L_0x6A: { idle(); bool oc = c_; c_ = a_ & 1; a_ = uint8_t((a_ >> 1) | (oc ? 0x80 : 0)); setNZ(a_); NEXT; }

      // Read-modify-write on memory.
      RMW_CASES(0x06, 0x16, 0x0E, 0x1E, c_ = v & 0x80; v <<= 1; write(ea, v); setNZ(v))
      RMW_CASES(0x46, 0x56, 0x4E, 0x5E, c_ = v & 1; v >>= 1; write(ea, v); setNZ(v))
      RMW_CASES(0x26, 0x36, 0x2E, 0x3E, { bool oc = c_; c_ = v & 0x80; v = uint8_t((v << 1) | oc); write(ea, v); setNZ(v); })
      RMW_CASES(0x66, 0x76, 0x6E, 0x7E, { bool oc = c_; c_ = v & 1; v = uint8_t((v >> 1) | (oc ? 0x80 : 0)); write(ea, v); setNZ(v); })
      RMW_CASES(0xE6, 0xF6, 0xEE, 0xFE, v = uint8_t(v + 1); write(ea, v); setNZ(v))
      RMW_CASES(0xC6, 0xD6, 0xCE, 0xDE, v = uint8_t(v - 1); write(ea, v); setNZ(v))
      // Undocumented read-modify-write combinations.
      RMW7_CASES(0x07, 0x17, 0x0F, 0x1F, 0x1B, 0x03, 0x13, c_ = v & 0x80; v <<= 1; write(ea, v); a_ |= v; setNZ(a_))  // SLO
      RMW7_CASES(0x27, 0x37, 0x2F, 0x3F, 0x3B, 0x23, 0x33, { uint8_t r = uint8_t((v << 1) | c_); write(ea, r); a_ &= r; c_ = v & 0x80; setNZ(a_); })  // RLA
      RMW7_CASES(0x47, 0x57, 0x4F, 0x5F, 0x5B, 0x43, 0x53, c_ = v & 1; v >>= 1; write(ea, v); a_ ^= v; setNZ(a_))  // SRE
      RMW7_CASES(0x67, 0x77, 0x6F, 0x7F, 0x7B, 0x63, 0x73, { bool oc = c_; c_ = v & 1; v = uint8_t((v >> 1) | (oc ? 0x80 : 0)); write(ea, v); adc(v); })  // RRA
      RMW7_CASES(0xC7, 0xD7, 0xCF, 0xDF, 0xDB, 0xC3, 0xD3, v = uint8_t(v - 1); write(ea, v); compare(a_, v))  // DCP
      RMW7_CASES(0xE7, 0xF7, 0xEF, 0xFF, 0xFB, 0xE3, 0xF3, v = uint8_t(v + 1); write(ea, v); sbc(v))  // ISB

      // Flags and register transfers.
      L_0x18: idle(); c_ = false; NEXT;
      L_0x38: idle(); c_ = true; NEXT;
      L_0x58: idle(); i_ = false; NEXT;
      L_0x78: idle(); i_ = true; NEXT;
      L_0xB8: idle(); v_ = false; NEXT;
      L_0xD8: idle(); d_ = false; NEXT;
      L_0xF8: idle(); d_ = true; NEXT;
      L_0xAA: idle(); x_ = a_; setNZ(x_); NEXT;
      L_0xA8: idle(); y_ = a_; setNZ(y_); NEXT;
      L_0xBA: idle(); x_ = sp_; setNZ(x_); NEXT;
      L_0x8A: idle(); a_ = x_; setNZ(a_); NEXT;
      L_0x9A: idle(); sp_ = x_; NEXT;
      L_0x98: idle(); a_ = y_; setNZ(a_); NEXT;
      L_0xCA: idle(); --x_; setNZ(x_); NEXT;
      L_0x88: idle(); --y_; setNZ(y_); NEXT;
      L_0xE8: idle(); ++x_; setNZ(x_); NEXT;
      L_0xC8: idle(); ++y_; setNZ(y_); NEXT;

      // Stack.
      L_0x48: idle(); write(uint16_t(0x100 + sp_--), a_); NEXT;
      L_0x08: idle(); write(uint16_t(0x100 + sp_--), status()); NEXT;
      L_0x68: idle(); read(uint16_t(0x100 + sp_++)); a_ = read(uint16_t(0x100 + sp_)); setNZ(a_); NEXT;
      L_0x28: idle(); read(uint16_t(0x100 + sp_++)); setStatus(read(uint16_t(0x100 + sp_))); NEXT;

      // Jumps, calls, returns.
      L_0x4C: pc_ = addrAbsolute(); NEXT;
      L_0x6C: {
        uint16_t ptr = addrAbsolute();
        // The 6502 does not carry into the high byte of the pointer.
        uint16_t hiAddr = ((ptr ^ (ptr + 1)) & 0xFF00) ? uint16_t(ptr & 0xFF00) : uint16_t(ptr + 1);
        uint16_t lo = read(ptr);
        pc_ = uint16_t(lo | (read(hiAddr) << 8));
        NEXT;
      }
      L_0x20: {
        uint8_t lo = read(pc_++);
        read(uint16_t(0x100 + sp_));
        write(uint16_t(0x100 + sp_--), uint8_t(pc_ >> 8));
        write(uint16_t(0x100 + sp_--), uint8_t(pc_), false);
        pc_ = uint16_t(lo | (read(pc_) << 8));
        NEXT;
      }
      L_0x60:
        idle();
        read(uint16_t(0x100 + sp_++));
        pc_ = read(uint16_t(0x100 + sp_++));
        pc_ |= uint16_t(read(uint16_t(0x100 + sp_)) << 8);
        read(pc_++);
        NEXT;
      L_0x40:
        idle();
        read(uint16_t(0x100 + sp_++));
        setStatus(read(uint16_t(0x100 + sp_++)));
        pc_ = read(uint16_t(0x100 + sp_++));
        pc_ |= uint16_t(read(uint16_t(0x100 + sp_)) << 8);
        NEXT;
      L_0x00:
        read(pc_++);
        write(uint16_t(0x100 + sp_--), uint8_t(pc_ >> 8));
        write(uint16_t(0x100 + sp_--), uint8_t(pc_), false);
        write(uint16_t(0x100 + sp_--), status(), false);
        i_ = true;
        pc_ = read(0xFFFE);
        pc_ |= uint16_t(read(0xFFFF) << 8);
        NEXT;

      // Branches.
      L_0x10: branch(!flagN()); NEXT;
      L_0x30: branch(flagN()); NEXT;
      L_0x50: branch(!v_); NEXT;
      L_0x70: branch(v_); NEXT;
      L_0x90: branch(!c_); NEXT;
      L_0xB0: branch(c_); NEXT;
      L_0xD0:
        if (!flagZ()) skipIdleLoop();
        branch(!flagZ());
        NEXT;
      L_0xF0: branch(flagZ()); NEXT;

      L_default:
        // JAM opcodes: the CPU locks up until the next reset.
        halted_ = true;
        lastInstruction();
        NEXT;
  }
done:
#undef NEXT
  this->a_ = a_; this->x_ = x_; this->y_ = y_; this->sp_ = sp_; this->pc_ = pc_;
  this->n_ = flagN(); this->z_ = flagZ(); this->v_ = v_; this->d_ = d_; this->i_ = i_; this->c_ = c_;
  lastAccessWasRead_ = true;  // the next access is an opcode fetch
  bus_.setCycles(cycles);
  bus_.setDataBus(dataBus);
  instructions_ += budget - maxInstructions;
#undef setNZ
#undef setNandZ
#undef flagN
#undef flagZ
#undef readZeroPage
#undef writeZeroPage
}
// clang-format on

void M6502::save(StateWriter& w) const {
  w.tag("M6502");
  w.u8(a_);
  w.u8(x_);
  w.u8(y_);
  w.u8(sp_);
  w.u16(pc_);
  w.u8(status());
  w.boolean(lastAccessWasRead_);
  w.boolean(halted_);
  w.u64(instructions_);
}

void M6502::load(StateReader& r) {
  r.expectTag("M6502");
  a_ = r.u8();
  x_ = r.u8();
  y_ = r.u8();
  sp_ = r.u8();
  pc_ = r.u16();
  setStatus(r.u8());
  lastAccessWasRead_ = r.boolean();
  halted_ = r.boolean();
  instructions_ = r.u64();
}

}  // namespace ha
