// ALE semantics over the console (GAME_FACTS §1): the reset_game procedure,
// act() with per-frame sticky actions and ALE's two RNG draws per frame,
// frame counters, truncation, and the per-game rules from roms-config.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/Console.h"
#include "core/Random.h"
#include "env/GameRules.h"
#include "env/StepStatus.h"

namespace ha {

enum Action : int {
  kNoop = 0,
  kFire,
  kUp,
  kRight,
  kLeft,
  kDown,
  kUpRight,
  kUpLeft,
  kDownRight,
  kDownLeft,
  kUpFire,
  kRightFire,
  kLeftFire,
  kDownFire,
  kUpRightFire,
  kUpLeftFire,
  kDownRightFire,
  kDownLeftFire,
  kPlayerBNoop = 18,
  kReset = 40,
};

// One step of a scripted mode set-up (games set through an options menu
// rather than by cycling SELECT). Expressions may read `mode`.
struct ModeScriptStep {
  int select = 0;          // hold SELECT this many frames (one press)
  bool softReset = false;  // press RESET (a soft reset)
  std::vector<int> press;  // ALE steps (actions), done once, or repeated:
  std::string when;        // only if this holds (empty: always)
  std::string until;       // repeat `press` until this holds
  std::string changes;     // repeat `press` until this value changes
};

struct ModeSpec {
  std::vector<int> values;                                 // available modes; empty = single-mode game
  std::string reached;                                     // expression: true once RAM shows `mode`
  int selectFrames = 1;                                    // frames SELECT is held per press
  int waitSteps = 0;                                       // NOOP steps before the mode is first read
  int openSelectFrames = 0;                                // one SELECT press of this length before the mode is first read
  int settleSteps = 0;                                     // NOOP steps after each press (debounced switches)
  int selectFramesRandom = 0;                              // > 0: each press holds selectFrames + rng % this frames (ALE's Adventure)
  bool resetFirst = false;                                 // one soft reset before the mode is first read
  std::vector<std::pair<std::string, int64_t>> onReached;  // rule variables set just before the mode's soft reset
  std::vector<ModeScriptStep> script;                      // replaces the SELECT loop when not empty
};

struct GameSpec {
  ConsoleConfig console;
  std::vector<int> minimalActions;
  std::vector<int> illegalActions;
  std::vector<int> startingActions;
  std::vector<int> difficulties{0};
  int paddleMax = 0;  // 0: ALE's default paddle_max
  ModeSpec modes;
  RulesSpec rules;
};

struct EnvSettings {
  float repeatActionProbability = 0.0f;
  int frameSkip = 1;                // ALE's internal frame skip
  int64_t maxFramesPerEpisode = 0;  // 0 = no limit
  bool truncateOnLossOfLife = false;
  uint32_t seed = 0;  // sticky-action RNG seed
  int mode = -1;      // -1 = the game's default mode
  int difficulty = 0;
};

class AleEnv {
 public:
  AleEnv(std::vector<uint8_t> rom, const GameSpec& spec, const EnvSettings& settings);

  void reset();
  // One ALE act(): frameSkip emulated frames of `action` (player A), returns
  // the summed reward. Frames are not emulated once the episode is over.
  int64_t act(int action, float paddleStrength = 1.0f);
  // One agent step: `frames` act() calls with one action, their summed reward
  // and the status after them. Every frame loop above ALE's act() is this one.
  StepStatus step(int action, int frames, float paddleStrength = 1.0f);
  // The status now, with no reward.
  StepStatus status() const;

  bool terminated() const { return rules_.terminal(); }
  bool truncated() const;
  bool gameOver() const { return terminated() || truncated(); }
  int64_t lives() const { return rules_.lives(); }
  uint64_t frameNumber() const { return frame_; }
  uint64_t episodeFrameNumber() const { return episodeFrame_; }

  const uint8_t* ram() const { return console_->ram(); }
  // ALE's setRAM: overwrite one byte of RIOT RAM ($80 + index) between frames.
  void setRam(int index, uint8_t value) { console_->ram()[index & 0x7F] = value; }
  const uint8_t* screen() const { return console_->screen(); }
  // Which TIA objects are present at each pixel (for checking object maps);
  // null unless tracking was switched on.
  void setTrackSources(bool on) { console_->setTrackSources(on); }
  // Off: frames are emulated exactly (RAM, collisions) without drawing the
  // picture, which screen() then does not show.
  void setDrawPixels(bool on) { console_->setDrawPixels(on); }
  const uint8_t* pixelSources() const { return console_->pixelSources(); }
  int screenHeight() const { return console_->screenHeight(); }
  uint32_t lastFrameScanlines() const { return console_->lastFrameScanlines(); }
  const std::vector<int>& minimalActions() const { return spec_.minimalActions; }
  std::vector<int> legalActions() const;

  void setMode(int mode);
  void setDifficulty(int difficulty);
  int mode() const { return mode_; }
  int difficulty() const { return difficulty_; }
  // Reseeds the sticky-action RNG (does not reset the game).
  void seed(uint32_t s) { rng_.seed(s); }

  std::vector<uint8_t> saveState(bool includeRng) const;
  void loadState(const uint8_t* data, size_t size);

  const std::string& md5() const { return md5_; }
  void setMd5(std::string md5) { md5_ = std::move(md5); }

 private:
  void emulate(int actionA, int actionB, float strengthA, float strengthB, int frames);
  void applyInput(int actionA, int actionB, float strengthA, float strengthB);
  void softReset();
  RuleMemory memory() const { return {console_->ram(), console_->cartRam()}; }
  void pressSelect(int frames);
  void applyMode();
  void runModeScript();
  int64_t oneStepAct(int actionA, int actionB, float strengthA, float strengthB);
  bool isLegal(int action) const;
  const uint8_t* checkedBody(const uint8_t* data, size_t size, size_t& length) const;
  void loadBody(const uint8_t* body, size_t length);

  GameSpec spec_;
  EnvSettings settings_;
  std::unique_ptr<Console> console_;
  GameRules rules_;
  std::unique_ptr<RuleExpr> modeReached_;
  Random rng_;
  bool usePaddles_ = false;
  int32_t paddleMin_ = 27450, paddleMax_ = 790196;
  int32_t paddle_[2] = {0, 0};
  int lastAction_[2] = {kNoop, kNoop};
  float lastStrength_[2] = {1.0f, 1.0f};
  uint64_t frame_ = 0, episodeFrame_ = 0;
  int mode_ = 0, difficulty_ = 0;
  int64_t maxLives_ = 0;
  std::string md5_;
};

}  // namespace ha
