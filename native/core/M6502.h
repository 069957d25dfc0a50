// The 6507 CPU (a 6502 core with 13 address lines). Cycle counts are the
// real chip's; bus accesses are those of ALE's Stella core, which runs its
// "low compatibility" CPU: no dummy reads or writes (those cycles pass with
// no access), but the stack reads of JSR, RTS, RTI and PLA/PLP are made. So
// side effects (bank-switch hotspots, timer reads, the DPC chip's random
// numbers) come out as in ALE. Decimal mode and the undocumented opcodes follow the same
// rules as ALE; the 12 JAM opcodes halt the CPU (as ALE does).
#pragma once
#include <cstdint>

#include "core/Bus.h"
#include "core/Serializer.h"

namespace ha {

class M6502 {
 public:
  explicit M6502(Bus& bus) : bus_(bus) {}

  // Power-on/reset: registers to their documented values, PC from $FFFC.
  void reset();
  // Runs up to `maxInstructions` instructions, or until stop() is called
  // (the TIA does so at the end of a frame) or a JAM opcode halts the CPU.
  // The registers read below are current between calls, not during one
  // (devices called from inside see the bus cycle count and data bus only).
  void execute(uint32_t maxInstructions);
  // For a device's poke(): execute() returns once the current instruction
  // is done. (Only writes check it: no device stops the CPU on a read.)
  void stop() { stopRequested_ = true; }
  bool halted() const { return halted_; }
  bool lastAccessWasRead() const { return lastAccessWasRead_; }

  uint16_t pc() const { return pc_; }
  void setPc(uint16_t pc) { pc_ = pc; }
  uint8_t a() const { return a_; }
  uint8_t x() const { return x_; }
  uint8_t y() const { return y_; }
  uint8_t sp() const { return sp_; }
  uint8_t status() const;
  // For CPU test boards: set all registers at once.
  void setRegisters(uint16_t pc, uint8_t a, uint8_t x, uint8_t y, uint8_t sp, uint8_t status) {
    pc_ = pc;
    a_ = a;
    x_ = x;
    y_ = y;
    sp_ = sp;
    setStatus(status);
    halted_ = false;
  }
  uint64_t instructionCount() const { return instructions_; }

  void save(StateWriter& w) const;
  void load(StateReader& r);

 private:
  void setStatus(uint8_t ps);
  bool zeroPageIsDirect() const;
  template <bool directZeroPage>
  void run(uint32_t maxInstructions);
#if defined(__GNUC__) || defined(__clang__)
  __attribute__((noinline))
#endif
  uint8_t
  devicePeek(Device* device, uint16_t addr, uint32_t cycles, uint8_t dataBus);
#if defined(__GNUC__) || defined(__clang__)
  __attribute__((noinline))
#endif
  uint32_t
  devicePoke(Device* device, uint16_t addr, uint8_t value, uint32_t cycles, uint8_t dataBus, bool afterRead);

  Bus& bus_;
  uint8_t a_ = 0, x_ = 0, y_ = 0, sp_ = 0xFF;
  uint16_t pc_ = 0;
  bool n_ = false, v_ = false, d_ = false, i_ = false, z_ = false, c_ = false;
  bool lastAccessWasRead_ = true;
  bool stopRequested_ = false;
  bool halted_ = false;
  uint64_t instructions_ = 0;
};

}  // namespace ha
