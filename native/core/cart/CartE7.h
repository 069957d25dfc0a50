// E7 (M-Network): 16K as eight 2K slices plus 2K of RAM. $1000-$17FF shows
// slice 0-6 (hotspots $1FE0-$1FE6), or with $1FE7 the first 1K of RAM (write
// $1000-$13FF, read $1400-$17FF). $1800-$19FF is a 256-byte RAM bank of four
// (hotspots $1FE8-$1FEB; write $1800-$18FF, read $1900-$19FF), and
// $1A00-$1FFF always shows the top of slice 7.
#pragma once
#include "core/cart/Cartridge.h"

namespace ha {

class CartE7 : public Cartridge {
 public:
  explicit CartE7(std::vector<uint8_t> image) : Cartridge(std::move(image)) {}
  const char* scheme() const override { return "E7"; }
  void install(Bus& bus) override;
  void reset() override;
  uint8_t peek(uint16_t addr) override;
  void poke(uint16_t addr, uint8_t) override { hotspot(addr & 0x0FFF); }
  int bank() const override { return slice_; }
  void randomizeRam(Random& rng) override;
  void save(StateWriter& w) const override;
  void load(StateReader& r) override;

 private:
  void hotspot(uint16_t offset);
  void selectSlice(int slice);
  void selectRamBank(int bank);

  Bus* bus_ = nullptr;
  int slice_ = 0, ramBank_ = 0;
  uint8_t ram_[2048] = {};
};

}  // namespace ha
