// FE (Activision: Robot Tank, Decathlon): two 4K banks chosen by address line
// A13, which the 6507 does not bring out but its 16-bit PC still carries.
// Code in the first bank runs at $Fxxx (A13 set), the second at $Dxxx;
// JSR/RTS move between them. As in ALE's Stella, every cartridge read picks
// its bank from the full address, so no page is mapped directly.
#pragma once
#include "core/cart/Cartridge.h"

namespace ha {

class CartFE : public Cartridge {
 public:
  explicit CartFE(std::vector<uint8_t> image) : Cartridge(std::move(image)) {}
  const char* scheme() const override { return "FE"; }
  void install(Bus& bus) override;
  void reset() override {}
  uint8_t peek(uint16_t addr) override { return image_[(addr & 0x0FFF) + ((addr & 0x2000) ? 0 : 4096)]; }
  void poke(uint16_t, uint8_t) override {}
  void save(StateWriter& w) const override { w.tag(scheme()); }
  void load(StateReader& r) override { r.expectTag(scheme()); }
};

}  // namespace ha
