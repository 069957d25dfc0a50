#include "core/Riot.h"

namespace ha {

Riot::Riot(Bus& bus, const Controls& controls, Random& rng) : bus_(bus), controls_(controls), rng_(rng) {
  // Power-on RAM comes from the System RNG, low byte of each draw (§1.3).
  for (uint8_t& b : ram_) b = uint8_t(rng_.next());
  reset();
}

void Riot::install() {
  for (uint32_t addr = 0; addr < 0x2000; addr += (1u << Bus::kPageShift)) {
    if ((addr & 0x1080) != 0x0080) continue;
    PageAccess access;
    access.device = this;
    if ((addr & 0x0200) == 0) {  // RAM, mirrored: direct access
      access.peekBase = &ram_[addr & 0x7F];
      access.pokeBase = &ram_[addr & 0x7F];
    }
    bus_.setPage(uint16_t(addr >> Bus::kPageShift), access);
  }
}

void Riot::reset() {
  timer_ = 25 + (rng_.next() % 75);
  intervalShift_ = 6;
  cyclesWhenTimerSet_ = 0;
  cyclesWhenInterruptReset_ = 0;
  timerReadAfterInterrupt_ = false;
  ddra_ = 0;
  ddrb_ = 0;
}

void Riot::systemCyclesReset() {
  cyclesWhenTimerSet_ -= bus_.cycles();
  cyclesWhenInterruptReset_ -= bus_.cycles();
}

uint8_t Riot::peek(uint16_t addr) {
  switch (addr & 0x07) {
    case 0x00: return controls_.swcha();
    case 0x01: return ddra_;
    case 0x02: return controls_.swchb();
    case 0x03: return ddrb_;
    case 0x04:
    case 0x06: {  // INTIM
      uint32_t cycles = bus_.cycles() - 1;
      uint32_t delta = cycles - cyclesWhenTimerSet_;
      int timer = int(timer_) - int(delta >> intervalShift_) - 1;
      if (timer >= 0) return uint8_t(timer);
      // Expired: the timer counts down once per cycle from here on.
      timer = int(timer_ << intervalShift_) - int(delta) - 1;
      if (timer <= -2 && !timerReadAfterInterrupt_) {
        timerReadAfterInterrupt_ = true;
        cyclesWhenInterruptReset_ = bus_.cycles();
      }
      if (timerReadAfterInterrupt_) {
        int offset = int(cyclesWhenInterruptReset_ - (cyclesWhenTimerSet_ + (timer_ << intervalShift_)));
        timer = int(timer_) - int(delta >> intervalShift_) - offset;
      }
      return uint8_t(timer);
    }
    default: {  // TIMINT
      uint32_t cycles = bus_.cycles() - 1;
      uint32_t delta = cycles - cyclesWhenTimerSet_;
      int timer = int(timer_) - int(delta >> intervalShift_) - 1;
      return (timer >= 0 || timerReadAfterInterrupt_) ? 0x00 : 0x80;
    }
  }
}

// Before the timer expires INTIM reads timer_ - (elapsed >> interval) - 1,
// with no side effect: a read at bus cycle C gives at least 1 while
// C - 1 - cyclesWhenTimerSet_ < (timer_ - 1) << interval.
uint32_t Riot::idleReads(uint16_t addr, uint32_t lastRead, uint32_t period, uint32_t maxReads) {
  if ((addr & 0x0285) != 0x0284 || period == 0) return 0;  // INTIM (and its mirrors) only
  int64_t limit = (int64_t(timer_) - 1) << intervalShift_;
  int64_t elapsed = int64_t(uint32_t(lastRead - 1 - cyclesWhenTimerSet_));
  if (timer_ == 0 || elapsed >= limit) return 0;
  // Reads i = 1..n at lastRead + i * period, all with elapsed + i * period < limit.
  int64_t n = (limit - elapsed - 1) / int64_t(period);
  return uint32_t(n < int64_t(maxReads) ? n : maxReads);
}

void Riot::poke(uint16_t addr, uint8_t value) {
  static const uint32_t kShift[4] = {0, 3, 6, 10};
  if ((addr & 0x07) == 0x01) {
    ddra_ = value;
  } else if ((addr & 0x14) == 0x14) {  // TIM1T/TIM8T/TIM64T/T1024T
    timer_ = value;
    intervalShift_ = kShift[addr & 0x03];
    cyclesWhenTimerSet_ = bus_.cycles();
    timerReadAfterInterrupt_ = false;
  }
  // Writes to SWCHA/SWCHB outputs, DDRB and the edge-detect control have no
  // effect on anything the games here can observe.
}

void Riot::save(StateWriter& w) const {
  w.tag("Riot");
  w.bytes(ram_, sizeof ram_);
  w.u32(timer_);
  w.u32(intervalShift_);
  w.u32(cyclesWhenTimerSet_);
  w.u32(cyclesWhenInterruptReset_);
  w.boolean(timerReadAfterInterrupt_);
  w.u8(ddra_);
  w.u8(ddrb_);
}

void Riot::load(StateReader& r) {
  r.expectTag("Riot");
  r.bytes(ram_, sizeof ram_);
  timer_ = r.u32();
  intervalShift_ = r.u32();
  if (intervalShift_ != 0 && intervalShift_ != 3 && intervalShift_ != 6 && intervalShift_ != 10)
    throw StateError("corrupt state: RIOT timer interval");
  cyclesWhenTimerSet_ = r.u32();
  cyclesWhenInterruptReset_ = r.u32();
  timerReadAfterInterrupt_ = r.boolean();
  ddra_ = r.u8();
  ddrb_ = r.u8();
}

}  // namespace ha
