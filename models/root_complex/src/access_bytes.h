// The bytes of an ECAM access and its DWs: TLM byte enables, a DW's enabled
// lanes gathered from and scattered into the caller's buffer, all-ones for
// failed bytes. Shared by root_complex.cpp and root_complex_nb.cpp.
#pragma once

#include "sriov/pcie/ecam.h"
#include "sriov/tlp/tlp.h"

#include <algorithm>
#include <cstdint>
#include <tlm>

namespace sriov::root_complex {

// PCIe: software reads all-ones for a DW that failed (UR, CA, CRS given up,
// timeout, no route) and for every DW after it: bytes [first, length) that
// are enabled become 0xFF.
template <typename Enabled>
void fill_failed_read(unsigned char* data, int first, unsigned length, Enabled enabled) {
    for (unsigned i = static_cast<unsigned>(std::max(first, 0)); i < length; ++i) {
        if (enabled(i)) {
            data[i] = 0xFF;
        }
    }
}

// The enabled bytes of one DW of the caller's buffer, as a little-endian DW.
inline uint32_t gather_dw(const ecam::dw_chunk& c, const unsigned char* data) {
    uint32_t v = 0;
    for (unsigned lane = 0; lane < 4; ++lane) {
        if ((c.byte_enable >> lane & 1u) != 0) {
            v |= static_cast<uint32_t>(data[c.buffer_base + static_cast<int>(lane)]) << (8 * lane);
        }
    }
    return v;
}

// The enabled bytes of a completion's DW into the caller's buffer.
inline void scatter_dw(const ecam::dw_chunk& c, uint32_t value, unsigned char* data) {
    for (unsigned lane = 0; lane < 4; ++lane) {
        if ((c.byte_enable >> lane & 1u) != 0) {
            data[c.buffer_base + static_cast<int>(lane)] =
                static_cast<unsigned char>(value >> (8 * lane));
        }
    }
}

// TLM byte enables of `gp`: whether buffer byte i takes part.
struct byte_enables {
    const unsigned char* be;
    unsigned length;
    bool operator()(unsigned i) const {
        return be == nullptr || length == 0 || be[i % length] != 0;
    }
};
inline byte_enables enables_of(const tlm::tlm_generic_payload& gp) {
    return {gp.get_byte_enable_ptr(), gp.get_byte_enable_length()};
}

// A read or write of one aligned DW, every byte enabled, that admissible()
// takes: the access of one TLP with First DW BE 1111 (the fast paths).
inline bool one_whole_dw(const tlm::tlm_generic_payload& gp) {
    const tlm::tlm_command cmd = gp.get_command();
    const uint64_t addr = gp.get_address();
    // DW-aligned inside the 256 MiB ECAM window: one mask (bits 0-1 and 28-63).
    constexpr uint64_t outside = ~uint64_t{0x0FFFFFFC};
    return gp.get_byte_enable_ptr() == nullptr && gp.get_data_length() == 4 &&
           (addr & outside) == 0 && gp.get_data_ptr() != nullptr && gp.get_streaming_width() >= 4 &&
           (cmd == tlm::TLM_READ_COMMAND || cmd == tlm::TLM_WRITE_COMMAND);
}

// The completion of `request` sent with `tag`: its type, tag and IDs.
inline bool answers(const tlp& cpl, const tlp& request, uint16_t tag) {
    return is_completion(cpl.type) && cpl.tag == tag && cpl.requester == request.requester &&
           cpl.completer == request.completer;
}

} // namespace sriov::root_complex
