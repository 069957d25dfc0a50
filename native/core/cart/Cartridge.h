// Cartridges: the ROM (and optional RAM) in the upper 4K of the address space.
// Plain ROM pages are mapped straight into the bus page table; only pages with
// bank-switch hotspots go through peek/poke. Each scheme is a small class in
// Schemes.h; banking and Superchip RAM live once in BankedCart, and the
// schemes whose state is one selected bank share SelectedBankCart.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/Bus.h"
#include "core/Random.h"
#include "core/Serializer.h"

namespace ha {

class Cartridge : public Device {
 public:
  explicit Cartridge(std::vector<uint8_t> image) : image_(std::move(image)) {}
  virtual const char* scheme() const = 0;
  virtual void install(Bus& bus) = 0;
  virtual void reset() = 0;
  virtual void save(StateWriter& w) const = 0;
  virtual void load(StateReader& r) = 0;
  virtual int bank() const { return 0; }
  // Fills cartridge RAM (if any) from the System RNG; done on every console
  // reset, after the RIOT's timer draw, as in ALE's Stella.
  virtual void randomizeRam(Random&) {}
  // The CPU cycle counter is about to restart from 0 (cartridges that time themselves).
  virtual void systemCyclesReset() {}
  // The cartridge's extra RAM, or null.
  virtual const uint8_t* ramData() const { return nullptr; }

 protected:
  // Maps the pages of [from, to) to this cartridge: reads straight from
  // `peek`, writes straight to `poke` (both pointers stand for address
  // `from`); a null pointer sends that kind of access to peek()/poke().
  void mapPages(Bus& bus, uint32_t from, uint32_t to, const uint8_t* peek = nullptr, uint8_t* poke = nullptr);
  // A bank number from a saved state, checked against `count` banks.
  static int loadBank(StateReader& r, int count);

  std::vector<uint8_t> image_;
};

// A scheme whose whole state is one selected bank (3F, UA): reset selects
// bank 0, and a saved state holds the bank number.
class SelectedBankCart : public Cartridge {
 public:
  using Cartridge::Cartridge;
  void reset() override { select(0); }
  int bank() const override { return bank_; }
  void save(StateWriter& w) const override;
  void load(StateReader& r) override;

 protected:
  // Maps `bank` in (bank_ and the bus page table) for the scheme.
  virtual void select(int bank) = 0;
  virtual int bankCount() const = 0;

  Bus* bus_ = nullptr;
  int bank_ = 0;
};

// A 2K or 4K ROM with no banking, mirrored through $1000-$1FFF.
class UnbankedCart : public Cartridge {
 public:
  using Cartridge::Cartridge;
  void install(Bus& bus) override;
  void reset() override {}
  uint8_t peek(uint16_t addr) override { return image_[addr & (image_.size() - 1)]; }
  void poke(uint16_t, uint8_t) override {}
  void save(StateWriter& w) const override { w.tag(scheme()); }
  void load(StateReader& r) override { r.expectTag(scheme()); }
};

// 4K banks selected by touching hotspot addresses at the top of the ROM
// ($1FF4.., $1FF6.., $1FF8..), optionally with extra RAM at the bottom: a
// write port then a read port of `ramSize` bytes each (Superchip: 128 bytes,
// $1000-$107F / $1080-$10FF; CBS RAM Plus: 256 bytes, $1000-$10FF / $1100-$11FF).
class BankedCart : public Cartridge {
 public:
  BankedCart(std::vector<uint8_t> image, uint16_t firstHotspot, int resetBank, int ramSize);
  void install(Bus& bus) override;
  void reset() override { selectBank(resetBank_); }
  uint8_t peek(uint16_t addr) override;
  void poke(uint16_t addr, uint8_t value) override;
  int bank() const override { return bank_; }
  void randomizeRam(Random& rng) override;
  const uint8_t* ramData() const override { return ramSize_ ? ram_ : nullptr; }
  void save(StateWriter& w) const override;
  void load(StateReader& r) override;

 private:
  void hotspot(uint16_t offset);
  void selectBank(int bank);

  Bus* bus_ = nullptr;
  uint16_t firstHotspot_;
  int bankCount_;
  int resetBank_;
  int ramSize_;
  int bank_ = 0;
  uint8_t ram_[256] = {};
};

// Which scheme a ROM image uses, from its size and content (Stella's
// detection rules), or an explicit scheme name from roms-config.
std::string detectScheme(const std::vector<uint8_t>& image);
std::unique_ptr<Cartridge> createCartridge(std::vector<uint8_t> image, const std::string& scheme, int resetBank);

}  // namespace ha
