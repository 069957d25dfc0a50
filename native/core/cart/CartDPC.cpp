#include "core/cart/CartDPC.h"

#include <cstring>

#include "core/Errors.h"

namespace ha {

namespace {
constexpr uint32_t kProgramSize = 8192;
constexpr uint32_t kDisplaySize = 2048;
constexpr uint16_t kChipEnd = 0x1080;      // fetcher registers: $1000-$107F
constexpr uint16_t kHotspotPage = 0x1FC0;  // the page holding $1FF8/$1FF9
constexpr double kOscillatorHz = 15750.0;  // the music clock as ALE's Stella runs it
constexpr double kCpuHz = 1193191.66666667;
}  // namespace

CartDPC::CartDPC(std::vector<uint8_t> image) : Cartridge(std::move(image)) {
  if (image_.size() < kProgramSize + kDisplaySize)
    throw RomError("DPC needs an 8K program and 2K of display data (10240 bytes or more), got " + std::to_string(image_.size()),
                   "ERR_UNKNOWN_SCHEME");
  image_.resize(kProgramSize + kDisplaySize);
}

void CartDPC::install(Bus& bus) {
  bus_ = &bus;
  mapPages(bus, 0x1000, kChipEnd);
  mapPages(bus, kHotspotPage, 0x2000);
  selectBank(1);
}

void CartDPC::reset() {
  // The fetchers and the generator keep their contents over a console reset.
  systemCycles_ = int64_t(bus_->cycles());
  fractionalClocks_ = 0;
  selectBank(1);
}

void CartDPC::selectBank(int bank) {
  bank_ = bank;
  mapPages(*bus_, kChipEnd, kHotspotPage, &image_[uint32_t(bank) * 4096 + (kChipEnd & 0x0FFF)]);
}

// An 8-bit shift register whose input bit is the XNOR of bits 7, 5, 4 and 3.
void CartDPC::clockRandom() {
  uint8_t r = random_;
  uint8_t bit = uint8_t(~((r >> 7) ^ (r >> 5) ^ (r >> 4) ^ (r >> 3)) & 1);
  random_ = uint8_t((r << 1) | bit);
}

// The music fetchers count oscillator ticks since the last update, wrapping
// their low counter byte within [0, top]; the flag is set between bottom
// and top.
void CartDPC::updateMusicFetchers() {
  int64_t now = int64_t(bus_->cycles());
  int64_t cycles = now - systemCycles_;
  systemCycles_ = now;
  double clocks = kOscillatorHz * double(cycles) / kCpuHz + fractionalClocks_;
  int32_t whole = int32_t(clocks);
  fractionalClocks_ = clocks - double(whole);
  if (whole <= 0) return;
  for (int x = 5; x <= 7; ++x) {
    if (!musicMode_[x - 5]) continue;
    int32_t top = tops_[x] + 1;
    int32_t low = counters_[x] & 0x00FF;
    if (tops_[x] != 0) {
      low -= whole % top;
      if (low < 0) low += top;
    } else {
      low = 0;
    }
    if (low <= bottoms_[x]) flags_[x] = 0x00;
    else if (low <= tops_[x]) flags_[x] = 0xFF;
    counters_[x] = uint16_t((counters_[x] & 0x0700) | uint16_t(low));
  }
}

void CartDPC::hotspot(uint16_t offset) {
  if (offset == 0x0FF8) selectBank(0);
  else if (offset == 0x0FF9) selectBank(1);
}

uint8_t CartDPC::peek(uint16_t addr) {
  uint16_t offset = addr & 0x0FFF;
  clockRandom();
  if (offset >= 0x0040) {
    hotspot(offset);
    return image_[uint32_t(bank_) * 4096 + offset];
  }
  int index = offset & 7;
  int function = (offset >> 3) & 7;
  if ((counters_[index] & 0xFF) == tops_[index]) flags_[index] = 0xFF;
  else if ((counters_[index] & 0xFF) == bottoms_[index]) flags_[index] = 0x00;

  uint8_t result = 0;
  const uint8_t* display = &image_[kProgramSize];
  switch (function) {
    case 0:
      if (index < 4) {
        result = random_;
      } else {
        // Music: the three fetchers' flags pick one of eight amplitudes.
        static constexpr uint8_t kAmplitudes[8] = {0x00, 0x04, 0x05, 0x09, 0x06, 0x0A, 0x0B, 0x0F};
        updateMusicFetchers();
        int i = (musicMode_[0] && flags_[5] ? 1 : 0) | (musicMode_[1] && flags_[6] ? 2 : 0) | (musicMode_[2] && flags_[7] ? 4 : 0);
        result = kAmplitudes[i];
      }
      break;
    case 1: result = display[2047 - counters_[index]]; break;
    case 2: result = display[2047 - counters_[index]] & flags_[index]; break;
    case 7: result = flags_[index]; break;
    default: break;
  }
  if (index < 5 || !musicMode_[index - 5]) counters_[index] = (counters_[index] - 1) & 0x07FF;
  return result;
}

void CartDPC::poke(uint16_t addr, uint8_t value) {
  uint16_t offset = addr & 0x0FFF;
  clockRandom();
  if (offset < 0x0040 || offset >= 0x0080) {
    hotspot(offset);
    return;
  }
  int index = offset & 7;
  switch ((offset >> 3) & 7) {
    case 0:  // top of the window; clears the flag
      tops_[index] = value;
      flags_[index] = 0x00;
      break;
    case 1: bottoms_[index] = value; break;
    case 2:  // counter low byte (a music fetcher reloads it from its top)
      if (index >= 5 && musicMode_[index - 5]) counters_[index] = uint16_t((counters_[index] & 0x0700) | tops_[index]);
      else counters_[index] = uint16_t((counters_[index] & 0x0700) | value);
      break;
    case 3:  // counter high bits; bit 4 turns music mode on for fetchers 5-7
      counters_[index] = uint16_t(((value & 0x07) << 8) | (counters_[index] & 0x00FF));
      if (index >= 5) musicMode_[index - 5] = (value & 0x10) != 0;
      break;
    case 6: random_ = 1; break;
    default: break;
  }
}

void CartDPC::save(StateWriter& w) const {
  w.tag(scheme());
  w.u8(uint8_t(bank_));
  w.bytes(tops_, sizeof tops_);
  w.bytes(bottoms_, sizeof bottoms_);
  w.bytes(flags_, sizeof flags_);
  for (uint16_t c : counters_) {
    w.u8(uint8_t(c & 0xFF));
    w.u8(uint8_t(c >> 8));
  }
  for (bool m : musicMode_) w.boolean(m);
  w.u8(random_);
  w.u64(uint64_t(systemCycles_));
  uint64_t bits;
  std::memcpy(&bits, &fractionalClocks_, sizeof bits);
  w.u64(bits);
}

void CartDPC::load(StateReader& r) {
  r.expectTag(scheme());
  int bank = loadBank(r, 2);
  r.bytes(tops_, sizeof tops_);
  r.bytes(bottoms_, sizeof bottoms_);
  r.bytes(flags_, sizeof flags_);
  for (uint16_t& c : counters_) {
    uint16_t lo = r.u8();
    c = uint16_t(lo | (r.u8() << 8)) & 0x07FF;
  }
  for (bool& m : musicMode_) m = r.boolean();
  random_ = r.u8();
  systemCycles_ = int64_t(r.u64());
  uint64_t bits = r.u64();
  std::memcpy(&fractionalClocks_, &bits, sizeof bits);
  selectBank(bank);
}

}  // namespace ha
