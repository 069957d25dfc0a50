// The whole Atari 2600: bus, 6507, RIOT, TIA, cartridge and controls, wired
// and reset the way ALE's console is (GAME_FACTS §1.3): RAM from the System
// RNG, a 60-frame NTSC/PAL auto-detection run, then a reset.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/Bus.h"
#include "core/Controls.h"
#include "core/M6502.h"
#include "core/Random.h"
#include "core/Riot.h"
#include "core/cart/Cartridge.h"
#include "core/tia/Tia.h"

namespace ha {

struct ConsoleConfig {
  std::string scheme;  // empty: detect from the image
  int resetBank = -1;  // -1: the scheme's default start bank
  ControllerType left = ControllerType::Joystick;
  ControllerType right = ControllerType::Joystick;
  bool swapPaddles = false;
  bool swapPorts = false;  // player A's joystick is in the right port
  int yStart = 34;
  int height = 210;  // grows to 250 when PAL is detected
  bool hmoveBlanks = true;
  std::string format = "AUTO";  // AUTO, NTSC or PAL
  uint32_t systemSeed = 4753849;
};

class Console {
 public:
  Console(std::vector<uint8_t> rom, const ConsoleConfig& config);

  // System reset: CPU, TIA, RIOT timer and cartridge bank (RAM is kept).
  void reset();
  // Emulates one frame (ALE's unit of emulation).
  void runFrame() { tia_->update(); }

  Controls& controls() { return controls_; }
  const uint8_t* ram() const { return riot_->ram(); }
  const uint8_t* cartRam() const { return cart_->ramData(); }
  uint8_t* ram() { return riot_->ram(); }
  const uint8_t* screen() const { return tia_->frameBuffer(); }
  void setTrackSources(bool on) { tia_->setTrackSources(on); }
  void setDrawPixels(bool on) { tia_->setDrawPixels(on); }
  const uint8_t* pixelSources() const { return tia_->sourceBuffer(); }
  int screenHeight() const { return tia_->height(); }
  bool pal() const { return pal_; }
  uint32_t lastFrameScanlines() const { return tia_->lastFrameScanlines(); }
  const Cartridge& cartridge() const { return *cart_; }
  const M6502& cpu() const { return cpu_; }
  // Reads a byte through the bus, as ALE's RAM accessors do.
  uint8_t peek(uint16_t addr) { return bus_.peek(addr); }

  void save(StateWriter& w) const;
  void load(StateReader& r);

 private:
  void resetCycles();

  Random rng_;
  Bus bus_;
  M6502 cpu_;
  Controls controls_;
  std::unique_ptr<Riot> riot_;
  std::unique_ptr<Tia> tia_;
  std::unique_ptr<Cartridge> cart_;
  bool pal_ = false;
};

}  // namespace ha
