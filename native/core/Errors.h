// Error types thrown by the emulator core and the environment. Each carries a
// stable code that the addon maps onto the JavaScript error class in
// src/env/errors.ts, so users can branch on `err.code`.
#pragma once
#include <stdexcept>
#include <string>

namespace ha {

class EmuError : public std::runtime_error {
 public:
  EmuError(std::string code, const std::string& message) : std::runtime_error(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

// A ROM image that cannot be loaded (size of no known scheme, bad scheme name).
struct RomError : EmuError {
  explicit RomError(const std::string& m, std::string code = "ERR_BAD_ROM") : EmuError(std::move(code), m) {}
};
// A saved state that is truncated, corrupt or belongs to another ROM.
struct StateError : EmuError {
  explicit StateError(const std::string& m) : EmuError("ERR_BAD_STATE", m) {}
};
// An action id outside the action set.
struct ActionError : EmuError {
  explicit ActionError(const std::string& m) : EmuError("ERR_ACTION_RANGE", m) {}
};
// A game-rules expression or configuration that cannot be compiled.
struct ConfigError : EmuError {
  explicit ConfigError(const std::string& m) : EmuError("ERR_BAD_CONFIG", m) {}
};

}  // namespace ha
