// Reading the game spec and settings objects built in TypeScript
// (src/env/native.ts), and turning core exceptions into the JS error class
// registered at load time: shared by the NativeEnv and NativeVectorEnv classes.
#pragma once
#include <napi.h>

#include <exception>
#include <string>

#include "core/Errors.h"
#include "env/AleEnv.h"

namespace ha {

GameSpec readSpec(const Napi::Object& o);
EnvSettings readSettings(const Napi::Object& o);

// Throws the registered JS error class with a stable `code`.
void ThrowError(Napi::Env env, const std::string& code, const std::string& message);

// Runs `body`, converting core exceptions into JS errors.
template <typename F>
Napi::Value guarded(Napi::Env env, F&& body) {
  try {
    return body();
  } catch (const EmuError& e) {
    ThrowError(env, e.code(), e.what());
  } catch (const std::exception& e) {
    ThrowError(env, "ERR_NATIVE", e.what());
  }
  return env.Undefined();
}

}  // namespace ha
