// 3F (Tigervision): 2K banks. $1000-$17FF shows the selected bank, $1800-$1FFF
// always the last one. A write to $0000-$003F (a TIA address) selects bank
// (value mod bank count); the write also reaches the TIA, as do all reads
// there, so the cartridge sits in front of the TIA for that one page.
#pragma once
#include "core/cart/Cartridge.h"

namespace ha {

class Cart3F : public SelectedBankCart {
 public:
  using SelectedBankCart::SelectedBankCart;
  const char* scheme() const override { return "3F"; }
  void install(Bus& bus) override;
  uint8_t peek(uint16_t addr) override;
  void poke(uint16_t addr, uint8_t value) override;

 private:
  void select(int bank) override;
  int bankCount() const override { return int(image_.size() / 2048); }

  PageAccess tiaPage_;  // what the bus had at $0000-$003F before us
};

}  // namespace ha
