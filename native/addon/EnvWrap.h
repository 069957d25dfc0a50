// JS class `NativeEnv`: one emulator for N-API (VectorEnvWrap and CpuBoardWrap are the other classes). Arguments
// are validated in TypeScript (src/env); here we read them with typed helpers
// and turn core exceptions into the JS error class registered at load time.
#pragma once
#include <napi.h>

#include <memory>
#include <vector>

#include "env/AleEnv.h"
#include "env/Preprocess.h"

namespace ha {

class EnvWrap : public Napi::ObjectWrap<EnvWrap> {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit EnvWrap(const Napi::CallbackInfo& info);

 private:
  Napi::Value JSReset(const Napi::CallbackInfo& info);
  Napi::Value JSAct(const Napi::CallbackInfo& info);
  Napi::Value JSStep(const Napi::CallbackInfo& info);
  Napi::Value JSStatus(const Napi::CallbackInfo& info);
  Napi::Value JSStatusView(const Napi::CallbackInfo& info);
  Napi::Value JSRamInto(const Napi::CallbackInfo& info);
  Napi::Value JSSetRam(const Napi::CallbackInfo& info);
  Napi::Value JSScreenInto(const Napi::CallbackInfo& info);
  Napi::Value JSRgbInto(const Napi::CallbackInfo& info);
  Napi::Value JSGrayscaleInto(const Napi::CallbackInfo& info);
  Napi::Value JSResizedInto(const Napi::CallbackInfo& info);
  Napi::Value JSScreenHeight(const Napi::CallbackInfo& info);
  Napi::Value JSMinimalActions(const Napi::CallbackInfo& info);
  Napi::Value JSLegalActions(const Napi::CallbackInfo& info);
  Napi::Value JSSaveState(const Napi::CallbackInfo& info);
  Napi::Value JSLoadState(const Napi::CallbackInfo& info);
  Napi::Value JSSeed(const Napi::CallbackInfo& info);
  Napi::Value JSTrackSources(const Napi::CallbackInfo& info);
  Napi::Value JSDrawPixels(const Napi::CallbackInfo& info);
  Napi::Value JSSourcesInto(const Napi::CallbackInfo& info);

  std::unique_ptr<AleEnv> env_;
  // The status every step reports (StepStatus.h's slots), in a buffer JS reads
  // without a call (see JSStatusView); kept alive by the reference, so its
  // data stays put.
  Napi::Reference<Napi::ArrayBuffer> statusBuffer_;
  double* status_ = nullptr;
  // The resize of the last resizedInto() shape, kept for the next call, and its colour values.
  std::unique_ptr<Preprocessor> resizer_;
  PreprocessSpec resizeSpec_;
  std::vector<uint8_t> resizeScratch_;
};

}  // namespace ha
