// UA (UA Limited): two 4K banks selected by touching $0220 (bank 0) or $0240
// (bank 1), addresses in the TIA's space; every access there also reaches
// the device that owns it, so the cartridge sits in front of those pages.
#pragma once
#include "core/cart/Cartridge.h"

namespace ha {

class CartUA : public SelectedBankCart {
 public:
  using SelectedBankCart::SelectedBankCart;
  const char* scheme() const override { return "UA"; }
  void install(Bus& bus) override;
  uint8_t peek(uint16_t addr) override;
  void poke(uint16_t addr, uint8_t value) override;

 private:
  void select(int bank) override;
  int bankCount() const override { return 2; }
  void hotspot(uint16_t addr);
  const PageAccess& behind(uint16_t addr) const { return behind_[((addr >> Bus::kPageShift) & 1)]; }

  PageAccess behind_[2];  // the pages $0200-$023F and $0240-$027F before us
};

}  // namespace ha
