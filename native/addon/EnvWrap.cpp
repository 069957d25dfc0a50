#include "addon/EnvWrap.h"

#include "addon/Convert.h"

#include <cstring>

#include "core/Errors.h"
#include "core/Palette.h"

namespace ha {

Napi::Function EnvWrap::Init(Napi::Env env) {
  return DefineClass(env, "NativeEnv",
                     {
                         InstanceMethod("reset", &EnvWrap::JSReset),
                         InstanceMethod("act", &EnvWrap::JSAct),
                         InstanceMethod("step", &EnvWrap::JSStep),
                         InstanceMethod("status", &EnvWrap::JSStatus),
                         InstanceMethod("statusView", &EnvWrap::JSStatusView),
                         InstanceMethod("ramInto", &EnvWrap::JSRamInto),
                         InstanceMethod("setRam", &EnvWrap::JSSetRam),
                         InstanceMethod("screenInto", &EnvWrap::JSScreenInto),
                         InstanceMethod("rgbInto", &EnvWrap::JSRgbInto),
                         InstanceMethod("grayscaleInto", &EnvWrap::JSGrayscaleInto),
                         InstanceMethod("resizedInto", &EnvWrap::JSResizedInto),
                         InstanceMethod("screenHeight", &EnvWrap::JSScreenHeight),
                         InstanceMethod("minimalActions", &EnvWrap::JSMinimalActions),
                         InstanceMethod("legalActions", &EnvWrap::JSLegalActions),
                         InstanceMethod("saveState", &EnvWrap::JSSaveState),
                         InstanceMethod("loadState", &EnvWrap::JSLoadState),
                         InstanceMethod("seed", &EnvWrap::JSSeed),
                         InstanceMethod("trackSources", &EnvWrap::JSTrackSources),
                         InstanceMethod("drawPixels", &EnvWrap::JSDrawPixels),
                         InstanceMethod("sourcesInto", &EnvWrap::JSSourcesInto),
                     });
}

// new NativeEnv(rom: Uint8Array, md5: string, spec: object, settings: object)
EnvWrap::EnvWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<EnvWrap>(info) {
  Napi::Env env = info.Env();
  guarded(env, [&]() -> Napi::Value {
    Napi::Uint8Array rom = info[0].As<Napi::Uint8Array>();
    std::vector<uint8_t> bytes(rom.Data(), rom.Data() + rom.ByteLength());
    env_ = std::make_unique<AleEnv>(std::move(bytes), readSpec(info[2].As<Napi::Object>()), readSettings(info[3].As<Napi::Object>()));
    env_->setMd5(info[1].As<Napi::String>().Utf8Value());
    Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, kStatusSlots * sizeof(double));
    statusBuffer_ = Napi::Persistent(buffer);
    status_ = static_cast<double*>(buffer.Data());
    writeStatusSlots(env_->status(), status_);
    return env.Undefined();
  });
}

Napi::Value EnvWrap::JSReset(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    env_->reset();
    return info.Env().Undefined();
  });
}

// act(action, paddleStrength) -> reward of one ALE act() call
Napi::Value EnvWrap::JSAct(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    float strength = info.Length() > 1 ? info[1].As<Napi::Number>().FloatValue() : 1.0f;
    return Napi::Number::New(info.Env(), double(env_->act(info[0].As<Napi::Number>().Int32Value(), strength)));
  });
}

// step(action, frames, paddleStrength): one agent step (AleEnv::step), its
// status written to the status view: nothing to convert on the way back.
Napi::Value EnvWrap::JSStep(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    int action = info[0].As<Napi::Number>().Int32Value();
    int frames = info[1].As<Napi::Number>().Int32Value();
    float strength = info[2].As<Napi::Number>().FloatValue();
    writeStatusSlots(env_->step(action, frames, strength), status_);
    return info.Env().Undefined();
  });
}

// status(): brings the status view up to date (its reward slot keeps the last step's).
Napi::Value EnvWrap::JSStatus(const Napi::CallbackInfo& info) {
  double reward = status_[kStatusReward];
  writeStatusSlots(env_->status(), status_);
  status_[kStatusReward] = reward;
  return info.Env().Undefined();
}

// statusView() -> Float64Array over the status buffer, StepStatus.h's slots.
Napi::Value EnvWrap::JSStatusView(const Napi::CallbackInfo& info) {
  return Napi::Float64Array::New(info.Env(), kStatusSlots, statusBuffer_.Value(), 0);
}

Napi::Value EnvWrap::JSRamInto(const Napi::CallbackInfo& info) {
  Napi::Uint8Array out = info[0].As<Napi::Uint8Array>();
  std::memcpy(out.Data(), env_->ram(), 128);
  return info.Env().Undefined();
}

// setRam(index 0..127, value 0..255): checked on the JavaScript side.
Napi::Value EnvWrap::JSSetRam(const Napi::CallbackInfo& info) {
  env_->setRam(info[0].As<Napi::Number>().Int32Value(), uint8_t(info[1].As<Napi::Number>().Uint32Value()));
  return info.Env().Undefined();
}

Napi::Value EnvWrap::JSScreenInto(const Napi::CallbackInfo& info) {
  Napi::Uint8Array out = info[0].As<Napi::Uint8Array>();
  std::memcpy(out.Data(), env_->screen(), size_t(160 * env_->screenHeight()));
  return info.Env().Undefined();
}

// rgbInto(out: Uint8Array[h*160*3]): the screen as RGB triplets.
Napi::Value EnvWrap::JSRgbInto(const Napi::CallbackInfo& info) {
  Napi::Uint8Array out = info[0].As<Napi::Uint8Array>();
  const uint8_t* px = env_->screen();
  uint8_t* o = out.Data();
  size_t n = size_t(160 * env_->screenHeight());
  for (size_t i = 0; i < n; ++i) {
    uint32_t rgb = paletteRgb(px[i]);
    o[3 * i] = uint8_t(rgb >> 16);
    o[3 * i + 1] = uint8_t(rgb >> 8);
    o[3 * i + 2] = uint8_t(rgb);
  }
  return info.Env().Undefined();
}

// grayscaleInto(out: Uint8Array[h*160]): luma of each pixel.
Napi::Value EnvWrap::JSGrayscaleInto(const Napi::CallbackInfo& info) {
  Napi::Uint8Array out = info[0].As<Napi::Uint8Array>();
  const uint8_t* px = env_->screen();
  size_t n = size_t(160 * env_->screenHeight());
  for (size_t i = 0; i < n; ++i) out.Data()[i] = paletteGrey(px[i]);
  return info.Env().Undefined();
}

// resizedInto(out: Uint8Array[height*width*channels], width, height, grayscale):
// the screen resized with area interpolation (Preprocessor, as VectorEnv's
// observations), grey or RGB. Checked on the JavaScript side.
Napi::Value EnvWrap::JSResizedInto(const Napi::CallbackInfo& info) {
  Napi::Uint8Array out = info[0].As<Napi::Uint8Array>();
  int width = info[1].As<Napi::Number>().Int32Value(), height = info[2].As<Napi::Number>().Int32Value();
  bool grayscale = info[3].As<Napi::Boolean>().Value();
  if (!resizer_ || resizeSpec_.width != width || resizeSpec_.height != height || resizeSpec_.grayscale != grayscale) {
    resizeSpec_ = PreprocessSpec{};
    resizeSpec_.grayscale = grayscale;
    resizeSpec_.width = width;
    resizeSpec_.height = height;
    resizeSpec_.maxPool = false;
    resizer_ = std::make_unique<Preprocessor>(resizeSpec_, env_->screenHeight());
    resizeScratch_.resize(resizer_->screenValues());
  }
  resizer_->colours(env_->screen(), resizeScratch_.data());
  resizer_->push(resizeScratch_.data(), out.Data(), false);
  return info.Env().Undefined();
}

Napi::Value EnvWrap::JSScreenHeight(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), env_->screenHeight()); }

namespace {
Napi::Value toArray(Napi::Env env, const std::vector<int>& v) {
  Napi::Array a = Napi::Array::New(env, v.size());
  for (uint32_t i = 0; i < v.size(); ++i) a.Set(i, Napi::Number::New(env, v[i]));
  return a;
}
}  // namespace

Napi::Value EnvWrap::JSMinimalActions(const Napi::CallbackInfo& info) { return toArray(info.Env(), env_->minimalActions()); }
Napi::Value EnvWrap::JSLegalActions(const Napi::CallbackInfo& info) { return toArray(info.Env(), env_->legalActions()); }

Napi::Value EnvWrap::JSSaveState(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    bool includeRng = info.Length() > 0 && info[0].ToBoolean().Value();
    std::vector<uint8_t> s = env_->saveState(includeRng);
    return Napi::Buffer<uint8_t>::Copy(info.Env(), s.data(), s.size());
  });
}

Napi::Value EnvWrap::JSLoadState(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Uint8Array data = info[0].As<Napi::Uint8Array>();
    env_->loadState(data.Data(), data.ByteLength());
    return info.Env().Undefined();
  });
}

Napi::Value EnvWrap::JSTrackSources(const Napi::CallbackInfo& info) {
  env_->setTrackSources(info[0].ToBoolean().Value());
  return info.Env().Undefined();
}

Napi::Value EnvWrap::JSDrawPixels(const Napi::CallbackInfo& info) {
  env_->setDrawPixels(info[0].ToBoolean().Value());
  return info.Env().Undefined();
}

// sourcesInto(out: Uint8Array[h*160]) -> false when tracking is off
Napi::Value EnvWrap::JSSourcesInto(const Napi::CallbackInfo& info) {
  const uint8_t* src = env_->pixelSources();
  if (!src) return Napi::Boolean::New(info.Env(), false);
  Napi::Uint8Array out = info[0].As<Napi::Uint8Array>();
  std::memcpy(out.Data(), src, size_t(160 * env_->screenHeight()));
  return Napi::Boolean::New(info.Env(), true);
}

Napi::Value EnvWrap::JSSeed(const Napi::CallbackInfo& info) {
  env_->seed(info[0].As<Napi::Number>().Uint32Value());
  return info.Env().Undefined();
}

}  // namespace ha
