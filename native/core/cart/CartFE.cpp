#include "core/cart/CartFE.h"

namespace ha {

void CartFE::install(Bus& bus) { mapPages(bus, 0x1000, 0x2000); }

}  // namespace ha
