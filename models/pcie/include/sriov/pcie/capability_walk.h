// Finding a capability as software does: by walking a function's capability
// lists through configuration reads (Linux drivers/pci/pci.c
// pci_find_capability / pci_find_ext_capability; Windows pci.sys likewise).
// Software never assumes where a device places a capability, so the flows and
// the Windows stubs find every capability they use this way.
#pragma once

#include "sriov/pcie/registers.h"

#include <cstdint>

namespace sriov {

// `read(offset, length, value)` performs one configuration read of `length`
// (1, 2 or 4) bytes and returns false when the access failed; the walk then
// stops and answers 0, and the caller reports the failed access.

// The standard capability `id` (PCI 3.0 6.7): from the Capabilities Pointer,
// one word (ID and Next) per entry, at most 48 entries (Linux PCI_FIND_CAP_TTL);
// 0 when the list does not have it.
template <typename Read>
uint16_t find_capability(Read&& read, uint8_t id) {
    uint32_t v = 0;
    if (!read(reg::cap_ptr, 1, v)) {
        return 0;
    }
    auto pos = static_cast<uint16_t>(v & 0xFC);
    for (int ttl = 48; pos >= reg::std_cap_start && ttl > 0; --ttl) {
        if (!read(pos, 2, v) || (v & 0xFF) == 0xFF) {
            return 0;
        }
        if ((v & 0xFF) == id) {
            return pos;
        }
        pos = static_cast<uint16_t>((v >> 8) & 0xFC);
    }
    return 0;
}

// The extended capability `id` (PCIe Base 7.6.3): from 0x100, one header DW
// per entry, ending at a header of 0 or all ones or a Next below 0x100 (Linux
// stops after (4096 - 256) / 8 entries); 0 when the list does not have it.
template <typename Read>
uint16_t find_ext_capability(Read&& read, uint16_t id) {
    uint16_t pos = reg::ext_cap_start;
    for (int ttl = (reg::config_space_size - reg::ext_cap_start) / 8; ttl > 0; --ttl) {
        uint32_t hdr = 0;
        if (!read(pos, 4, hdr) || hdr == 0 || hdr == 0xFFFFFFFF) {
            return 0;
        }
        if ((hdr & ext_cap_header::id_mask) == id) {
            return pos;
        }
        pos = static_cast<uint16_t>((hdr >> ext_cap_header::next_shift) & 0xFFC);
        if (pos < reg::ext_cap_start) {
            return 0;
        }
    }
    return 0;
}

} // namespace sriov
