// 3F (Tigervision): 2K banks. $1000-$17FF shows the selected bank, $1800-$1FFF
// always the last one. A write to $0000-$003F (a TIA address) selects bank
// (value mod bank count); the write also reaches the TIA, as do all reads
// there, so the cartridge sits in front of the TIA for that one page.
#pragma once
#include "core/cart/Cartridge.h"

namespace ha {

class Cart3F : public Cartridge {
 public:
  explicit Cart3F(std::vector<uint8_t> image) : Cartridge(std::move(image)) {}
  const char* scheme() const override { return "3F"; }
  void install(Bus& bus) override;
  void reset() override { select(0); }
  uint8_t peek(uint16_t addr) override;
  void poke(uint16_t addr, uint8_t value) override;
  int bank() const override { return bank_; }
  void save(StateWriter& w) const override;
  void load(StateReader& r) override;

 private:
  void select(int bank);
  int bankCount() const { return int(image_.size() / 2048); }

  Bus* bus_ = nullptr;
  PageAccess tiaPage_;  // what the bus had at $0000-$003F before us
  int bank_ = 0;
};

}  // namespace ha
