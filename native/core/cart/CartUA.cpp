#include "core/cart/CartUA.h"

#include "core/Errors.h"

namespace ha {

namespace {
constexpr uint16_t kHotPages[2] = {0x0220 >> Bus::kPageShift, 0x0240 >> Bus::kPageShift};
}

void CartUA::install(Bus& bus) {
  bus_ = &bus;
  for (int i = 0; i < 2; ++i) {
    behind_[i] = bus.page(kHotPages[i]);
    PageAccess front;
    front.device = this;
    bus.setPage(kHotPages[i], front);
  }
  select(0);
}

void CartUA::select(int bank) {
  bank_ = bank;
  for (uint32_t addr = 0x1000; addr < 0x2000; addr += (1u << Bus::kPageShift)) {
    PageAccess access;
    access.device = this;
    access.peekBase = &image_[uint32_t(bank) * 4096 + (addr & 0x0FFF)];
    bus_->setPage(uint16_t(addr >> Bus::kPageShift), access);
  }
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
  const PageAccess& p = behind(addr);
  return p.peekBase ? p.peekBase[addr & Bus::kPageMask] : p.device->peek(addr);
}

void CartUA::poke(uint16_t addr, uint8_t value) {
  if (addr & 0x1000) return;
  hotspot(addr);
  const PageAccess& p = behind(addr);
  if (p.pokeBase) p.pokeBase[addr & Bus::kPageMask] = value;
  else p.device->poke(addr, value);
}

void CartUA::save(StateWriter& w) const {
  w.tag(scheme());
  w.u8(uint8_t(bank_));
}

void CartUA::load(StateReader& r) {
  r.expectTag(scheme());
  int bank = r.u8();
  if (bank > 1) throw StateError("corrupt state: cartridge bank out of range");
  select(bank);
}

}  // namespace ha
