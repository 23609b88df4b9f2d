// PCIe routing IDs as the text formats write them: `bb:dd.f` as lspci prints
// it, or the 16-bit number itself.
#pragma once

#include "sriov/text/unsigned_number.h"

#include <cstdint>
#include <string_view>

namespace sriov::text {

// `bb:dd.f` (hex digits, at least one per part; bus <= 0xFF, device <= 0x1F,
// function <= 7) is bus << 8 | device << 3 | function. Anything else is
// parsed as a number of `numbers` syntax up to 0xFFFF. Throws lex_error:
// "bus/device/function out of range", or parse_unsigned's messages.
uint16_t parse_routing_id(std::string_view text, const number_syntax& numbers = {});

} // namespace sriov::text
