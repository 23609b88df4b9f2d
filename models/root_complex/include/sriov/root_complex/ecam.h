// ECAM addressing and the split of one configuration access into DW-aligned
// config TLPs with First DW Byte Enables (PCIe 7.2.2).
#pragma once

#include "sriov/config/access.h"

#include <cstdint>
#include <vector>

namespace sriov::ecam {

// ECAM offset of a function's register: bus<<20 | dev<<15 | fn<<12 | reg.
constexpr uint64_t address(routing_id rid, uint16_t byte_offset) {
    return static_cast<uint64_t>(rid.value) << 12 | (byte_offset & 0xFFFu);
}
constexpr routing_id rid_of(uint64_t address) {
    return routing_id(static_cast<uint16_t>((address >> 12) & 0xFFFF));
}
constexpr uint16_t offset_of(uint64_t address) {
    return static_cast<uint16_t>(address & 0xFFF);
}

// One DW of an access: its register number, First DW BE and where its bytes
// sit in the caller's buffer (buffer index of byte lane 0, may be negative).
struct dw_chunk {
    uint16_t dw_index = 0;
    uint8_t byte_enable = 0;
    int buffer_base = 0; // buffer[buffer_base + lane] is byte `lane` of the DW
};

// Splits [offset, offset + length) into DW chunks; `enabled(i)` tells whether
// buffer byte i is enabled (TLM byte enables). Chunks whose byte enables are
// all zero are skipped: nothing would be read or written. Example: offset
// 0x1E, length 5 -> DW 0x1C with BE 1100 and DW 0x20 with BE 0111.
template <typename Enabled>
void split(uint16_t offset, unsigned length, Enabled enabled, std::vector<dw_chunk>& out) {
    out.clear();
    if (length == 0) {
        return;
    }
    const unsigned first = offset & ~3u;
    const unsigned end = offset + length;
    for (unsigned dw = first; dw < end; dw += 4) {
        dw_chunk c;
        c.dw_index = static_cast<uint16_t>(dw / 4);
        c.buffer_base = static_cast<int>(dw) - static_cast<int>(offset);
        for (unsigned lane = 0; lane < 4; ++lane) {
            const unsigned byte = dw + lane;
            if (byte >= offset && byte < end && enabled(byte - offset)) {
                c.byte_enable = static_cast<uint8_t>(c.byte_enable | 1u << lane);
            }
        }
        if (c.byte_enable != 0) {
            out.push_back(c);
        }
    }
}

} // namespace sriov::ecam
