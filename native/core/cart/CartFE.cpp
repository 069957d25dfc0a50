#include "core/cart/CartFE.h"

namespace ha {

void CartFE::install(Bus& bus) {
  PageAccess access;
  access.device = this;
  for (uint32_t addr = 0x1000; addr < 0x2000; addr += (1u << Bus::kPageShift))
    bus.setPage(uint16_t(addr >> Bus::kPageShift), access);
}

}  // namespace ha
