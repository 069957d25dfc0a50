// What is plugged into the console and what the player is pressing: two
// controller jacks (joystick or a pair of paddles each) and the console
// switches. The RIOT reads SWCHA/SWCHB from here and the TIA reads the input
// ports INPT0..5. Pin routing follows GAME_FACTS §1.2 (Stella's wiring).
#pragma once
#include <cstdint>

#include "core/Serializer.h"

namespace ha {

enum class ControllerType : uint8_t { Joystick = 0, Paddles = 1 };

struct JackInput {
  bool up = false, down = false, left = false, right = false, fire = false;
  // Paddle resistances (ALE's integer units) and fire buttons for the two
  // paddles on this jack. 0 means "not set": the pot reads as fully charged.
  int32_t paddleResistance[2] = {0, 0};
  bool paddleFire[2] = {false, false};
};

class Controls {
 public:
  static constexpr int32_t kMaximumResistance = 0x7FFFFFFF;

  ControllerType type[2] = {ControllerType::Joystick, ControllerType::Joystick};
  bool swapPaddles = false;
  JackInput jack[2];
  bool resetSwitch = false, selectSwitch = false;
  bool leftDifficultyA = false, rightDifficultyA = false;

  // Port A of the RIOT: left jack in the high nibble, right jack in the low.
  uint8_t swcha() const { return uint8_t((jackNibble(0) << 4) | jackNibble(1)); }

  uint8_t swchb() const {
    uint8_t v = 0x3F;  // colour TV, unused bits high, switches released
    if (resetSwitch) v &= uint8_t(~0x01);
    if (selectSwitch) v &= uint8_t(~0x02);
    if (leftDifficultyA) v |= 0x40;
    if (rightDifficultyA) v |= 0x80;
    return v;
  }

  // Resistance on jack j's analog pin: pin 9 (INPT0/2) or pin 5 (INPT1/3).
  int32_t resistance(int j, bool pinFive) const {
    if (type[j] != ControllerType::Paddles) return kMaximumResistance;
    int paddle = (pinFive != swapPaddles) ? 1 : 0;  // swap exchanges the pins
    return jack[j].paddleResistance[paddle];
  }

  // INPT4/INPT5 bit 7: the joystick fire button (1 = released).
  bool fireReleased(int j) const { return type[j] == ControllerType::Paddles ? true : !jack[j].fire; }

  void clearButtons() {
    for (auto& j : jack) {
      j.up = j.down = j.left = j.right = j.fire = false;
      j.paddleFire[0] = j.paddleFire[1] = false;
    }
    resetSwitch = selectSwitch = false;
  }

  void save(StateWriter& w) const {
    w.tag("Controls");
    for (const auto& j : jack) {
      w.boolean(j.up);
      w.boolean(j.down);
      w.boolean(j.left);
      w.boolean(j.right);
      w.boolean(j.fire);
      for (int p = 0; p < 2; ++p) {
        w.i32(j.paddleResistance[p]);
        w.boolean(j.paddleFire[p]);
      }
    }
    w.boolean(resetSwitch);
    w.boolean(selectSwitch);
    w.boolean(leftDifficultyA);
    w.boolean(rightDifficultyA);
  }
  void load(StateReader& r) {
    r.expectTag("Controls");
    for (auto& j : jack) {
      j.up = r.boolean();
      j.down = r.boolean();
      j.left = r.boolean();
      j.right = r.boolean();
      j.fire = r.boolean();
      for (int p = 0; p < 2; ++p) {
        j.paddleResistance[p] = r.i32();
        j.paddleFire[p] = r.boolean();
      }
    }
    resetSwitch = r.boolean();
    selectSwitch = r.boolean();
    leftDifficultyA = r.boolean();
    rightDifficultyA = r.boolean();
  }

 private:
  // Four active-low lines of one jack in SWCHA order: up, down, left, right
  // for a joystick; for paddles only the two fire buttons (pins 3 and 4).
  uint8_t jackNibble(int j) const {
    const JackInput& in = jack[j];
    if (type[j] == ControllerType::Paddles) {
      bool fireA = in.paddleFire[swapPaddles ? 1 : 0];  // pin 4 -> bit 3 of nibble
      bool fireB = in.paddleFire[swapPaddles ? 0 : 1];  // pin 3 -> bit 2
      return uint8_t(0x3 | (fireB ? 0 : 0x4) | (fireA ? 0 : 0x8));
    }
    return uint8_t((in.up ? 0 : 1) | (in.down ? 0 : 2) | (in.left ? 0 : 4) | (in.right ? 0 : 8));
  }
};

}  // namespace ha
