#include "core/Console.h"

namespace ha {

Console::Console(std::vector<uint8_t> rom, const ConsoleConfig& config) : rng_(config.systemSeed), cpu_(bus_) {
  std::string scheme = config.scheme.empty() ? detectScheme(rom) : config.scheme;
  cart_ = createCartridge(std::move(rom), scheme, config.resetBank);
  controls_.type[0] = config.left;
  controls_.type[1] = config.right;
  controls_.swapPaddles = config.swapPaddles;
  riot_ = std::make_unique<Riot>(bus_, controls_, rng_);
  tia_ = std::make_unique<Tia>(bus_, cpu_, controls_, [this] { resetCycles(); });
  riot_->install();
  tia_->install();
  cart_->install(bus_);
  tia_->setHmoveBlanks(config.hmoveBlanks);
  tia_->setDisplay(config.yStart, config.height);

  if (config.format == "AUTO") {
    // Run 60 frames; PAL if at least half of frames 30..59 are tall.
    reset();
    int palFrames = 0;
    for (int i = 0; i < 60; ++i) {
      runFrame();
      if (i >= 30 && tia_->scanlines() > 285) ++palFrames;
    }
    pal_ = palFrames >= 15;
  } else {
    pal_ = config.format == "PAL";
  }
  if (pal_ && config.height == 210) tia_->setDisplay(config.yStart, 250);
  tia_->setPal(pal_);
  reset();
}

void Console::resetCycles() {
  riot_->systemCyclesReset();
  tia_->systemCyclesReset();
  cart_->systemCyclesReset();
  bus_.setCycles(0);
}

void Console::reset() {
  resetCycles();
  riot_->reset();
  tia_->reset();
  cart_->randomizeRam(rng_);
  cart_->reset();
  cpu_.reset();
}

void Console::save(StateWriter& w) const {
  w.tag("Console");
  w.u32(bus_.cycles());
  w.u8(bus_.dataBus());
  rng_.save(w);
  cpu_.save(w);
  riot_->save(w);
  tia_->save(w);
  cart_->save(w);
  controls_.save(w);
}

void Console::load(StateReader& r) {
  r.expectTag("Console");
  bus_.setCycles(r.u32());
  bus_.setDataBus(r.u8());
  rng_.load(r);
  cpu_.load(r);
  riot_->load(r);
  tia_->load(r);
  cart_->load(r);
  controls_.load(r);
}

}  // namespace ha
