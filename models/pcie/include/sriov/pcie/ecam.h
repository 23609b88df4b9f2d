// ECAM addressing and the split of one configuration access into DW-aligned
// config TLPs with First DW Byte Enables (PCIe 7.2.2).
#pragma once

#include "sriov/pcie/access.h"

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

// Calls fn(chunk) for each DW of [offset, offset + length) in address order;
// `enabled(i)` tells whether buffer byte i is enabled (TLM byte enables). DWs
// whose byte enables are all zero are skipped: nothing would be read or
// written. fn returns false to stop. Example: offset 0x1E, length 5 -> DW 0x1C
// with BE 1100 and DW 0x20 with BE 0111.
template <typename Enabled, typename Fn>
void for_each_dw(uint16_t offset, unsigned length, Enabled enabled, Fn fn) {
    const unsigned end = offset + length;
    for (unsigned dw = offset & ~3u; dw < end; dw += 4) {
        dw_chunk c;
        c.dw_index = static_cast<uint16_t>(dw / 4);
        c.buffer_base = static_cast<int>(dw) - static_cast<int>(offset);
        for (unsigned lane = 0; lane < 4; ++lane) {
            const unsigned byte = dw + lane;
            if (byte >= offset && byte < end && enabled(byte - offset)) {
                c.byte_enable = static_cast<uint8_t>(c.byte_enable | 1u << lane);
            }
        }
        if (c.byte_enable != 0 && !fn(c)) {
            return;
        }
    }
}

// The same chunks collected in a vector.
template <typename Enabled>
void split(uint16_t offset, unsigned length, Enabled enabled, std::vector<dw_chunk>& out) {
    out.clear();
    for_each_dw(offset, length, enabled, [&out](const dw_chunk& c) {
        out.push_back(c);
        return true;
    });
}

} // namespace sriov::ecam
