// N environments stepped together on a thread pool: one call steps them all,
// and the results land in caller-owned arrays (shared with JavaScript as
// typed arrays, so nothing is copied per environment). Episodes reset
// automatically on the step after they end (Gymnasium's next-step autoreset).
#pragma once
#include <cstdint>
#include <exception>
#include <memory>
#include <vector>

#include "core/Random.h"
#include "env/AleEnv.h"
#include "env/Preprocess.h"
#include "env/ThreadPool.h"

namespace ha {

// Where step results go: one entry per environment (ram: 128 bytes each,
// screen: 160 x height each, or null for none).
struct VectorOutputs {
  double* reward = nullptr;
  uint8_t* terminated = nullptr;
  uint8_t* truncated = nullptr;
  uint8_t* reset = nullptr;  // 1 where this step started a new episode
  int32_t* lives = nullptr;
  double* frame = nullptr;
  double* episodeFrame = nullptr;
  uint8_t* ram = nullptr;
  uint8_t* screen = nullptr;
  uint8_t* obs = nullptr;  // preprocessed observations (Preprocessor::observationSize() each), or null
};

class VectorEnv {
 public:
  // `seeds` seed each environment's no-op starts (with spec.noopMax).
  VectorEnv(std::vector<std::unique_ptr<AleEnv>> envs, int frameSkip, int threads, const VectorOutputs& out, bool drawScreen = false,
            const PreprocessSpec& spec = {}, const std::vector<uint32_t>& seeds = {});

  int threads() const { return pool_.threads(); }

  // Resets every environment and writes their first observations.
  void resetAll();
  // Starts a step of every environment with these ALE action ids.
  void send(const int32_t* actions);
  // Waits for the step started by send() (helping with it).
  void recv();
  void step(const int32_t* actions) {
    send(actions);
    recv();
  }

 private:
  void stepOne(size_t i);
  // A new episode (or, after a life lost under episodicLife, the game going on).
  void startEpisode(size_t i);
  // One step of environment i, its observation made when preprocessing.
  StepStatus emulate(size_t i, int action, bool firstOfEpisode);
  // Writes environment i's step (or reset) into the outputs.
  void record(size_t i, const StepStatus& s, bool reset);

  std::vector<std::unique_ptr<AleEnv>> envs_;
  int frameSkip_;
  VectorOutputs out_;
  std::vector<int32_t> actions_;
  std::vector<uint8_t> needsReset_;
  bool drawScreen_;
  PreprocessSpec spec_;
  std::unique_ptr<Preprocessor> pre_;
  // Per environment, with preprocessing: the step's colour values, the
  // palette values of the frame pooled with the last, the no-op RNG, the
  // lives last seen and whether a life was just lost.
  std::vector<std::vector<uint8_t>> colours_, poolFrame_;
  std::vector<Random> noopRng_;
  std::vector<int64_t> lives_;
  std::vector<uint8_t> lifeLost_;
  std::exception_ptr error_;
  std::mutex errorMutex_;
  ThreadPool pool_;
};

}  // namespace ha
