// The 6532 RIOT: 128 bytes of RAM, the interval timer and the two I/O ports
// (SWCHA joysticks/paddle buttons, SWCHB console switches). Timer arithmetic
// reproduces ALE's Stella core, including what a read returns after the
// timer has expired and the wrap-around of cycle stamps at frame starts.
#pragma once
#include <cstdint>

#include "core/Bus.h"
#include "core/Controls.h"
#include "core/Random.h"
#include "core/Serializer.h"

namespace ha {

class Riot : public Device {
 public:
  Riot(Bus& bus, const Controls& controls, Random& rng);

  void install();
  void reset();
  // Called before the bus cycle counter is set back to zero.
  void systemCyclesReset();

  uint8_t peek(uint16_t addr) override;
  uint32_t idleReads(uint16_t addr, uint32_t lastRead, uint32_t period, uint32_t maxReads) override;
  void poke(uint16_t addr, uint8_t value) override;

  uint8_t* ram() { return ram_; }
  const uint8_t* ram() const { return ram_; }

  void save(StateWriter& w) const;
  void load(StateReader& r);

 private:
  Bus& bus_;
  const Controls& controls_;
  Random& rng_;
  uint8_t ram_[128];
  uint32_t timer_ = 0;
  uint32_t intervalShift_ = 6;
  uint32_t cyclesWhenTimerSet_ = 0;
  uint32_t cyclesWhenInterruptReset_ = 0;
  bool timerReadAfterInterrupt_ = false;
  uint8_t ddra_ = 0, ddrb_ = 0;
};

}  // namespace ha
