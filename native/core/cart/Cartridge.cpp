#include "core/cart/Cartridge.h"

#include <algorithm>
#include <initializer_list>

#include "core/Errors.h"
#include "core/cart/Cart3F.h"
#include "core/cart/CartDPC.h"
#include "core/cart/CartE0.h"
#include "core/cart/CartE7.h"
#include "core/cart/CartFE.h"
#include "core/cart/CartUA.h"
#include "core/cart/Schemes.h"

namespace ha {

void Cartridge::mapPages(Bus& bus, uint32_t from, uint32_t to, const uint8_t* peek, uint8_t* poke) {
  bus.mapRange(from, to, peek, poke, this);
}

int Cartridge::loadBank(StateReader& r, int count) {
  int bank = r.u8();
  if (bank >= count) throw StateError("corrupt state: cartridge bank out of range");
  return bank;
}

void UnbankedCart::install(Bus& bus) {
  // A 2K image shows twice.
  uint32_t size = uint32_t(image_.size());
  for (uint32_t base = 0x1000; base < 0x2000; base += size) mapPages(bus, base, base + size, image_.data());
}

BankedCart::BankedCart(std::vector<uint8_t> image, uint16_t firstHotspot, int resetBank, int ramSize)
    : Cartridge(std::move(image)),
      firstHotspot_(firstHotspot),
      bankCount_(int(image_.size() / 4096)),
      resetBank_(resetBank),
      ramSize_(ramSize) {}

void BankedCart::install(Bus& bus) {
  bus_ = &bus;
  // The hotspot page always goes through peek/poke.
  mapPages(bus, (0x1000 | firstHotspot_) & ~uint32_t(Bus::kPageMask), 0x2000);
  uint32_t ram = uint32_t(ramSize_);
  mapPages(bus, 0x1000, 0x1000 + ram, nullptr, ram_);   // write port
  mapPages(bus, 0x1000 + ram, 0x1000 + 2 * ram, ram_);  // read port
  selectBank(bankCount_ - 1);
}

void SelectedBankCart::save(StateWriter& w) const {
  w.tag(scheme());
  w.u8(uint8_t(bank_));
}

void SelectedBankCart::load(StateReader& r) {
  r.expectTag(scheme());
  select(loadBank(r, bankCount()));
}

void BankedCart::randomizeRam(Random& rng) {
  for (int i = 0; i < ramSize_; ++i) ram_[i] = uint8_t(rng.next());
}

void BankedCart::selectBank(int bank) {
  bank_ = bank;
  uint32_t first = 0x1000u + 2 * uint32_t(ramSize_);
  uint32_t hotPage = (0x1000 | firstHotspot_) & ~uint32_t(Bus::kPageMask);
  mapPages(*bus_, first, hotPage, &image_[uint32_t(bank) * 4096 + (first & 0x0FFF)]);
}

void BankedCart::hotspot(uint16_t offset) {
  if (offset >= firstHotspot_ && offset < firstHotspot_ + bankCount_) selectBank(offset - firstHotspot_);
}

uint8_t BankedCart::peek(uint16_t addr) {
  uint16_t offset = addr & 0x0FFF;
  hotspot(offset);  // the byte comes from the newly selected bank
  return image_[uint32_t(bank_) * 4096 + offset];
}

void BankedCart::poke(uint16_t addr, uint8_t) { hotspot(addr & 0x0FFF); }

void BankedCart::save(StateWriter& w) const {
  w.tag(scheme());
  w.u8(uint8_t(bank_));
  w.bytes(ram_, size_t(ramSize_));
}

void BankedCart::load(StateReader& r) {
  r.expectTag(scheme());
  int bank = loadBank(r, bankCount_);
  r.bytes(ram_, size_t(ramSize_));
  selectBank(bank);
}

namespace {
// A Superchip ROM leaves the first 256 bytes of every bank (the RAM window)
// filled with one value.
bool looksLikeSuperchip(const std::vector<uint8_t>& img) {
  for (size_t b = 0; b < img.size() / 4096; ++b) {
    uint8_t first = img[b * 4096];
    for (size_t j = 0; j < 256; ++j)
      if (img[b * 4096 + j] != first) return false;
  }
  return true;
}

// True if any of the byte sequences occurs in the image (Stella's signature
// test for schemes that cannot be told apart by size).
bool containsAny(const std::vector<uint8_t>& img, std::initializer_list<std::vector<uint8_t>> signatures) {
  for (const auto& sig : signatures)
    if (std::search(img.begin(), img.end(), sig.begin(), sig.end()) != img.end()) return true;
  return false;
}

// Parker Brothers code touches the segment hotspots with absolute loads/stores.
bool looksLikeE0(const std::vector<uint8_t>& img) {
  return containsAny(img, {{0x8D, 0xE0, 0x1F},
                           {0x8D, 0xE0, 0x5F},
                           {0x8D, 0xE9, 0xFF},
                           {0x0C, 0xE0, 0x1F},
                           {0xAD, 0xE0, 0x1F},
                           {0xAD, 0xE9, 0xFF},
                           {0xAD, 0xED, 0xFF},
                           {0xAD, 0xF3, 0xBF}});
}

// Tigervision code selects banks by storing to $3F (at least twice).
bool looksLike3F(const std::vector<uint8_t>& img) {
  std::vector<uint8_t> sta3F{0x85, 0x3F};
  int hits = 0;
  for (auto it = img.begin(); (it = std::search(it, img.end(), sta3F.begin(), sta3F.end())) != img.end(); ++it)
    if (++hits >= 2) return true;
  return false;
}

// UA code touches its hotspots $0220/$0240.
bool looksLikeUA(const std::vector<uint8_t>& img) { return containsAny(img, {{0x8D, 0x40, 0x02}, {0xAD, 0x40, 0x02}, {0xBD, 0x1F, 0x02}}); }

// M-Network code selects slices and RAM banks at $1FE0-$1FEB.
bool looksLikeE7(const std::vector<uint8_t>& img) {
  return containsAny(img, {{0xAD, 0xE2, 0xFF},
                           {0xAD, 0xE5, 0xFF},
                           {0xAD, 0xE5, 0x1F},
                           {0xAD, 0xE7, 0x1F},
                           {0x0C, 0xE7, 0x1F},
                           {0x8D, 0xE7, 0xFF},
                           {0x8D, 0xE7, 0x1F}});
}

// Activision's FE games jump between banks with JSR/RTS to $Dxxx/$Fxxx.
bool looksLikeFE(const std::vector<uint8_t>& img) {
  return containsAny(
      img,
      {{0x20, 0x00, 0xD0, 0xC6, 0xC5}, {0x20, 0xC3, 0xF8, 0xA5, 0x82}, {0xD0, 0xFB, 0x20, 0x73, 0xFE}, {0x20, 0x00, 0xF0, 0x84, 0xD6}});
}
}  // namespace

std::string detectScheme(const std::vector<uint8_t>& img) {
  switch (img.size()) {
    case 2048: return "2K";
    case 4096: return "4K";
    case 8192:
      if (looksLikeSuperchip(img)) return "F8SC";
      if (std::equal(img.begin(), img.begin() + 4096, img.begin() + 4096)) return "4K";
      if (looksLikeE0(img)) return "E0";
      if (looksLike3F(img)) return "3F";
      if (looksLikeUA(img)) return "UA";
      if (looksLikeFE(img)) return "FE";
      return "F8";
    case 12288: return "FA";
    case 16384:
      if (looksLikeSuperchip(img)) return "F6SC";
      return looksLikeE7(img) ? "E7" : "F6";
    case 32768: return looksLikeSuperchip(img) ? "F4SC" : "F4";
    case 10240:
    case 10495:  // DPC: 8K program, 2K display data (and 255 unused bytes in some dumps)
      return "DPC";
    default:
      throw RomError("ROM size " + std::to_string(img.size()) +
                         " bytes matches no supported cartridge scheme (2K, 4K, 8K, 10K/DPC, 12K/FA, 16K, 32K: "
                         "2048, 4096, 8192, 10240, 10495, 12288, 16384 or 32768 bytes)",
                     "ERR_UNKNOWN_SCHEME");
  }
}

std::unique_ptr<Cartridge> createCartridge(std::vector<uint8_t> image, const std::string& scheme, int resetBank) {
  auto need = [&](size_t size) {
    if (image.size() != size)
      throw RomError("scheme " + scheme + " needs a " + std::to_string(size) + "-byte image, got " + std::to_string(image.size()),
                     "ERR_UNKNOWN_SCHEME");
  };
  if (scheme == "2K") {
    if (image.size() > 2048 || image.empty()) need(2048);
    // Smaller images are mirrored up to 2K by repetition.
    while (image.size() < 2048) image.insert(image.end(), image.begin(), image.end());
    return std::make_unique<Cart2K>(std::move(image));
  }
  if (scheme == "4K") {
    if (image.size() == 8192) image.resize(4096);  // two identical halves
    need(4096);
    return std::make_unique<Cart4K>(std::move(image));
  }
  if (scheme == "DPC") return std::make_unique<CartDPC>(std::move(image));
  if (scheme == "3F") {
    if (image.size() < 4096 || image.size() % 2048 != 0)
      throw RomError("scheme 3F needs a multiple of 2K of at least 4K, got " + std::to_string(image.size()) + " bytes",
                     "ERR_UNKNOWN_SCHEME");
    return std::make_unique<Cart3F>(std::move(image));
  }
  if (scheme == "UA") {
    need(8192);
    return std::make_unique<CartUA>(std::move(image));
  }
  if (scheme == "E7") {
    need(16384);
    return std::make_unique<CartE7>(std::move(image));
  }
  if (scheme == "FA") {
    need(12288);
    return std::make_unique<CartFA>(std::move(image), resetBank < 0 ? 2 : resetBank);
  }
  if (scheme == "E0") {
    need(8192);
    return std::make_unique<CartE0>(std::move(image));
  }
  if (scheme == "FE") {
    need(8192);
    return std::make_unique<CartFE>(std::move(image));
  }
  if (scheme == "F8") {
    need(8192);
    return std::make_unique<CartF8>(std::move(image), resetBank < 0 ? 1 : resetBank);
  }
  if (scheme == "F8SC") {
    need(8192);
    return std::make_unique<CartF8SC>(std::move(image), resetBank < 0 ? 1 : resetBank);
  }
  if (scheme == "F6") {
    need(16384);
    return std::make_unique<CartF6>(std::move(image), resetBank < 0 ? 0 : resetBank);
  }
  if (scheme == "F6SC") {
    need(16384);
    return std::make_unique<CartF6SC>(std::move(image), resetBank < 0 ? 0 : resetBank);
  }
  if (scheme == "F4") {
    need(32768);
    return std::make_unique<CartF4>(std::move(image), resetBank < 0 ? 0 : resetBank);
  }
  if (scheme == "F4SC") {
    need(32768);
    return std::make_unique<CartF4SC>(std::move(image), resetBank < 0 ? 0 : resetBank);
  }
  throw RomError(
      "cartridge scheme '" + scheme + "' is not supported (supported: 2K, 4K, 3F, DPC, E0, E7, FA, FE, F8, F8SC, F6, F6SC, F4, F4SC, UA)",
      "ERR_UNKNOWN_SCHEME");
}

}  // namespace ha
