// One small class per bank-switching scheme.
#pragma once
#include "core/cart/Cartridge.h"

namespace ha {

class Cart2K : public UnbankedCart {
 public:
  using UnbankedCart::UnbankedCart;
  const char* scheme() const override { return "2K"; }
};

class Cart4K : public UnbankedCart {
 public:
  using UnbankedCart::UnbankedCart;
  const char* scheme() const override { return "4K"; }
};

// F8: two 4K banks, hotspots $1FF8/$1FF9, starts in bank 1.
class CartF8 : public BankedCart {
 public:
  CartF8(std::vector<uint8_t> img, int resetBank = 1, int ramSize = 0) : BankedCart(std::move(img), 0x0FF8, resetBank, ramSize) {}
  const char* scheme() const override { return "F8"; }
};
class CartF8SC : public CartF8 {
 public:
  CartF8SC(std::vector<uint8_t> img, int resetBank = 1) : CartF8(std::move(img), resetBank, 128) {}
  const char* scheme() const override { return "F8SC"; }
};

// F6: four 4K banks, hotspots $1FF6-$1FF9, starts in bank 0.
class CartF6 : public BankedCart {
 public:
  CartF6(std::vector<uint8_t> img, int resetBank = 0, int ramSize = 0) : BankedCart(std::move(img), 0x0FF6, resetBank, ramSize) {}
  const char* scheme() const override { return "F6"; }
};
class CartF6SC : public CartF6 {
 public:
  CartF6SC(std::vector<uint8_t> img, int resetBank = 0) : CartF6(std::move(img), resetBank, 128) {}
  const char* scheme() const override { return "F6SC"; }
};

// F4: eight 4K banks, hotspots $1FF4-$1FFB, starts in bank 0.
class CartF4 : public BankedCart {
 public:
  CartF4(std::vector<uint8_t> img, int resetBank = 0, int ramSize = 0) : BankedCart(std::move(img), 0x0FF4, resetBank, ramSize) {}
  const char* scheme() const override { return "F4"; }
};
class CartF4SC : public CartF4 {
 public:
  CartF4SC(std::vector<uint8_t> img, int resetBank = 0) : CartF4(std::move(img), resetBank, 128) {}
  const char* scheme() const override { return "F4SC"; }
};

// FA (CBS RAM Plus): three 4K banks, hotspots $1FF8-$1FFA, starts in bank 2,
// with 256 bytes of RAM (write $1000-$10FF, read $1100-$11FF).
class CartFA : public BankedCart {
 public:
  CartFA(std::vector<uint8_t> img, int resetBank = 2) : BankedCart(std::move(img), 0x0FF8, resetBank, 256) {}
  const char* scheme() const override { return "FA"; }
};

}  // namespace ha
