#include "env/GameRules.h"

#include "core/Errors.h"

namespace ha {

int GameRules::slot(const std::string& name) {
  auto it = slots_.find(name);
  if (it != slots_.end()) return it->second;
  int s = int(initial_.size());
  slots_[name] = s;
  initial_.push_back(0);
  return s;
}

GameRules::GameRules(const RulesSpec& spec) {
  // Every built-in output exists even if a game never assigns it.
  for (const char* name : {"reward", "terminal", "lives", "score", "mode"}) slot(name);
  for (const auto& [name, value] : spec.init) initial_[size_t(slot(name))] = value;
  for (const auto& assignment : spec.step) slot(assignment.first);
  for (const auto& [name, source] : spec.step) program_.emplace_back(slots_.at(name), RuleExpr(source, slots_));
  reward_ = slots_.at("reward");
  terminal_ = slots_.at("terminal");
  lives_ = slots_.at("lives");
  vars_ = initial_;
}

void GameRules::reset() {
  int64_t mode = vars_[size_t(slots_.at("mode"))];
  vars_ = initial_;
  vars_[size_t(slots_.at("mode"))] = mode;  // the mode is a setting, not game state
}

void GameRules::step(const RuleMemory& mem) {
  for (const auto& [target, expr] : program_) vars_[size_t(target)] = expr.eval(mem, vars_.data());
}

void GameRules::save(StateWriter& w) const {
  w.tag("Rules");
  w.u32(uint32_t(vars_.size()));
  for (int64_t v : vars_) w.u64(uint64_t(v));
}

void GameRules::load(StateReader& r) {
  r.expectTag("Rules");
  if (r.u32() != vars_.size()) throw StateError("corrupt state: game rule variables do not match this game");
  for (int64_t& v : vars_) v = int64_t(r.u64());
}

}  // namespace ha
