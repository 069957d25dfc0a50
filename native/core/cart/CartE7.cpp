#include "core/cart/CartE7.h"

#include "core/Errors.h"

namespace ha {

namespace {
constexpr uint32_t kHotPage = 0x1FC0;  // the page holding $1FE0-$1FEB
constexpr uint32_t kFixedSlice = 7;
}  // namespace

void CartE7::install(Bus& bus) {
  bus_ = &bus;
  mapPages(bus, 0x1A00, kHotPage, &image_[kFixedSlice * 2048 + 0x200]);
  mapPages(bus, kHotPage, 0x2000);
  reset();
}

void CartE7::reset() {
  selectRamBank(0);
  selectSlice(0);
}

void CartE7::randomizeRam(Random& rng) {
  for (uint8_t& b : ram_) b = uint8_t(rng.next());
}

void CartE7::selectSlice(int slice) {
  slice_ = slice;
  if (slice != 7) {
    mapPages(*bus_, 0x1000, 0x1800, &image_[uint32_t(slice) * 2048]);
  } else {
    mapPages(*bus_, 0x1000, 0x1400, nullptr, ram_);  // 1K RAM: write port
    mapPages(*bus_, 0x1400, 0x1800, ram_);           // read port
  }
}

void CartE7::selectRamBank(int bank) {
  ramBank_ = bank;
  uint8_t* ram = &ram_[1024 + uint32_t(bank) * 256];
  mapPages(*bus_, 0x1800, 0x1900, nullptr, ram);  // write port
  mapPages(*bus_, 0x1900, 0x1A00, ram);           // read port
}

void CartE7::hotspot(uint16_t offset) {
  if (offset >= 0x0FE0 && offset <= 0x0FE7) selectSlice(offset & 7);
  else if (offset >= 0x0FE8 && offset <= 0x0FEB) selectRamBank(offset & 3);
}

uint8_t CartE7::peek(uint16_t addr) {
  uint16_t offset = addr & 0x0FFF;
  hotspot(offset);
  // Reads of a RAM write port return the ROM of the segment's slice (slice 7
  // behind the 1K RAM and above $1800).
  uint32_t slice = offset >= 0x0800 ? kFixedSlice : uint32_t(slice_);
  return image_[slice * 2048 + (offset & 0x07FF)];
}

void CartE7::save(StateWriter& w) const {
  w.tag(scheme());
  w.u8(uint8_t(slice_));
  w.u8(uint8_t(ramBank_));
  w.bytes(ram_, sizeof ram_);
}

void CartE7::load(StateReader& r) {
  r.expectTag(scheme());
  int slice = r.u8(), bank = r.u8();
  if (slice > 7 || bank > 3) throw StateError("corrupt state: cartridge bank out of range");
  r.bytes(ram_, sizeof ram_);
  selectRamBank(bank);
  selectSlice(slice);
}

}  // namespace ha
