#include "core/cart/Cart3F.h"

#include "core/Errors.h"

namespace ha {

void Cart3F::install(Bus& bus) {
  bus_ = &bus;
  tiaPage_ = bus.page(0);
  PageAccess front;
  front.device = this;
  bus.setPage(0, front);
  uint32_t last = uint32_t(bankCount() - 1) * 2048;
  for (uint32_t addr = 0x1800; addr < 0x2000; addr += (1u << Bus::kPageShift)) {
    PageAccess access;
    access.device = this;
    access.peekBase = &image_[last + (addr & 0x07FF)];
    bus.setPage(uint16_t(addr >> Bus::kPageShift), access);
  }
  select(0);
}

void Cart3F::select(int bank) {
  bank_ = bank % bankCount();
  for (uint32_t addr = 0x1000; addr < 0x1800; addr += (1u << Bus::kPageShift)) {
    PageAccess access;
    access.device = this;
    access.peekBase = &image_[uint32_t(bank_) * 2048 + (addr & 0x07FF)];
    bus_->setPage(uint16_t(addr >> Bus::kPageShift), access);
  }
}

uint8_t Cart3F::peek(uint16_t addr) {
  if ((addr & 0x1000) == 0) return tiaPage_.peekBase ? tiaPage_.peekBase[addr & Bus::kPageMask] : tiaPage_.device->peek(addr);
  uint16_t offset = addr & 0x0FFF;
  return offset < 0x0800 ? image_[uint32_t(bank_) * 2048 + offset] : image_[image_.size() - 2048 + (offset & 0x07FF)];
}

void Cart3F::poke(uint16_t addr, uint8_t value) {
  if ((addr & 0x1000) != 0) return;
  select(value);
  if (tiaPage_.pokeBase) tiaPage_.pokeBase[addr & Bus::kPageMask] = value;
  else tiaPage_.device->poke(addr, value);
}

void Cart3F::save(StateWriter& w) const {
  w.tag(scheme());
  w.u8(uint8_t(bank_));
}

void Cart3F::load(StateReader& r) {
  r.expectTag(scheme());
  int bank = r.u8();
  if (bank >= bankCount()) throw StateError("corrupt state: cartridge bank out of range");
  select(bank);
}

}  // namespace ha
