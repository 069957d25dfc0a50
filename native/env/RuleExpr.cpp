#include "env/RuleExpr.h"

#include <cctype>

#include "core/Errors.h"

namespace ha {

class RuleParser {
 public:
  RuleParser(RuleExpr& e, const std::unordered_map<std::string, int>& slots) : e_(e), s_(e.source_), slots_(slots) {}

  int parse() {
    int n = ternary();
    skipSpace();
    if (pos_ != s_.size()) fail("unexpected '" + s_.substr(pos_, 1) + "'");
    return n;
  }

 private:
  using Op = RuleExpr::Op;

  [[noreturn]] void fail(const std::string& why) const {
    throw ConfigError("rule expression \"" + s_ + "\": " + why + " at column " + std::to_string(pos_ + 1));
  }
  void skipSpace() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool accept(const char* tok) {
    skipSpace();
    size_t n = std::char_traits<char>::length(tok);
    if (s_.compare(pos_, n, tok) != 0) return false;
    // Do not split two-character operators: "<" must not match "<=" or "<<".
    if (n == 1 && pos_ + 1 < s_.size()) {
      char c = tok[0], d = s_[pos_ + 1];
      if ((c == '<' || c == '>') && (d == '=' || d == c)) return false;
      if ((c == '&' || c == '|') && d == c) return false;
      if ((c == '!' || c == '=') && d == '=') return false;
    }
    pos_ += n;
    return true;
  }
  void expect(const char* tok) {
    if (!accept(tok)) fail(std::string("expected '") + tok + "'");
  }
  int node(Op op, int a = -1, int b = -1, int c = -1, int64_t v = 0) {
    e_.nodes_.push_back({op, v, a, b, c});
    return int(e_.nodes_.size() - 1);
  }

  int ternary() {
    int c = binary(0);
    if (accept("?")) {
      int t = ternary();
      expect(":");
      int f = ternary();
      return node(Op::Cond, c, t, f);
    }
    return c;
  }

  // Binary operators by precedence level, loosest first.
  int binary(int level) {
    static const std::vector<std::vector<std::pair<const char*, Op>>> kLevels = {
        {{"||", Op::Or}},
        {{"&&", Op::And}},
        {{"|", Op::BitOr}},
        {{"^", Op::BitXor}},
        {{"&", Op::BitAnd}},
        {{"==", Op::Eq}, {"!=", Op::Ne}},
        {{"<=", Op::Le}, {">=", Op::Ge}, {"<", Op::Lt}, {">", Op::Gt}},
        {{"<<", Op::Shl}, {">>", Op::Shr}},
        {{"+", Op::Add}, {"-", Op::Sub}},
        {{"*", Op::Mul}, {"/", Op::Div}, {"%", Op::Mod}},
    };
    if (level == int(kLevels.size())) return unary();
    int left = binary(level + 1);
    for (;;) {
      bool matched = false;
      for (const auto& [tok, op] : kLevels[size_t(level)]) {
        if (accept(tok)) {
          left = node(op, left, binary(level + 1));
          matched = true;
          break;
        }
      }
      if (!matched) return left;
    }
  }

  int unary() {
    if (accept("-")) return node(Op::Neg, unary());
    if (accept("!")) return node(Op::Not, unary());
    if (accept("~")) return node(Op::BitNot, unary());
    return primary();
  }

  int primary() {
    skipSpace();
    if (pos_ >= s_.size()) fail("unexpected end");
    if (accept("(")) {
      int n = ternary();
      expect(")");
      return n;
    }
    char c = s_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t used = 0;
      int64_t v = std::stoll(s_.substr(pos_), &used, 0);
      pos_ += used;
      return node(Op::Const, -1, -1, -1, v);
    }
    if (!std::isalpha(static_cast<unsigned char>(c)) && c != '_') fail("unexpected '" + std::string(1, c) + "'");
    size_t start = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
    std::string name = s_.substr(start, pos_ - start);
    if (name == "ram" || name == "cartram") {
      expect("[");
      int a = ternary();
      expect("]");
      return node(name == "ram" ? Op::Ram : Op::CartRam, a);
    }
    if (name == "pick") return pick();
    static const std::unordered_map<std::string, std::pair<Op, int>> kFunctions = {
        {"bcd", {Op::Bcd, 1}}, {"sbyte", {Op::SByte, 1}}, {"abs", {Op::Abs, 1}},
        {"min", {Op::Min, 2}}, {"max", {Op::Max, 2}},     {"dec", {Op::Dec, -3}},
    };
    auto f = kFunctions.find(name);
    if (f != kFunctions.end()) {
      expect("(");
      std::vector<int> args{ternary()};
      while (accept(",")) args.push_back(ternary());
      expect(")");
      int want = f->second.second;
      bool ok = want > 0 ? int(args.size()) == want : int(args.size()) <= -want;
      if (!ok) fail(name + "() takes " + std::to_string(want > 0 ? want : -want) + (want > 0 ? "" : " or fewer") + " arguments");
      args.resize(3, -1);
      return node(f->second.first, args[0], args[1], args[2]);
    }
    auto v = slots_.find(name);
    if (v == slots_.end()) fail("unknown name '" + name + "'");
    return node(Op::Var, -1, -1, -1, v->second);
  }

  // pick(i, v0, v1, ...) is v_i (0 when i is out of range): the index is
  // evaluated once, then only the chosen value.
  int pick() {
    expect("(");
    int index = ternary();
    std::vector<int> values;
    while (accept(",")) values.push_back(ternary());
    expect(")");
    if (values.empty()) fail("pick() takes an index and at least one value");
    int64_t first = int64_t(e_.choices_.size());
    e_.choices_.insert(e_.choices_.end(), values.begin(), values.end());
    return node(Op::Pick, index, int(values.size()), -1, first);
  }

  RuleExpr& e_;
  const std::string& s_;
  const std::unordered_map<std::string, int>& slots_;
  size_t pos_ = 0;
};

RuleExpr::RuleExpr(const std::string& source, const std::unordered_map<std::string, int>& slots) : source_(source) {
  RuleParser p(*this, slots);
  root_ = p.parse();
}

int64_t RuleExpr::eval(const RuleMemory& mem, const int64_t* vars) const { return evalNode(root_, mem, vars); }

RuleExpr RuleExpr::bound(const int64_t* values, int count) const {
  RuleExpr out;
  out.source_ = source_;
  out.root_ = out.fold(*this, root_, values, count);
  return out;
}

// Copies node i of `from` into this expression, bound variables replaced by
// their values and constant subtrees computed; returns the new node's index.
int RuleExpr::fold(const RuleExpr& from, int i, const int64_t* values, int count) {
  if (i < 0) return -1;
  const Node& n = from.nodes_[size_t(i)];
  auto constant = [this](int64_t v) {
    nodes_.push_back({Op::Const, v, -1, -1, -1});
    return int(nodes_.size() - 1);
  };
  auto isConst = [this](int k) { return k < 0 || nodes_[size_t(k)].op == Op::Const; };
  if (n.op == Op::Var && n.value < count) return constant(values[n.value]);
  int a = fold(from, n.a, values, count);
  if (n.op == Op::Pick) {
    std::vector<int> choices;
    for (int k = 0; k < n.b; ++k) choices.push_back(fold(from, from.choices_[size_t(n.value + k)], values, count));
    if (isConst(a)) {
      int64_t k = nodes_[size_t(a)].value;
      return k >= 0 && k < n.b ? choices[size_t(k)] : constant(0);
    }
    int64_t first = int64_t(choices_.size());
    choices_.insert(choices_.end(), choices.begin(), choices.end());
    nodes_.push_back({Op::Pick, first, a, n.b, -1});
    return int(nodes_.size() - 1);
  }
  // Short-circuits with a known left side need only one branch.
  if (isConst(a) && a >= 0) {
    int64_t v = nodes_[size_t(a)].value;
    if (n.op == Op::Cond) return fold(from, v ? n.b : n.c, values, count);
    if (n.op == Op::And && !v) return constant(0);
    if (n.op == Op::Or && v) return constant(1);
  }
  int b = fold(from, n.b, values, count);
  int c = fold(from, n.c, values, count);
  nodes_.push_back({n.op, n.value, a, b, c});
  int self = int(nodes_.size() - 1);
  bool readsMemory = n.op == Op::Var || n.op == Op::Ram || n.op == Op::CartRam;
  if (readsMemory || n.op == Op::Const || !isConst(a) || !isConst(b) || !isConst(c)) return self;
  int64_t v = evalNode(self, RuleMemory{nullptr}, nullptr);
  nodes_.resize(size_t(self));
  return constant(v);
}

RuleProgram::RuleProgram(const std::vector<BlockSpec>& blocks) {
  for (const BlockSpec& spec : blocks) {
    Block b;
    std::unordered_map<std::string, int> slots;
    for (const std::string& name : spec.inputs) slots[name] = int(slots.size());
    std::vector<RuleExpr> exprs;
    for (const Step& step : spec.steps) {
      exprs.emplace_back(step.source, slots);
      if (step.name.empty()) {
        b.slotOf.push_back(-1);
        continue;
      }
      if (slots.count(step.name)) throw ConfigError("\"" + step.name + "\" is defined twice");
      b.slotOf.push_back(int(slots.size()));
      slots[step.name] = int(slots.size());
    }
    size_t inputs = spec.inputs.size();
    if (spec.rows.size() != inputs * spec.copies) throw ConfigError("a rule program block needs one row of input values per copy");
    // Each copy gets its own expressions with its inputs bound: an object's
    // position is then usually a constant, and its test a RAM bit.
    for (size_t c = 0; c < spec.copies; ++c) {
      std::vector<int64_t> row;
      for (size_t k = 0; k < inputs; ++k) row.push_back(int64_t(spec.rows[c * inputs + k]));
      for (const RuleExpr& e : exprs) b.exprs.push_back(e.bound(row.data(), int(inputs)));
    }
    b.steps = exprs.size();
    b.copies = spec.copies;
    b.gate = spec.gate;
    outputs_ += b.exprs.size();
    if (slots.size() > maxVars_) maxVars_ = slots.size();
    blocks_.push_back(std::move(b));
  }
}

void RuleProgram::run(const RuleMemory& mem, double* out) const {
  int64_t local[64];
  std::vector<int64_t> heap;
  int64_t* vars = local;
  if (maxVars_ > 64) {
    heap.resize(maxVars_);
    vars = heap.data();
  }
  for (const Block& b : blocks_) {
    const RuleExpr* e = b.exprs.data();
    for (size_t c = 0; c < b.copies; ++c, e += b.steps, out += b.steps) {
      for (size_t k = 0; k < b.steps; ++k) {
        int64_t v = e[k].eval(mem, vars);
        if (b.slotOf[k] >= 0) vars[b.slotOf[k]] = v;
        out[k] = double(v);
        if (v == 0 && int(k) == b.gate) {
          for (size_t rest = k + 1; rest < b.steps; ++rest) out[rest] = 0;
          break;
        }
      }
    }
  }
}

namespace {
int64_t bcd(int64_t v) { return 10 * ((v >> 4) & 0xF) + (v & 0xF); }
}  // namespace

int64_t RuleExpr::evalNode(int i, const RuleMemory& mem, const int64_t* vars) const {
  const Node& n = nodes_[size_t(i)];
  auto A = [&] { return evalNode(n.a, mem, vars); };
  auto B = [&] { return evalNode(n.b, mem, vars); };
  switch (n.op) {
    case Op::Const: return n.value;
    case Op::Var: return vars[n.value];
    case Op::Ram: return mem.ram[A() & 0x7F];
    case Op::CartRam: {
      int64_t a = A();
      return mem.cartRam ? mem.cartRam[a & 0x7F] : 0;
    }
    case Op::Neg: return -A();
    case Op::Not: return !A();
    case Op::BitNot: return ~A();
    case Op::Add: return A() + B();
    case Op::Sub: return A() - B();
    case Op::Mul: return A() * B();
    case Op::Div: {
      int64_t d = B();
      return d == 0 ? 0 : A() / d;
    }
    case Op::Mod: {
      int64_t d = B();
      return d == 0 ? 0 : A() % d;
    }
    case Op::Shl: return A() << (B() & 63);
    case Op::Shr: return A() >> (B() & 63);
    case Op::Lt: return A() < B();
    case Op::Le: return A() <= B();
    case Op::Gt: return A() > B();
    case Op::Ge: return A() >= B();
    case Op::Eq: return A() == B();
    case Op::Ne: return A() != B();
    case Op::BitAnd: return A() & B();
    case Op::BitOr: return A() | B();
    case Op::BitXor: return A() ^ B();
    case Op::And: return A() && B();
    case Op::Or: return A() || B();
    case Op::Cond: return A() ? B() : evalNode(n.c, mem, vars);
    case Op::Pick: {
      int64_t k = A();
      return k >= 0 && k < n.b ? evalNode(choices_[size_t(n.value + k)], mem, vars) : 0;
    }
    case Op::Bcd: return bcd(A());
    case Op::Dec: {
      int64_t v = bcd(A());
      if (n.b >= 0) v += 100 * bcd(B());
      if (n.c >= 0) v += 10000 * bcd(evalNode(n.c, mem, vars));
      return v;
    }
    case Op::SByte: return int64_t(int8_t(uint8_t(A())));
    case Op::Min: {
      int64_t a = A(), b = B();
      return a < b ? a : b;
    }
    case Op::Max: {
      int64_t a = A(), b = B();
      return a > b ? a : b;
    }
    case Op::Abs: {
      int64_t a = A();
      return a < 0 ? -a : a;
    }
  }
  return 0;
}

}  // namespace ha
