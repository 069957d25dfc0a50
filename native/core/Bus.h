// The 6507 address bus: 13 address lines (or all 16, for CPU tests on a flat
// 64K board), split into 64-byte pages. A page
// either points straight into ROM/RAM (the fast path, no call) or names the
// device whose peek/poke handles it (chip registers, bank-switch hotspots).
// Bank switching rewrites page entries. The bus also owns the CPU cycle
// counter and the last value on the data bus (the TIA's undriven read bits).
#pragma once
#include <cstdint>
#include <memory>

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
  WriteFilter() {
    for (uint16_t& v : unchanged) v = kNone;
  }
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

  // Mirrors past the first are filled in on their first access.
  explicit Bus(uint16_t addressMask = k6507AddressMask);
  ~Bus();
  Bus(const Bus&) = delete;
  Bus& operator=(const Bus&) = delete;

  // The page table as three arrays, so that the CPU's inlined fast path
  // indexes one array per access, all from one base register. It covers the
  // whole 16-bit address space, each page of the bus repeated at its mirrors,
  // and a memory page is kept as its origin: the host address that bus
  // address 0 would have were all 64K laid out like that page. So the byte at
  // any 16-bit address is at origin + address, with no masking (mirrors) and
  // no offset within the page to work out. 0: the page's device handles it.
  // A mirror (each 8K of the 6507's 64K) is filled in when the CPU first
  // reaches it, and from then on kept up to date by mapRange(): games use two
  // to five of the eight, and bank switching rewrites only those.
  struct Pages {
    uintptr_t peekOrigin[kMaxPages] = {};
    uintptr_t pokeOrigin[kMaxPages] = {};
    Device* device[kMaxPages] = {};
  };
  static uint8_t* at(uintptr_t origin, uint16_t addr) { return reinterpret_cast<uint8_t*>(origin + addr); }

  // Maps the bus addresses [from, to) (whole pages, masked to the bus) to
  // `device`, with reads from `peek` and writes to `poke` laid out from
  // `from` on (null: the device handles that direction).
  void mapRange(uint32_t from, uint32_t to, const uint8_t* peek, uint8_t* poke, Device* device) {
    const unsigned first = from >> kPageShift, count = (to - from) >> kPageShift;
    // Bank switching changes only where reads go: the write side and the
    // device are rewritten only when they change (each live mirror holds
    // what mirror 0 does).
    const bool writesChange =
        !holds(pages_.pokeOrigin + first, count, originOf(poke, first)) || !holds(pages_.device + first, count, device);
    for (unsigned m = 0; liveMirrors_ >> m; ++m) {
      if (!(liveMirrors_ & (1u << m))) continue;
      const unsigned p = first + m * pagesPerMirror();
      // Memory laid out in one piece has one origin for all its pages.
      fill(pages_.peekOrigin + p, count, originOf(peek, p));
      if (writesChange) {
        fill(pages_.pokeOrigin + p, count, originOf(poke, p));
        fill(pages_.device + p, count, device);
      }
    }
  }
  // `page` is a page of the bus (an address masked to the bus, shifted).
  void setPage(uint16_t page, const PageAccess& access) {
    mapRange(uint32_t(page) << kPageShift, uint32_t(page + 1) << kPageShift, access.peekBase, access.pokeBase, access.device);
  }
  PageAccess page(uint16_t page) const {
    return {baseOf(pages_.peekOrigin[page], page), baseOf(pages_.pokeOrigin[page], page), pages_.device[page]};
  }

  // An access through one page: straight to memory, or to its device.
  static uint8_t peekVia(const PageAccess& a, uint16_t addr) { return a.peekBase ? a.peekBase[addr & kPageMask] : a.device->peek(addr); }
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
  // The device of a mirror's pages until the mirror is filled in: fills it,
  // then passes the access on. Defined in Bus.cpp, out of the CPU's sight: GCC
  // would otherwise guess every device call to be this one's.
  class MirrorFill;
  Bus& fillMirrorOf(uint16_t addr);

  template <typename T>
  static bool holds(const T* entries, unsigned count, T value) {
    for (unsigned i = 0; i < count; ++i)
      if (entries[i] != value) return false;
    return true;
  }
  // Four entries a round: a bank switch rewrites some 60 entries per live
  // mirror, and std::fill_n's loop cost Asteroids 0.9% more host
  // instructions.
  template <typename T>
  static void fill(T* entries, unsigned count, T value) {
    unsigned i = 0;
    for (; i + 4 <= count; i += 4) entries[i] = entries[i + 1] = entries[i + 2] = entries[i + 3] = value;
    for (; i < count; ++i) entries[i] = value;
  }
  unsigned pagesPerMirror() const { return (unsigned(addressMask_) + 1) >> kPageShift; }
  void put(unsigned p, const PageAccess& access) {
    pages_.peekOrigin[p] = originOf(access.peekBase, p);
    pages_.pokeOrigin[p] = originOf(access.pokeBase, p);
    pages_.device[p] = access.device;
  }
  static uintptr_t originOf(const uint8_t* base, unsigned page) {
    return base ? reinterpret_cast<uintptr_t>(base) - (uintptr_t(page) << kPageShift) : 0;
  }
  static uint8_t* baseOf(uintptr_t origin, unsigned page) { return origin ? at(origin, uint16_t(page << kPageShift)) : nullptr; }

  uint16_t addressMask_;
  Pages pages_;
  std::unique_ptr<Device> mirrorFill_;
  uint8_t liveMirrors_ = 1;  // bit m: mirror m is filled in (mirror 0, the bus itself, always)
  uint32_t cycles_ = 0;
  uint8_t dataBus_ = 0;
};

}  // namespace ha
