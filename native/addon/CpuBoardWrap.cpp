// Test-only JS class `_CpuBoard`: the 6507 core on a flat 64K RAM board, for
// the 6502 functional test and cycle/bus-access tests. Not part of the public
// API (leading underscore).
#include <napi.h>

#include <vector>

#include "core/Bus.h"
#include "core/M6502.h"

namespace ha {

namespace {

// 64K of RAM that records every access when logging is on.
class LoggingRam : public Device {
 public:
  uint8_t mem[0x10000] = {};
  bool logging = false;
  struct Access {
    uint32_t cycle;
    uint16_t addr;
    uint8_t value;
    bool write;
  };
  std::vector<Access> log;
  const Bus* bus = nullptr;

  uint8_t peek(uint16_t addr) override {
    if (logging) log.push_back({bus->cycles(), addr, mem[addr], false});
    return mem[addr];
  }
  void poke(uint16_t addr, uint8_t v) override {
    if (logging) log.push_back({bus->cycles(), addr, v, true});
    mem[addr] = v;
  }
};

class CpuBoardWrap : public Napi::ObjectWrap<CpuBoardWrap> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "_CpuBoard",
                       {
                           InstanceMethod("setRegisters", &CpuBoardWrap::SetRegisters),
                           InstanceMethod("run", &CpuBoardWrap::Run),
                           InstanceMethod("log", &CpuBoardWrap::Log),
                           InstanceMethod("peek", &CpuBoardWrap::Peek),
                       });
  }

  // new _CpuBoard(image: Uint8Array (<= 64K, loaded at 0), logAccesses: boolean)
  explicit CpuBoardWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<CpuBoardWrap>(info), bus_(0xFFFF), cpu_(bus_) {
    Napi::Uint8Array image = info[0].As<Napi::Uint8Array>();
    size_t n = std::min<size_t>(image.ByteLength(), sizeof ram_.mem);
    std::copy(image.Data(), image.Data() + n, ram_.mem);
    ram_.logging = info.Length() > 1 && info[1].ToBoolean().Value();
    ram_.bus = &bus_;
    for (uint32_t page = 0; page < uint32_t(Bus::kMaxPages); ++page) {
      PageAccess a;
      a.device = &ram_;
      if (!ram_.logging) {
        a.peekBase = &ram_.mem[page << Bus::kPageShift];
        a.pokeBase = &ram_.mem[page << Bus::kPageShift];
      }
      bus_.setPage(uint16_t(page), a);
    }
  }

 private:
  // setRegisters({pc, a, x, y, sp, p})
  Napi::Value SetRegisters(const Napi::CallbackInfo& info) {
    Napi::Object o = info[0].As<Napi::Object>();
    auto get = [&](const char* k, uint32_t d) { return o.Has(k) ? o.Get(k).As<Napi::Number>().Uint32Value() : d; };
    cpu_.setRegisters(uint16_t(get("pc", 0)), uint8_t(get("a", 0)), uint8_t(get("x", 0)), uint8_t(get("y", 0)), uint8_t(get("sp", 0xFF)),
                      uint8_t(get("p", 0x24)));
    return info.Env().Undefined();
  }

  // run(maxInstructions, stopOnSelfLoop) -> registers, cycles, instructions, selfLoop
  Napi::Value Run(const Napi::CallbackInfo& info) {
    double max = info[0].As<Napi::Number>().DoubleValue();
    bool stopOnLoop = info.Length() > 1 && info[1].ToBoolean().Value();
    uint64_t start = cpu_.instructionCount();
    bool selfLoop = false;
    for (double i = 0; i < max && !cpu_.halted(); ++i) {
      uint16_t pc = cpu_.pc();
      cpu_.execute(1);
      if (stopOnLoop && cpu_.pc() == pc) {
        selfLoop = true;
        break;
      }
    }
    Napi::Env env = info.Env();
    Napi::Object r = Napi::Object::New(env);
    r.Set("pc", cpu_.pc());
    r.Set("a", cpu_.a());
    r.Set("x", cpu_.x());
    r.Set("y", cpu_.y());
    r.Set("sp", cpu_.sp());
    r.Set("p", cpu_.status());
    r.Set("cycles", double(bus_.cycles()));
    r.Set("instructions", double(cpu_.instructionCount() - start));
    r.Set("selfLoop", selfLoop);
    r.Set("halted", cpu_.halted());
    return r;
  }

  // log() -> [{cycle, addr, value, write}] since construction
  Napi::Value Log(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Array out = Napi::Array::New(env, ram_.log.size());
    for (uint32_t i = 0; i < ram_.log.size(); ++i) {
      Napi::Object e = Napi::Object::New(env);
      e.Set("cycle", ram_.log[i].cycle);
      e.Set("addr", ram_.log[i].addr);
      e.Set("value", ram_.log[i].value);
      e.Set("write", ram_.log[i].write);
      out.Set(i, e);
    }
    return out;
  }

  Napi::Value Peek(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), ram_.mem[info[0].As<Napi::Number>().Uint32Value() & 0xFFFF]);
  }

  LoggingRam ram_;
  Bus bus_;
  M6502 cpu_;
};

}  // namespace

Napi::Function InitCpuBoard(Napi::Env env) { return CpuBoardWrap::Init(env); }

}  // namespace ha
