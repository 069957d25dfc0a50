// Fixed-width little-endian state writer/reader. Every device saves its fields
// in a fixed order and loads them back in the same order; the reader checks
// bounds on every read so a truncated buffer raises StateError, never UB.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/Errors.h"

namespace ha {

class StateWriter {
 public:
  void u8(uint8_t v) { buf_.push_back(v); }
  void boolean(bool v) { u8(v ? 1 : 0); }
  void u16(uint16_t v) {
    for (int i = 0; i < 2; ++i) u8(uint8_t(v >> (8 * i)));
  }
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) u8(uint8_t(v >> (8 * i)));
  }
  void i32(int32_t v) { u32(uint32_t(v)); }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) u8(uint8_t(v >> (8 * i)));
  }
  void bytes(const uint8_t* p, size_t n) { buf_.insert(buf_.end(), p, p + n); }
  void str(const std::string& s) {
    u32(uint32_t(s.size()));
    bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  }
  // A short tag before each device's block makes a misaligned load fail loudly.
  void tag(const char* t) { str(t); }
  std::vector<uint8_t>& buffer() { return buf_; }

 private:
  std::vector<uint8_t> buf_;
};

class StateReader {
 public:
  StateReader(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}
  uint8_t u8() {
    need(1);
    return *p_++;
  }
  bool boolean() {
    uint8_t v = u8();
    if (v > 1) throw StateError("corrupt state: boolean field holds " + std::to_string(v));
    return v != 0;
  }
  uint16_t u16() {
    uint16_t v = 0;
    for (int i = 0; i < 2; ++i) v |= uint16_t(u8()) << (8 * i);
    return v;
  }
  uint32_t u32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t(u8()) << (8 * i);
    return v;
  }
  int32_t i32() { return int32_t(u32()); }
  uint64_t u64() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t(u8()) << (8 * i);
    return v;
  }
  void bytes(uint8_t* out, size_t n) {
    need(n);
    std::memcpy(out, p_, n);
    p_ += n;
  }
  std::string str() {
    uint32_t n = u32();
    need(n);
    std::string s(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return s;
  }
  void expectTag(const char* t) {
    if (str() != t) throw StateError(std::string("corrupt state: expected section '") + t + "'");
  }
  size_t remaining() const { return size_t(end_ - p_); }

 private:
  void need(size_t n) {
    if (size_t(end_ - p_) < n) throw StateError("truncated state: the buffer ends early");
  }
  const uint8_t* p_;
  const uint8_t* end_;
};

}  // namespace ha
