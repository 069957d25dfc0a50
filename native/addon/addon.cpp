// Addon entry point: exports the NativeEnv and NativeVectorEnv classes,
// `setErrorClass` (through which src/env/errors.ts hands over the error
// constructor used for all native failures) and the test-only `_CpuBoard`
// and `_evalRule` (the native rule engine on given RAM, for the test that
// holds it to the TypeScript one in src/objects/expr.ts).
#include <napi.h>

#include <stdexcept>

#include "addon/EnvWrap.h"
#include "env/RuleExpr.h"

namespace ha {
Napi::Function InitCpuBoard(Napi::Env env);
Napi::Function InitVectorEnv(Napi::Env env);
}  // namespace ha

namespace {

Napi::Value SetErrorClass(const Napi::CallbackInfo& info) {
  auto* ref = new Napi::FunctionReference(Napi::Persistent(info[0].As<Napi::Function>()));
  info.Env().SetInstanceData<Napi::FunctionReference>(ref);
  return info.Env().Undefined();
}

// _evalRule(source, ram: Uint8Array(128), names: string[], values: number[]) -> number
Napi::Value EvalRule(const Napi::CallbackInfo& info) {
  const std::string source = info[0].As<Napi::String>();
  auto ram = info[1].As<Napi::Uint8Array>();
  auto names = info[2].As<Napi::Array>();
  auto values = info[3].As<Napi::Array>();
  if (ram.ElementLength() != 128) throw Napi::TypeError::New(info.Env(), "ram must hold 128 bytes");
  std::unordered_map<std::string, int> slots;
  std::vector<int64_t> vars(names.Length());
  for (uint32_t i = 0; i < names.Length(); ++i) {
    slots[names.Get(i).As<Napi::String>()] = int(i);
    vars[i] = int64_t(values.Get(i).As<Napi::Number>().DoubleValue());
  }
  try {
    ha::RuleExpr expr(source, slots);
    return Napi::Number::New(info.Env(), double(expr.eval({ram.Data()}, vars.data())));
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), e.what());
  }
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("NativeEnv", ha::EnvWrap::Init(env));
  exports.Set("NativeVectorEnv", ha::InitVectorEnv(env));
  exports.Set("setErrorClass", Napi::Function::New(env, SetErrorClass));
  exports.Set("_CpuBoard", ha::InitCpuBoard(env));
  exports.Set("_evalRule", Napi::Function::New(env, EvalRule));
  return exports;
}

}  // namespace

NODE_API_MODULE(horizon_arcade, Init)
