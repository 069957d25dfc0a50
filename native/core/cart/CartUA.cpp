#include "core/cart/CartUA.h"

namespace ha {

void CartUA::install(Bus& bus) {
  bus_ = &bus;
  for (int i = 0; i < 2; ++i) behind_[i] = bus.page(uint16_t((0x0200 >> Bus::kPageShift) + i));
  mapPages(bus, 0x0200, 0x0280);  // the pages of $0220 and $0240
  select(0);
}

void CartUA::select(int bank) {
  bank_ = bank;
  mapPages(*bus_, 0x1000, 0x2000, &image_[uint32_t(bank) * 4096]);
}

void CartUA::hotspot(uint16_t addr) {
  switch (addr & 0x1260) {
    case 0x0220: select(0); break;
    case 0x0240: select(1); break;
    default: break;
  }
}

uint8_t CartUA::peek(uint16_t addr) {
  if (addr & 0x1000) return image_[uint32_t(bank_) * 4096 + (addr & 0x0FFF)];
  hotspot(addr);
  return Bus::peekVia(behind(addr), addr);
}

void CartUA::poke(uint16_t addr, uint8_t value) {
  if (addr & 0x1000) return;
  hotspot(addr);
  Bus::pokeVia(behind(addr), addr, value);
}

}  // namespace ha
