#include "core/Bus.h"

namespace ha {

class Bus::MirrorFill : public Device {
 public:
  explicit MirrorFill(Bus& bus) : bus_(bus) {}
  uint8_t peek(uint16_t addr) override { return bus_.fillMirrorOf(addr).peek(addr); }
  void poke(uint16_t addr, uint8_t value) override { bus_.fillMirrorOf(addr).poke(addr, value); }

 private:
  Bus& bus_;
};

Bus::Bus(uint16_t addressMask) : addressMask_(addressMask), mirrorFill_(std::make_unique<MirrorFill>(*this)) {
  for (unsigned p = pagesPerMirror(); p < kMaxPages; ++p) pages_.device[p] = mirrorFill_.get();
}

Bus::~Bus() = default;

// Copies mirror 0's pages to the mirror of `addr`, which setPage() keeps up
// to date from then on.
Bus& Bus::fillMirrorOf(uint16_t addr) {
  const unsigned m = unsigned(addr) / (unsigned(addressMask_) + 1);
  liveMirrors_ |= uint8_t(1u << m);
  for (unsigned p = 0; p < pagesPerMirror(); ++p) put(p + m * pagesPerMirror(), page(uint16_t(p)));
  return *this;
}

}  // namespace ha
