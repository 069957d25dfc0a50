#include "env/VectorEnv.h"

#include <cstring>

namespace ha {

VectorEnv::VectorEnv(std::vector<std::unique_ptr<AleEnv>> envs, int frameSkip, int threads, const VectorOutputs& out)
    : envs_(std::move(envs)),
      frameSkip_(frameSkip < 1 ? 1 : frameSkip),
      out_(out),
      actions_(envs_.size(), 0),
      needsReset_(envs_.size(), 0),
      pool_(threads < 1 ? 1 : threads) {}

void VectorEnv::record(size_t i, const StepStatus& s, bool reset) {
  AleEnv& e = *envs_[i];
  out_.reward[i] = double(s.reward);
  out_.reset[i] = reset;
  out_.terminated[i] = s.terminated;
  out_.truncated[i] = s.truncated;
  out_.lives[i] = int32_t(s.lives);
  out_.frame[i] = double(s.frame);
  out_.episodeFrame[i] = double(s.episodeFrame);
  std::memcpy(out_.ram + 128 * i, e.ram(), 128);
  if (out_.screen) {
    size_t size = size_t(160 * e.screenHeight());
    std::memcpy(out_.screen + size * i, e.screen(), size);
  }
  needsReset_[i] = s.terminated || s.truncated;
}

void VectorEnv::resetAll() {
  pool_.start(envs_.size(), [this](size_t i) {
    envs_[i]->reset();
    record(i, envs_[i]->status(), true);
  });
  pool_.wait();
}

void VectorEnv::stepOne(size_t i) {
  try {
    AleEnv& e = *envs_[i];
    if (needsReset_[i]) {
      e.reset();
      record(i, e.status(), true);
    } else {
      record(i, e.step(actions_[i], frameSkip_), false);
    }
  } catch (...) {
    std::lock_guard<std::mutex> lock(errorMutex_);
    if (!error_) error_ = std::current_exception();
  }
}

void VectorEnv::send(const int32_t* actions) {
  if (pool_.busy()) recv();
  std::memcpy(actions_.data(), actions, sizeof(int32_t) * envs_.size());
  pool_.start(envs_.size(), [this](size_t i) { stepOne(i); });
}

void VectorEnv::recv() {
  pool_.wait();
  if (error_) {
    std::exception_ptr e = error_;
    error_ = nullptr;
    std::rethrow_exception(e);
  }
}

}  // namespace ha
