#include "addon/Convert.h"

#include "core/Errors.h"

namespace ha {

namespace {

Napi::FunctionReference* errorClass(Napi::Env env) { return env.GetInstanceData<Napi::FunctionReference>(); }

std::vector<int> intArray(const Napi::Object& o, const char* key) {
  std::vector<int> out;
  if (!o.Has(key)) return out;
  Napi::Array a = o.Get(key).As<Napi::Array>();
  for (uint32_t i = 0; i < a.Length(); ++i) out.push_back(a.Get(i).As<Napi::Number>().Int32Value());
  return out;
}

std::string str(const Napi::Object& o, const char* key, const std::string& fallback = "") {
  return o.Has(key) && o.Get(key).IsString() ? o.Get(key).As<Napi::String>().Utf8Value() : fallback;
}

int num(const Napi::Object& o, const char* key, int fallback) {
  return o.Has(key) && o.Get(key).IsNumber() ? o.Get(key).As<Napi::Number>().Int32Value() : fallback;
}

bool flag(const Napi::Object& o, const char* key, bool fallback) {
  return o.Has(key) && o.Get(key).IsBoolean() ? o.Get(key).As<Napi::Boolean>().Value() : fallback;
}

}  // namespace

// The flat game spec built by toNativeSpec (src/env/roms-config.ts) from a roms-config file.
GameSpec readSpec(const Napi::Object& o) {
  GameSpec s;
  s.console.scheme = str(o, "scheme");
  s.console.resetBank = num(o, "resetBank", -1);
  s.console.left = str(o, "left", "joystick") == "paddles" ? ControllerType::Paddles : ControllerType::Joystick;
  s.console.right = str(o, "right", "joystick") == "paddles" ? ControllerType::Paddles : ControllerType::Joystick;
  s.console.swapPaddles = flag(o, "swapPaddles", false);
  s.console.swapPorts = flag(o, "swapPorts", false);
  s.console.yStart = num(o, "yStart", 34);
  s.console.height = num(o, "height", 210);
  s.console.hmoveBlanks = flag(o, "hmoveBlanks", true);
  s.console.format = str(o, "format", "AUTO");
  s.minimalActions = intArray(o, "minimalActions");
  s.illegalActions = intArray(o, "illegalActions");
  s.startingActions = intArray(o, "startingActions");
  s.difficulties = intArray(o, "difficulties");
  if (s.difficulties.empty()) s.difficulties = {0};
  s.paddleMax = num(o, "paddleMax", 0);
  s.modes.values = intArray(o, "modes");
  s.modes.reached = str(o, "modeReached", "1");
  s.modes.selectFrames = num(o, "selectFrames", 1);
  s.modes.waitSteps = num(o, "modeWaitSteps", 0);
  s.modes.openSelectFrames = num(o, "modeOpenSelectFrames", 0);
  s.modes.settleSteps = num(o, "modeSettleSteps", 0);
  s.modes.selectFramesRandom = num(o, "selectFramesRandom", 0);
  s.modes.resetFirst = flag(o, "modeResetFirst", false);
  if (o.Has("modeScript")) {
    Napi::Array steps = o.Get("modeScript").As<Napi::Array>();
    for (uint32_t i = 0; i < steps.Length(); ++i) {
      Napi::Object st = steps.Get(i).As<Napi::Object>();
      ModeScriptStep step;
      step.select = num(st, "select", 0);
      step.softReset = flag(st, "softReset", false);
      step.press = intArray(st, "press");
      step.when = str(st, "when", "");
      step.until = str(st, "until", "");
      step.changes = str(st, "changes", "");
      s.modes.script.push_back(std::move(step));
    }
  }
  if (o.Has("modeOnReached")) {
    Napi::Array set = o.Get("modeOnReached").As<Napi::Array>();
    for (uint32_t i = 0; i < set.Length(); ++i) {
      Napi::Array pair = set.Get(i).As<Napi::Array>();
      s.modes.onReached.emplace_back(pair.Get(0u).As<Napi::String>().Utf8Value(), pair.Get(1u).As<Napi::Number>().Int64Value());
    }
  }
  Napi::Array init = o.Get("ruleInit").As<Napi::Array>();
  for (uint32_t i = 0; i < init.Length(); ++i) {
    Napi::Array pair = init.Get(i).As<Napi::Array>();
    s.rules.init.emplace_back(pair.Get(0u).As<Napi::String>().Utf8Value(), pair.Get(1u).As<Napi::Number>().Int64Value());
  }
  Napi::Array step = o.Get("ruleStep").As<Napi::Array>();
  for (uint32_t i = 0; i < step.Length(); ++i) {
    Napi::Array pair = step.Get(i).As<Napi::Array>();
    s.rules.step.emplace_back(pair.Get(0u).As<Napi::String>().Utf8Value(), pair.Get(1u).As<Napi::String>().Utf8Value());
  }
  return s;
}

EnvSettings readSettings(const Napi::Object& o) {
  EnvSettings s;
  if (o.Has("repeatActionProbability")) s.repeatActionProbability = o.Get("repeatActionProbability").As<Napi::Number>().FloatValue();
  s.frameSkip = num(o, "frameSkip", 1);
  if (o.Has("maxFramesPerEpisode")) s.maxFramesPerEpisode = o.Get("maxFramesPerEpisode").As<Napi::Number>().Int64Value();
  s.truncateOnLossOfLife = flag(o, "truncateOnLossOfLife", false);
  if (o.Has("seed")) s.seed = o.Get("seed").As<Napi::Number>().Uint32Value();
  s.mode = num(o, "mode", -1);
  s.difficulty = num(o, "difficulty", -1);
  return s;
}

void ThrowError(Napi::Env env, const std::string& code, const std::string& message) {
  Napi::FunctionReference* cls = errorClass(env);
  if (cls == nullptr || cls->IsEmpty()) {
    Napi::Error err = Napi::Error::New(env, message);
    err.Set("code", Napi::String::New(env, code));
    err.ThrowAsJavaScriptException();
    return;
  }
  Napi::Object err = cls->New({Napi::String::New(env, message), Napi::String::New(env, code)});
  Napi::Error(env, err).ThrowAsJavaScriptException();
}

}  // namespace ha
