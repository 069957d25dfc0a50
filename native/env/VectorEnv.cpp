#include "env/VectorEnv.h"

#include <cstring>

namespace ha {

VectorEnv::VectorEnv(std::vector<std::unique_ptr<AleEnv>> envs, int frameSkip, int threads, const VectorOutputs& out, bool drawScreen,
                     const PreprocessSpec& spec, const std::vector<uint32_t>& seeds)
    : envs_(std::move(envs)),
      frameSkip_(frameSkip < 1 ? 1 : frameSkip),
      out_(out),
      actions_(envs_.size(), 0),
      needsReset_(envs_.size(), 0),
      drawScreen_(drawScreen),
      spec_(spec),
      lives_(envs_.size(), 0),
      lifeLost_(envs_.size(), 0),
      pool_(threads < 1 ? 1 : threads) {
  if (!spec_.enabled || envs_.empty()) return;
  pre_ = std::make_unique<Preprocessor>(spec_, envs_[0]->screenHeight());
  colours_.assign(envs_.size(), std::vector<uint8_t>(pre_->screenValues()));
  poolFrame_.assign(envs_.size(), std::vector<uint8_t>(size_t(160) * size_t(envs_[0]->screenHeight())));
  for (size_t i = 0; i < envs_.size(); ++i) noopRng_.emplace_back(i < seeds.size() ? seeds[i] ^ 0x9E3779B9u : uint32_t(i));
}

void VectorEnv::record(size_t i, const StepStatus& s, bool reset) {
  AleEnv& e = *envs_[i];
  out_.reward[i] = spec_.clipRewards ? double((s.reward > 0) - (s.reward < 0)) : double(s.reward);
  lives_[i] = s.lives;
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
    lifeLost_[i] = 0;
    startEpisode(i);
  });
  pool_.wait();
}

void VectorEnv::startEpisode(size_t i) {
  AleEnv& e = *envs_[i];
  if (lifeLost_[i] && !e.gameOver()) {
    // episodicLife: the game goes on; one NOOP step starts the agent's next episode.
    lifeLost_[i] = 0;
    StepStatus s = emulate(i, kNoop, true);
    s.reward = 0;
    record(i, s, true);
    return;
  }
  lifeLost_[i] = 0;
  if (!pre_) {
    e.reset();
    record(i, e.status(), true);
    return;
  }
  e.setDrawPixels(true);
  e.reset();
  if (spec_.noopMax > 0) {
    uint32_t noops = 1 + noopRng_[i].next() % uint32_t(spec_.noopMax);
    for (uint32_t k = 0; k < noops; ++k) {
      e.step(kNoop, 1);
      if (e.gameOver()) e.reset();
    }
  }
  pre_->colours(e.screen(), colours_[i].data());
  pre_->push(colours_[i].data(), out_.obs + pre_->observationSize() * i, true);
  if (!drawScreen_) e.setDrawPixels(false);
  record(i, e.status(), true);
}

StepStatus VectorEnv::emulate(size_t i, int action, bool firstOfEpisode) {
  AleEnv& e = *envs_[i];
  if (!pre_) return e.step(action, frameSkip_);
  // Only the frames the observation is made of are drawn (unless the screens are asked for).
  bool pool = spec_.maxPool && frameSkip_ >= 2;
  int drawn = pool ? 2 : 1;
  int64_t reward = 0;
  if (frameSkip_ > drawn) reward += e.step(action, frameSkip_ - drawn).reward;
  e.setDrawPixels(true);
  StepStatus s;
  if (pool) {
    // The first frame's palette values are kept; the pooling converts both at once.
    reward += e.step(action, 1).reward;
    std::memcpy(poolFrame_[i].data(), e.screen(), size_t(160) * size_t(e.screenHeight()));
    s = e.step(action, 1);
    pre_->pooledColours(poolFrame_[i].data(), e.screen(), colours_[i].data());
  } else {
    s = e.step(action, 1);
    pre_->colours(e.screen(), colours_[i].data());
  }
  if (!drawScreen_) e.setDrawPixels(false);
  pre_->push(colours_[i].data(), out_.obs + pre_->observationSize() * i, firstOfEpisode);
  s.reward += reward;
  return s;
}

void VectorEnv::stepOne(size_t i) {
  try {
    if (needsReset_[i]) {
      startEpisode(i);
      return;
    }
    StepStatus s = emulate(i, actions_[i], false);
    if (spec_.episodicLife && s.lives < lives_[i] && s.lives > 0 && !s.terminated && !s.truncated) {
      s.terminated = true;
      lifeLost_[i] = 1;
    }
    record(i, s, false);
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
