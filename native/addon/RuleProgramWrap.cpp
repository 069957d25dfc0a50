// JS class `NativeRuleProgram`: the rule language (env/RuleExpr) for object
// maps, so TypeScript evaluates expressions with the same engine as the
// games' rules. One call evaluates every object of a map on one RAM.
#include <napi.h>

#include <memory>

#include "addon/Convert.h"
#include "env/RuleExpr.h"

namespace ha {

namespace {

std::vector<std::string> strings(const Napi::Array& a) {
  std::vector<std::string> out;
  for (uint32_t i = 0; i < a.Length(); ++i) out.push_back(a.Get(i).As<Napi::String>().Utf8Value());
  return out;
}

class RuleProgramWrap : public Napi::ObjectWrap<RuleProgramWrap> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "NativeRuleProgram",
                       {InstanceMethod("bind", &RuleProgramWrap::Bind), InstanceMethod("run", &RuleProgramWrap::Run),
                        InstanceMethod("outputs", &RuleProgramWrap::Outputs)});
  }

  // new NativeRuleProgram(blocks: { names: string[] ('' for an output only), sources: string[],
  //                                 inputs: string[], rows: number[] (copies x inputs), copies: number,
  //                                 gate: number (a step whose 0 ends the copy, or -1) }[])
  explicit RuleProgramWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<RuleProgramWrap>(info) {
    guarded(info.Env(), [&]() -> Napi::Value {
      Napi::Array blocks = info[0].As<Napi::Array>();
      std::vector<RuleProgram::BlockSpec> specs;
      for (uint32_t b = 0; b < blocks.Length(); ++b) {
        Napi::Object o = blocks.Get(b).As<Napi::Object>();
        RuleProgram::BlockSpec spec;
        std::vector<std::string> names = strings(o.Get("names").As<Napi::Array>());
        std::vector<std::string> sources = strings(o.Get("sources").As<Napi::Array>());
        for (size_t i = 0; i < sources.size(); ++i) spec.steps.push_back({i < names.size() ? names[i] : "", sources[i]});
        spec.inputs = strings(o.Get("inputs").As<Napi::Array>());
        Napi::Array rows = o.Get("rows").As<Napi::Array>();
        for (uint32_t i = 0; i < rows.Length(); ++i) spec.rows.push_back(rows.Get(i).As<Napi::Number>().DoubleValue());
        spec.copies = o.Get("copies").As<Napi::Number>().Uint32Value();
        spec.gate = o.Get("gate").As<Napi::Number>().Int32Value();
        specs.push_back(std::move(spec));
      }
      program_ = std::make_unique<RuleProgram>(specs);
      return info.Env().Undefined();
    });
  }

 private:
  // bind(ram: Uint8Array(128), out: Float64Array(outputs())): the arrays every
  // run() reads and writes (kept alive here), so a run converts no arguments.
  // Sizes are checked on the TypeScript side.
  Napi::Value Bind(const Napi::CallbackInfo& info) {
    Napi::Uint8Array ram = info[0].As<Napi::Uint8Array>();
    Napi::Float64Array out = info[1].As<Napi::Float64Array>();
    ramRef_ = Napi::Persistent(ram.As<Napi::Object>());
    outRef_ = Napi::Persistent(out.As<Napi::Object>());
    ram_ = ram.Data();
    out_ = out.Data();
    return info.Env().Undefined();
  }

  Napi::Value Run(const Napi::CallbackInfo& info) {
    program_->run({ram_}, out_);
    return info.Env().Undefined();
  }

  Napi::Value Outputs(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), double(program_->outputs())); }

  std::unique_ptr<RuleProgram> program_;
  Napi::ObjectReference ramRef_, outRef_;
  const uint8_t* ram_ = nullptr;
  double* out_ = nullptr;
};

}  // namespace

Napi::Function InitRuleProgram(Napi::Env env) { return RuleProgramWrap::Init(env); }

}  // namespace ha
