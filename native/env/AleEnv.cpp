#include "env/AleEnv.h"

#include <algorithm>
#include <cmath>

#include "core/Errors.h"

namespace ha {

namespace {
constexpr int32_t kPaddleDelta = 23000;
constexpr const char* kStateMagic = "HZA-STATE";
constexpr uint32_t kStateVersion = 1;

bool hasRight(int a) {
  return a == kRight || a == kRightFire || a == kUpRight || a == kDownRight || a == kUpRightFire || a == kDownRightFire;
}
bool hasLeft(int a) { return a == kLeft || a == kLeftFire || a == kUpLeft || a == kDownLeft || a == kUpLeftFire || a == kDownLeftFire; }
bool hasUp(int a) { return a == kUp || a == kUpRight || a == kUpLeft || a == kUpFire || a == kUpRightFire || a == kUpLeftFire; }
bool hasDown(int a) {
  return a == kDown || a == kDownRight || a == kDownLeft || a == kDownFire || a == kDownRightFire || a == kDownLeftFire;
}
bool hasFire(int a) { return a == kFire || (a >= kUpFire && a <= kDownLeftFire); }

uint64_t fnv1a(const uint8_t* p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}
}  // namespace

AleEnv::AleEnv(std::vector<uint8_t> rom, const GameSpec& spec, const EnvSettings& settings)
    : spec_(spec), settings_(settings), rules_(spec.rules), rng_(settings.seed) {
  if (settings_.frameSkip < 1) settings_.frameSkip = 1;
  console_ = std::make_unique<Console>(std::move(rom), spec_.console);
  if (spec_.paddleMax > 0) paddleMax_ = spec_.paddleMax;
  usePaddles_ = spec_.console.left == ControllerType::Paddles || spec_.console.right == ControllerType::Paddles;
  paddle_[0] = paddle_[1] = (paddleMin_ + paddleMax_) / 2;
  if (!spec_.modes.values.empty()) modeReached_ = std::make_unique<RuleExpr>(spec_.modes.reached, rules_.slots());
  for (const auto& entry : spec_.modes.onReached)
    if (!rules_.slots().count(entry.first)) throw ConfigError("modes.onReached sets \"" + entry.first + "\", which no rule uses");
  // ALE's loadROM: the console is reset in the game's default mode with the
  // difficulty switches at 0. A requested variation is checked now and, as
  // after ALE's setMode/setDifficulty, takes effect at the next reset (a reset
  // from a running console, which is not the same as the first).
  int defaultMode = spec_.modes.values.empty() ? 0 : spec_.modes.values.front();
  setMode(settings_.mode < 0 ? defaultMode : settings_.mode);
  // Not asked for (-1): ALE's own 0, whether or not the game lists it (Backgammon lists only 3).
  if (settings_.difficulty >= 0) setDifficulty(settings_.difficulty);
  const int requestedMode = mode_, requestedDifficulty = difficulty_;
  mode_ = defaultMode;
  difficulty_ = 0;
  reset();
  maxLives_ = lives();
  mode_ = requestedMode;
  difficulty_ = requestedDifficulty;
}

std::vector<int> AleEnv::legalActions() const {
  std::vector<int> out;
  for (int a = 0; a < 18; ++a)
    if (isLegal(a)) out.push_back(a);
  return out;
}

bool AleEnv::isLegal(int action) const {
  return std::find(spec_.illegalActions.begin(), spec_.illegalActions.end(), action) == spec_.illegalActions.end();
}

namespace {
// "0, 1, 2, ... 5002 (153 values)" for error messages.
std::string listOf(const std::vector<int>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i == 8 && values.size() > 10) {
      out += ", ... " + std::to_string(values.back()) + " (" + std::to_string(values.size()) + " values)";
      break;
    }
    out += (i ? ", " : "") + std::to_string(values[i]);
  }
  return out;
}
}  // namespace

void AleEnv::setMode(int mode) {
  const std::vector<int> values = spec_.modes.values.empty() ? std::vector<int>{0} : spec_.modes.values;
  if (std::find(values.begin(), values.end(), mode) == values.end())
    throw ConfigError("mode " + std::to_string(mode) + " is not available for this game (its modes: " + listOf(values) + ")");
  mode_ = mode;
}

void AleEnv::setDifficulty(int difficulty) {
  const auto& d = spec_.difficulties;
  if (std::find(d.begin(), d.end(), difficulty) == d.end())
    throw ConfigError("difficulty " + std::to_string(difficulty) + " is not available for this game (its difficulties: " + listOf(d) + ")");
  difficulty_ = difficulty;
}

bool AleEnv::truncated() const {
  bool t = settings_.maxFramesPerEpisode > 0 && int64_t(episodeFrame_) >= settings_.maxFramesPerEpisode;
  if (settings_.truncateOnLossOfLife) t = t || lives() < maxLives_;
  return t;
}

void AleEnv::reset() {
  episodeFrame_ = 0;
  paddle_[0] = paddle_[1] = (paddleMin_ + paddleMax_) / 2;
  console_->reset();
  emulate(kNoop, kPlayerBNoop, 1.0f, 1.0f, 60);
  softReset();
  rules_.reset();
  applyMode();
  softReset();
  for (int a : spec_.startingActions) emulate(a, kPlayerBNoop, 1.0f, 1.0f, 1);
}

void AleEnv::applyMode() {
  if (!modeReached_) return;
  int64_t* vars = rules_.vars();
  vars[rules_.slots().at("mode")] = mode_;
  const ModeSpec& m = spec_.modes;
  if (!m.script.empty()) {
    runModeScript();
    return;
  }
  // Some games need time, or a first press that opens their menu, before
  // SELECT changes the mode. Waits are ALE steps (act), so they draw from the
  // sticky-action RNG and last frameskip frames each, as in ALE.
  if (m.resetFirst) softReset();
  for (int i = 0; i < m.waitSteps; ++i) act(kNoop, 1.0f);
  if (m.openSelectFrames > 0) pressSelect(m.openSelectFrames);
  // A wrong condition would press SELECT forever: give up after many presses.
  constexpr int kMaxPresses = 256;
  int presses = 0;
  while (!modeReached_->eval(memory(), vars)) {
    if (++presses > kMaxPresses)
      throw ConfigError("mode " + std::to_string(mode_) + " never reached after " + std::to_string(kMaxPresses) +
                        " SELECT presses: check the game's modes.reached expression");
    // ALE draws Adventure's press lengths from the environment RNG (which also makes sticky actions).
    pressSelect(m.selectFrames + (m.selectFramesRandom > 0 ? int(rng_.next() % uint32_t(m.selectFramesRandom)) : 0));
    for (int i = 0; i < m.settleSteps; ++i) act(kNoop, 1.0f);
  }
  for (const auto& [name, value] : m.onReached) vars[rules_.slots().at(name)] = value;
  softReset();
}

// ALE's scripted set-ups (Double Dunk's options menu): each step presses
// SELECT or RESET, or plays actions (ALE steps) once or until a condition
// holds or a value changes. Ends with the script's own soft reset.
void AleEnv::runModeScript() {
  const int64_t* vars = rules_.vars();
  auto compile = [&](const std::string& source) { return RuleExpr(source, rules_.slots()); };
  // A guard against conditions that never hold: Video Cube needs ~800 RIGHT steps for cube 50.
  constexpr int kMaxRepeats = 10000;
  for (const ModeScriptStep& step : spec_.modes.script) {
    if (!step.when.empty() && !compile(step.when).eval(memory(), vars)) continue;
    if (step.select > 0 && step.press.empty() && !step.until.empty()) {
      // SELECT pressed until the condition holds (checked before each press).
      RuleExpr done = compile(step.until);
      for (int i = 0; !done.eval(memory(), vars); ++i) {
        if (i >= kMaxRepeats)
          throw ConfigError("mode " + std::to_string(mode_) + ": a modes.script step never finished after " + std::to_string(kMaxRepeats) +
                            " SELECT presses");
        pressSelect(step.select);
      }
    } else if (step.select > 0) {
      pressSelect(step.select);
    }
    if (step.softReset) softReset();
    if (step.press.empty()) continue;
    auto playOnce = [&] {
      for (int a : step.press) act(a, 1.0f);
    };
    if (step.until.empty() && step.changes.empty()) {
      playOnce();
      continue;
    }
    RuleExpr done = compile(step.until.empty() ? "0" : step.until);
    RuleExpr watched = compile(step.changes.empty() ? "0" : step.changes);
    int64_t before = watched.eval(memory(), vars);
    for (int i = 0;; ++i) {
      if (!step.until.empty() && done.eval(memory(), vars)) break;
      if (!step.changes.empty() && i > 0 && watched.eval(memory(), vars) != before) break;
      if (i >= kMaxRepeats)
        throw ConfigError("mode " + std::to_string(mode_) + ": a modes.script step never finished after " + std::to_string(kMaxRepeats) +
                          " repeats");
      playOnce();
    }
  }
}

void AleEnv::softReset() {
  emulate(kReset, kPlayerBNoop, 1.0f, 1.0f, 4);
  lastAction_[0] = lastAction_[1] = kNoop;
}

void AleEnv::pressSelect(int frames) {
  Controls& c = console_->controls();
  c.clearButtons();
  c.leftDifficultyA = difficulty_ & 1;
  c.rightDifficultyA = difficulty_ & 2;
  c.selectSwitch = true;
  for (int i = 0; i < frames; ++i) console_->runFrame();
  emulate(kNoop, kPlayerBNoop, 1.0f, 1.0f, 1);
  ++frame_;
  ++episodeFrame_;
}

// Sets the console inputs for one frame of the given actions (ALE's
// resetKeys + applyAction*). Paddles move by a fixed delta per frame.
void AleEnv::applyInput(int actionA, int actionB, float strengthA, float strengthB) {
  Controls& c = console_->controls();
  c.clearButtons();
  c.leftDifficultyA = difficulty_ & 1;
  c.rightDifficultyA = difficulty_ & 2;
  int b = actionB >= kPlayerBNoop && actionB < kReset ? actionB - kPlayerBNoop : (actionB == kReset ? kReset : kNoop);
  if (actionA == kReset || b == kReset) c.resetSwitch = true;
  if (usePaddles_) {
    const int acts[2] = {actionA, b};
    const float strength[2] = {strengthA, strengthB};
    for (int p = 0; p < 2; ++p) {
      int delta = 0;
      if (hasRight(acts[p])) delta = int(-kPaddleDelta * std::fabs(strength[p]));
      else if (hasLeft(acts[p])) delta = int(kPaddleDelta * std::fabs(strength[p]));
      paddle_[p] = std::clamp(paddle_[p] + delta, paddleMin_, paddleMax_);
      c.jack[0].paddleResistance[p] = paddle_[p];
      c.jack[0].paddleFire[p] = hasFire(acts[p]);
    }
  } else {
    const int acts[2] = {actionA, b};
    for (int p = 0; p < 2; ++p) {
      // Games whose first player uses the right port (Stella's SwapPorts).
      JackInput& j = c.jack[spec_.console.swapPorts ? 1 - p : p];
      j.up = hasUp(acts[p]);
      j.down = hasDown(acts[p]);
      j.left = hasLeft(acts[p]);
      j.right = hasRight(acts[p]);
      j.fire = hasFire(acts[p]);
    }
  }
}

void AleEnv::emulate(int actionA, int actionB, float strengthA, float strengthB, int frames) {
  if (!usePaddles_) applyInput(actionA, actionB, strengthA, strengthB);
  for (int i = 0; i < frames; ++i) {
    if (usePaddles_) applyInput(actionA, actionB, strengthA, strengthB);
    console_->runFrame();
    rules_.step(memory());
  }
}

int64_t AleEnv::oneStepAct(int actionA, int actionB, float strengthA, float strengthB) {
  if (gameOver()) return 0;
  if (actionA == kReset || !isLegal(actionA)) actionA = kNoop;
  if (actionB == kReset || !isLegal(actionB - kPlayerBNoop)) actionB = kPlayerBNoop;
  emulate(actionA, actionB, strengthA, strengthB, 1);
  ++frame_;
  ++episodeFrame_;
  return rules_.reward();
}

int64_t AleEnv::act(int action, float paddleStrength) {
  if (action < 0 || action >= 18) throw ActionError("action " + std::to_string(action) + " is outside the 18 player-A actions (0..17)");
  int64_t total = 0;
  for (int i = 0; i < settings_.frameSkip; ++i) {
    // Two draws per frame, player A then player B, even when p = 0.
    if (rng_.nextDouble() >= settings_.repeatActionProbability) {
      lastAction_[0] = action;
      lastStrength_[0] = paddleStrength;
    }
    if (rng_.nextDouble() >= settings_.repeatActionProbability) {
      lastAction_[1] = kNoop;
      lastStrength_[1] = 1.0f;
    }
    total += oneStepAct(lastAction_[0], lastAction_[1] + kPlayerBNoop, lastStrength_[0], lastStrength_[1]);
  }
  return total;
}

StepStatus AleEnv::step(int action, int frames, float paddleStrength) {
  int64_t reward = 0;
  for (int i = 0; i < frames; ++i) reward += act(action, paddleStrength);
  StepStatus s = status();
  s.reward = reward;
  return s;
}

StepStatus AleEnv::status() const {
  StepStatus s;
  s.terminated = terminated();
  s.truncated = truncated();
  s.lives = lives();
  s.frame = frame_;
  s.episodeFrame = episodeFrame_;
  s.mode = mode_;
  s.scanlines = lastFrameScanlines();
  return s;
}

std::vector<uint8_t> AleEnv::saveState(bool includeRng) const {
  StateWriter body;
  console_->save(body);
  rules_.save(body);
  body.tag("Env");
  body.u64(frame_);
  body.u64(episodeFrame_);
  body.i32(paddle_[0]);
  body.i32(paddle_[1]);
  body.i32(lastAction_[0]);
  body.i32(lastAction_[1]);
  body.u32(uint32_t(mode_));
  body.u32(uint32_t(difficulty_));
  body.i32(int32_t(maxLives_));
  body.boolean(includeRng);
  if (includeRng) rng_.save(body);

  StateWriter out;
  out.str(kStateMagic);
  out.u32(kStateVersion);
  out.str(md5_);
  out.u32(uint32_t(body.buffer().size()));
  out.u64(fnv1a(body.buffer().data(), body.buffer().size()));
  out.bytes(body.buffer().data(), body.buffer().size());
  return std::move(out.buffer());
}

// Checks a state's header and checksum; returns its body.
const uint8_t* AleEnv::checkedBody(const uint8_t* data, size_t size, size_t& length) const {
  StateReader header(data, size);
  std::string magic;
  try {
    magic = header.str();
  } catch (const StateError&) {
    throw StateError("not a horizon-arcade state: the buffer is too short");
  }
  if (magic != kStateMagic) throw StateError("not a horizon-arcade state (bad magic)");
  uint32_t version = header.u32();
  if (version != kStateVersion)
    throw StateError("state format version " + std::to_string(version) + " is not supported (expected " + std::to_string(kStateVersion) +
                     ")");
  std::string md5 = header.str();
  if (md5 != md5_) throw StateError("state belongs to another ROM (md5 " + md5 + ", this env runs " + md5_ + ")");
  length = header.u32();
  uint64_t checksum = header.u64();
  if (header.remaining() != length)
    throw StateError("truncated state: expected " + std::to_string(length) + " bytes of body, found " + std::to_string(header.remaining()));
  const uint8_t* body = data + (size - length);
  if (fnv1a(body, length) != checksum) throw StateError("corrupt state: checksum mismatch");
  return body;
}

void AleEnv::loadBody(const uint8_t* body, size_t length) {
  StateReader r(body, length);
  console_->load(r);
  rules_.load(r);
  r.expectTag("Env");
  frame_ = r.u64();
  episodeFrame_ = r.u64();
  paddle_[0] = r.i32();
  paddle_[1] = r.i32();
  lastAction_[0] = r.i32();
  lastAction_[1] = r.i32();
  mode_ = int(r.u32());
  difficulty_ = int(r.u32());
  maxLives_ = r.i32();
  if (r.boolean()) rng_.load(r);
}

void AleEnv::loadState(const uint8_t* data, size_t size) {
  size_t length = 0;
  const uint8_t* body = checkedBody(data, size, length);
  // A state that passes the checks but still fails to parse must not leave
  // the env half-loaded: put the previous state back before reporting.
  std::vector<uint8_t> backup = saveState(true);
  try {
    loadBody(body, length);
  } catch (...) {
    size_t backupLength = 0;
    const uint8_t* backupBody = checkedBody(backup.data(), backup.size(), backupLength);
    loadBody(backupBody, backupLength);
    throw;
  }
}

}  // namespace ha
