// Internal to models/config: what a function records when it detects an
// error (docs/config-space-map.md, "Error logging"). One place decides the
// Device Status bits, the AER status, First Error Pointer and Header Log.
#pragma once

#include "sriov/config/register_file.h"

#include <array>
#include <cstdint>

namespace sriov {
struct tlp;
}

namespace sriov::config {

// The errors the model detects.
enum class detected_error : uint8_t {
    unsupported_request, // a completer answering a request with UR (PCIe Base 6.2.3.2.4.1)
    malformed_tlp,       // a receiver dropping a Malformed TLP (2.3, 6.2.3.2.3)
};

// The Header Log of an error: the TLP's header DWs as the spec draws them
// (byte 0, Fmt/Type, in bits 31:24 of the first DW), unused DWs 0.
using header_log = std::array<uint32_t, 4>;
header_log header_log_of(const tlp& t);

// Records error `e`, detected in TLP `t`, in the function whose registers are
// `values` (4 KiB, laid out by `l`): PCIe Base 6.2.5 (Figure 6-2), 6.2.3.2.4
// (Advisory Non-Fatal), 7.5.3.5 (Device Status), 7.8.4 (AER). The header is
// encoded only when the Header Log takes it (most errors after the first
// find the First Error Pointer valid).
void log_error(const register_layout& l, uint8_t* values, detected_error e, const tlp& t);

} // namespace sriov::config
