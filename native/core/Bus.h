// The 6507 address bus: 13 address lines (or all 16, for CPU tests on a flat
// 64K board), split into 64-byte pages. A page
// either points straight into ROM/RAM (the fast path, no call) or names the
// device whose peek/poke handles it (chip registers, bank-switch hotspots).
// Bank switching rewrites page entries. The bus also owns the CPU cycle
// counter and the last value on the data bus (the TIA's undriven read bits).
#pragma once
#include <cstdint>

namespace ha {

// TIA writes the CPU handles without calling the device, while the bus
// cycle count is below `before` (from there on a write ends the frame). Per
// register (address & 0x3F), `unchanged` holds
// - the one value whose write would change nothing (the CPU drops it),
// - kNone: no such value,
// - kHalt (WSYNC, when the TIA draws no picture): after a read cycle the CPU
//   halts until the end of the line, which starts at bus cycles = lineOrigin
//   (mod 76); the CPU does so itself.
// The device keeps it current.
struct WriteFilter {
  static constexpr uint16_t kNone = 0x100, kHalt = 0x200;
  uint16_t unchanged[64];
  uint32_t before = 0;
  uint32_t lineOrigin = 0;
  WriteFilter() { for (uint16_t& v : unchanged) v = kNone; }
  uint32_t endOfLine(uint32_t cycles) const {
    uint32_t toLineEnd = 76 - ((cycles - lineOrigin) % 76);
    return toLineEnd < 76 ? cycles + toLineEnd : cycles;
  }
};

class Device {
 public:
  virtual ~Device() = default;
  // Set by a device whose routine writes the CPU may handle itself.
  const WriteFilter* writeFilter = nullptr;
  virtual uint8_t peek(uint16_t addr) = 0;
  virtual void poke(uint16_t addr, uint8_t value) = 0;
  // For skipping idle loops: how many more reads of `addr`, one every
  // `period` cycles after a read at bus cycle `lastRead`, would return a
  // non-zero value with no side effect (at most `maxReads`; 0 if unknown).
  virtual uint32_t idleReads(uint16_t addr, uint32_t lastRead, uint32_t period, uint32_t maxReads) { return 0; }
};

struct PageAccess {
  const uint8_t* peekBase = nullptr;  // direct read, or null to call device
  uint8_t* pokeBase = nullptr;        // direct write, or null to call device
  Device* device = nullptr;
};

class Bus {
 public:
  static constexpr int kPageShift = 6;
  static constexpr uint16_t kPageMask = (1 << kPageShift) - 1;
  static constexpr uint16_t k6507AddressMask = 0x1FFF;
  static constexpr int kMaxPages = 0x10000 >> kPageShift;

  explicit Bus(uint16_t addressMask = k6507AddressMask) : addressMask_(addressMask) {}

  // The page table as three arrays, so that the CPU's inlined fast path
  // indexes one array per access, all from one base register. It covers the
  // whole 16-bit address space, each page of the bus repeated at all its
  // mirrors, and a memory page is kept as its origin: the host address that
  // bus address 0 would have were all 64K laid out like that page. So the
  // byte at any 16-bit address is at origin + address, with no masking
  // (mirrors) and no offset within the page to work out. 0: the page's
  // device handles it.
  struct Pages {
    uintptr_t peekOrigin[kMaxPages] = {};
    uintptr_t pokeOrigin[kMaxPages] = {};
    Device* device[kMaxPages] = {};
  };
  static uint8_t* at(uintptr_t origin, uint16_t addr) { return reinterpret_cast<uint8_t*>(origin + addr); }

  // `page` is a page of the bus (an address masked to the bus, shifted).
  void setPage(uint16_t page, const PageAccess& access) {
    const unsigned mirrorStride = (unsigned(addressMask_) + 1) >> kPageShift;
    for (unsigned p = page; p < kMaxPages; p += mirrorStride) {
      pages_.peekOrigin[p] = originOf(access.peekBase, p);
      pages_.pokeOrigin[p] = originOf(access.pokeBase, p);
      pages_.device[p] = access.device;
    }
  }
  PageAccess page(uint16_t page) const {
    return {baseOf(pages_.peekOrigin[page], page), baseOf(pages_.pokeOrigin[page], page), pages_.device[page]};
  }

  // An access through one page: straight to memory, or to its device.
  static uint8_t peekVia(const PageAccess& a, uint16_t addr) {
    return a.peekBase ? a.peekBase[addr & kPageMask] : a.device->peek(addr);
  }
  static void pokeVia(const PageAccess& a, uint16_t addr, uint8_t value) {
    if (a.pokeBase) a.pokeBase[addr & kPageMask] = value;
    else a.device->poke(addr, value);
  }

  uint8_t peek(uint16_t addr) {
    uint8_t v = peekVia(page(uint16_t((addr & addressMask_) >> kPageShift)), addr);
    dataBus_ = v;
    return v;
  }
  void poke(uint16_t addr, uint8_t value) {
    pokeVia(page(uint16_t((addr & addressMask_) >> kPageShift)), addr, value);
    dataBus_ = value;
  }

  const Pages& pages() const { return pages_; }
  uint16_t addressMask() const { return addressMask_; }

  uint32_t cycles() const { return cycles_; }
  void addCycles(uint32_t n) { cycles_ += n; }
  void setCycles(uint32_t c) { cycles_ = c; }
  uint8_t dataBus() const { return dataBus_; }
  void setDataBus(uint8_t v) { dataBus_ = v; }

 private:
  static uintptr_t originOf(const uint8_t* base, uint16_t page) {
    return base ? reinterpret_cast<uintptr_t>(base) - (uintptr_t(page) << kPageShift) : 0;
  }
  static uint8_t* baseOf(uintptr_t origin, uint16_t page) {
    return origin ? at(origin, uint16_t(page << kPageShift)) : nullptr;
  }

  uint16_t addressMask_;
  Pages pages_;
  uint32_t cycles_ = 0;
  uint8_t dataBus_ = 0;
};

}  // namespace ha
