// DPC (Pitfall II): two 4K program banks switched like F8 ($1FF8/$1FF9),
// plus David Crane's Display Processor Chip at $1000-$107F: eight data
// fetchers over 2K of graphics ROM (top/bottom window flags, counters that
// count down on each read), a random number generator clocked on every
// access to the chip's pages, and three music fetchers driven by an
// oscillator (15.75 kHz, counted from CPU cycles).
#pragma once
#include "core/cart/Cartridge.h"

namespace ha {

class CartDPC : public Cartridge {
 public:
  // `image`: 8K program then 2K display data (any bytes after are ignored).
  explicit CartDPC(std::vector<uint8_t> image);
  const char* scheme() const override { return "DPC"; }
  void install(Bus& bus) override;
  void reset() override;
  uint8_t peek(uint16_t addr) override;
  void poke(uint16_t addr, uint8_t value) override;
  int bank() const override { return bank_; }
  void systemCyclesReset() override { systemCycles_ -= int64_t(bus_->cycles()); }
  void save(StateWriter& w) const override;
  void load(StateReader& r) override;

 private:
  void selectBank(int bank);
  void clockRandom();
  void updateMusicFetchers();
  void hotspot(uint16_t offset);

  Bus* bus_ = nullptr;
  int bank_ = 1;
  uint8_t tops_[8] = {}, bottoms_[8] = {}, flags_[8] = {};
  uint16_t counters_[8] = {};
  bool musicMode_[3] = {};
  uint8_t random_ = 1;
  int64_t systemCycles_ = 0;  // bus cycles at the last music update
  double fractionalClocks_ = 0;
};

}  // namespace ha
