#include "core/cart/CartE0.h"

#include "core/Errors.h"

namespace ha {

namespace {
constexpr uint16_t kHotspotPage = 0x0FC0;  // the 64-byte page holding $1FE0-$1FF7
}

void CartE0::install(Bus& bus) {
  bus_ = &bus;
  mapPages(bus, 0x1000 | kHotspotPage, 0x2000);
  reset();
}

void CartE0::reset() {
  // Power-on slices as in Stella: segments 0-2 show slices 4-6.
  for (int s = 0; s < 4; ++s) select(s, 4 + s);
}

void CartE0::select(int segment, int slice) {
  slice_[segment] = slice;
  uint32_t from = 0x1000 | (uint32_t(segment) << 10);
  uint32_t to = segment == 3 ? 0x1000 | kHotspotPage : from + 0x400;  // the hotspot page stays with peek()
  mapPages(*bus_, from, to, &image_[uint32_t(slice) << 10]);
}

void CartE0::hotspot(uint16_t offset) {
  if (offset >= 0x0FE0 && offset <= 0x0FF7) select((offset - 0x0FE0) >> 3, offset & 7);
}

uint8_t CartE0::peek(uint16_t addr) {
  uint16_t offset = addr & 0x0FFF;
  hotspot(offset);
  return image_[(uint32_t(slice_[offset >> 10]) << 10) | (offset & 0x03FF)];
}

void CartE0::save(StateWriter& w) const {
  w.tag(scheme());
  for (int s : slice_) w.u8(uint8_t(s));
}

void CartE0::load(StateReader& r) {
  r.expectTag(scheme());
  int slices[4];
  for (int& s : slices) {
    s = r.u8();
    if (s > 7) throw StateError("corrupt state: cartridge slice out of range");
  }
  for (int seg = 0; seg < 4; ++seg) select(seg, slices[seg]);
}

}  // namespace ha
