// E0 (Parker Brothers): 8K as eight 1K slices. The 4K window is four 1K
// segments; the last always shows slice 7, and touching $1FE0-$1FE7,
// $1FE8-$1FEF or $1FF0-$1FF7 puts slice (addr & 7) into segment 0, 1 or 2.
#pragma once
#include "core/cart/Cartridge.h"

namespace ha {

class CartE0 : public Cartridge {
 public:
  explicit CartE0(std::vector<uint8_t> image) : Cartridge(std::move(image)) {}
  const char* scheme() const override { return "E0"; }
  void install(Bus& bus) override;
  void reset() override;
  uint8_t peek(uint16_t addr) override;
  void poke(uint16_t addr, uint8_t) override { hotspot(addr & 0x0FFF); }
  void save(StateWriter& w) const override;
  void load(StateReader& r) override;

 private:
  void hotspot(uint16_t offset);
  void select(int segment, int slice);

  Bus* bus_ = nullptr;
  int slice_[4] = {4, 5, 6, 7};
};

}  // namespace ha
