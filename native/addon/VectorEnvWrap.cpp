// JS class `NativeVectorEnv`: N environments of one game stepped per call on
// a thread pool. Results are written into typed arrays the caller allocates
// once and passes in at construction (kept alive by references here).
#include <napi.h>

#include <memory>
#include <thread>

#include "addon/Convert.h"
#include "env/VectorEnv.h"

namespace ha {

namespace {

class VectorEnvWrap : public Napi::ObjectWrap<VectorEnvWrap> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "NativeVectorEnv",
                       {
                           InstanceMethod("resetAll", &VectorEnvWrap::ResetAll),
                           InstanceMethod("send", &VectorEnvWrap::Send),
                           InstanceMethod("recv", &VectorEnvWrap::Recv),
                           InstanceMethod("step", &VectorEnvWrap::Step),
                           InstanceMethod("threads", &VectorEnvWrap::Threads),
                           InstanceMethod("close", &VectorEnvWrap::Close),
                       });
  }

  // new NativeVectorEnv(rom, md5, spec, settings[], options { frameSkip, threads, drawScreen, preprocess? }, outputs {...})
  // (preprocess: { grayscale, width, height, maxPool, stack, noopMax, episodicLife, clipRewards }, checked in TypeScript)
  explicit VectorEnvWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<VectorEnvWrap>(info) {
    Napi::Env env = info.Env();
    guarded(env, [&]() -> Napi::Value {
      Napi::Uint8Array rom = info[0].As<Napi::Uint8Array>();
      std::string md5 = info[1].As<Napi::String>().Utf8Value();
      GameSpec spec = readSpec(info[2].As<Napi::Object>());
      Napi::Array settings = info[3].As<Napi::Array>();
      Napi::Object options = info[4].As<Napi::Object>();
      Napi::Object out = info[5].As<Napi::Object>();
      bool drawScreen = options.Get("drawScreen").ToBoolean().Value();
      std::vector<std::unique_ptr<AleEnv>> envs;
      std::vector<uint32_t> seeds;
      for (uint32_t i = 0; i < settings.Length(); ++i) {
        std::vector<uint8_t> bytes(rom.Data(), rom.Data() + rom.ByteLength());
        EnvSettings es = readSettings(settings.Get(i).As<Napi::Object>());
        seeds.push_back(es.seed);
        envs.push_back(std::make_unique<AleEnv>(std::move(bytes), spec, es));
        envs.back()->setMd5(md5);
        envs.back()->setDrawPixels(drawScreen);
      }
      VectorOutputs o;
      o.reward = keep<Napi::Float64Array>(out, "reward").Data();
      o.terminated = keep<Napi::Uint8Array>(out, "terminated").Data();
      o.truncated = keep<Napi::Uint8Array>(out, "truncated").Data();
      o.reset = keep<Napi::Uint8Array>(out, "reset").Data();
      o.lives = keep<Napi::Int32Array>(out, "lives").Data();
      o.frame = keep<Napi::Float64Array>(out, "frame").Data();
      o.episodeFrame = keep<Napi::Float64Array>(out, "episodeFrame").Data();
      o.ram = keep<Napi::Uint8Array>(out, "ram").Data();
      if (drawScreen) o.screen = keep<Napi::Uint8Array>(out, "screen").Data();
      PreprocessSpec pre;
      Napi::Value p = options.Get("preprocess");
      if (p.IsObject()) {
        Napi::Object po = p.As<Napi::Object>();
        pre.enabled = true;
        pre.grayscale = po.Get("grayscale").ToBoolean().Value();
        pre.width = po.Get("width").As<Napi::Number>().Int32Value();
        pre.height = po.Get("height").As<Napi::Number>().Int32Value();
        pre.maxPool = po.Get("maxPool").ToBoolean().Value();
        pre.stack = po.Get("stack").As<Napi::Number>().Int32Value();
        pre.noopMax = po.Get("noopMax").As<Napi::Number>().Int32Value();
        pre.episodicLife = po.Get("episodicLife").ToBoolean().Value();
        pre.clipRewards = po.Get("clipRewards").ToBoolean().Value();
        o.obs = keep<Napi::Uint8Array>(out, "obs").Data();
      }
      int threads = options.Get("threads").As<Napi::Number>().Int32Value();
      vec_ = std::make_unique<VectorEnv>(std::move(envs), options.Get("frameSkip").As<Napi::Number>().Int32Value(), threads, o, drawScreen,
                                         pre, seeds);
      return env.Undefined();
    });
  }

 private:
  template <typename T>
  T keep(const Napi::Object& out, const char* key) {
    T array = out.Get(key).As<T>();
    buffers_.push_back(Napi::Persistent(array.template As<Napi::Object>()));
    return array;
  }

  VectorEnv& vec(Napi::Env env) {
    if (!vec_) throw EmuError("ERR_BAD_ARGUMENT", "the vector environment is closed");
    return *vec_;
  }

  Napi::Value ResetAll(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&]() -> Napi::Value {
      vec(info.Env()).resetAll();
      return info.Env().Undefined();
    });
  }

  // send(actions: Int32Array of ALE action ids)
  Napi::Value Send(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&]() -> Napi::Value {
      vec(info.Env()).send(info[0].As<Napi::Int32Array>().Data());
      return info.Env().Undefined();
    });
  }

  Napi::Value Recv(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&]() -> Napi::Value {
      vec(info.Env()).recv();
      return info.Env().Undefined();
    });
  }

  Napi::Value Step(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&]() -> Napi::Value {
      vec(info.Env()).step(info[0].As<Napi::Int32Array>().Data());
      return info.Env().Undefined();
    });
  }

  Napi::Value Threads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), vec_ ? vec_->threads() : 0); }

  // Stops the threads and frees the emulators (also done by the GC).
  Napi::Value Close(const Napi::CallbackInfo& info) {
    vec_.reset();
    buffers_.clear();
    return info.Env().Undefined();
  }

  std::unique_ptr<VectorEnv> vec_;
  std::vector<Napi::ObjectReference> buffers_;
};

}  // namespace

Napi::Function InitVectorEnv(Napi::Env env) { return VectorEnvWrap::Init(env); }

}  // namespace ha
