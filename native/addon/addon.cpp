// Addon entry point: exports the NativeEnv, NativeVectorEnv and
// NativeRuleProgram classes, `setErrorClass` (through which src/env/errors.ts
// hands over the error constructor used for all native failures) and the
// test-only `_CpuBoard`.
#include <napi.h>

#include "addon/EnvWrap.h"

namespace ha {
Napi::Function InitCpuBoard(Napi::Env env);
Napi::Function InitVectorEnv(Napi::Env env);
Napi::Function InitRuleProgram(Napi::Env env);
}  // namespace ha

namespace {

Napi::Value SetErrorClass(const Napi::CallbackInfo& info) {
  auto* ref = new Napi::FunctionReference(Napi::Persistent(info[0].As<Napi::Function>()));
  info.Env().SetInstanceData<Napi::FunctionReference>(ref);
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("NativeEnv", ha::EnvWrap::Init(env));
  exports.Set("NativeVectorEnv", ha::InitVectorEnv(env));
  exports.Set("NativeRuleProgram", ha::InitRuleProgram(env));
  exports.Set("setErrorClass", Napi::Function::New(env, SetErrorClass));
  exports.Set("_CpuBoard", ha::InitCpuBoard(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(horizon_arcade, Init)
