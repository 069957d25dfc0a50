#include "core/cart/Cart3F.h"

namespace ha {

void Cart3F::install(Bus& bus) {
  bus_ = &bus;
  tiaPage_ = bus.page(0);
  mapPages(bus, 0x0000, 0x0040);
  mapPages(bus, 0x1800, 0x2000, &image_[image_.size() - 2048]);
  select(0);
}

void Cart3F::select(int bank) {
  bank_ = bank % bankCount();
  mapPages(*bus_, 0x1000, 0x1800, &image_[uint32_t(bank_) * 2048]);
}

uint8_t Cart3F::peek(uint16_t addr) {
  if ((addr & 0x1000) == 0) return Bus::peekVia(tiaPage_, addr);
  uint16_t offset = addr & 0x0FFF;
  return offset < 0x0800 ? image_[uint32_t(bank_) * 2048 + offset] : image_[image_.size() - 2048 + (offset & 0x07FF)];
}

void Cart3F::poke(uint16_t addr, uint8_t value) {
  if ((addr & 0x1000) != 0) return;
  select(value);
  Bus::pokeVia(tiaPage_, addr, value);
}

}  // namespace ha
