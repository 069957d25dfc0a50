// A game's reward, terminal and lives rules, compiled from its roms-config
// entry: named integer variables with initial values, and an ordered list of
// assignments run after every emulated frame (ALE's RomSettings::step).
// `reward`, `terminal` and `lives` are the outputs the environment reads.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/Serializer.h"
#include "env/RuleExpr.h"

namespace ha {

struct RulesSpec {
  std::vector<std::pair<std::string, int64_t>> init;      // variable -> value at reset
  std::vector<std::pair<std::string, std::string>> step;  // variable <- expression, in order
};

class GameRules {
 public:
  explicit GameRules(const RulesSpec& spec);
  void reset();
  void step(const RuleMemory& mem);
  int64_t reward() const { return vars_[size_t(reward_)]; }
  bool terminal() const { return vars_[size_t(terminal_)] != 0; }
  int64_t lives() const { return vars_[size_t(lives_)]; }
  // Slot table, for compiling other expressions over the same variables.
  const std::unordered_map<std::string, int>& slots() const { return slots_; }
  int64_t* vars() { return vars_.data(); }
  const int64_t* vars() const { return vars_.data(); }

  void save(StateWriter& w) const;
  void load(StateReader& r);

 private:
  int slot(const std::string& name);

  std::unordered_map<std::string, int> slots_;
  std::vector<int64_t> initial_;
  std::vector<int64_t> vars_;
  std::vector<std::pair<int, RuleExpr>> program_;
  int reward_ = -1, terminal_ = -1, lives_ = -1;
};

}  // namespace ha
