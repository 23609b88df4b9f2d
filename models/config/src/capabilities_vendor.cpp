// The escape hatch for anything the other builders do not model: Vendor
// Specific (PCI 3.0 6.7, cap ID 09h) and Vendor-Specific Extended (PCIe Base
// 7.9.5, 000Bh) capabilities with raw bytes and per-byte attribute masks.
#include "capability_builders.h"

#include "sriov/pcie/registers.h"

#include <fmt/format.h>

namespace sriov::config {

namespace {

uint8_t mask_at(const std::vector<uint8_t>& m, size_t i) {
    return i < m.size() ? m[i] : uint8_t{0};
}

// The bytes from `start`, one register per DW they touch (a register never
// crosses a DW), named after the capability and its offset.
void add_vendor_bytes(register_layout& l, const std::string& prefix, uint16_t start,
                      const vendor_bytes& v) {
    size_t i = 0;
    while (i < v.bytes.size()) {
        const uint16_t off = static_cast<uint16_t>(start + i);
        const size_t width = std::min<size_t>(4u - (off & 3u), v.bytes.size() - i);
        uint32_t reset = 0;
        uint32_t rw_mask = 0;
        uint32_t rw1c_mask = 0;
        for (size_t b = 0; b < width; ++b) {
            const unsigned sh = static_cast<unsigned>(8 * b);
            reset |= uint32_t{v.bytes[i + b]} << sh;
            rw_mask |= uint32_t{mask_at(v.rw_mask, i + b)} << sh;
            rw1c_mask |= uint32_t{mask_at(v.rw1c_mask, i + b)} << sh;
        }
        const reg_attr attr = rw_mask != 0     ? reg_attr::rw
                              : rw1c_mask != 0 ? reg_attr::rw1c
                                               : reg_attr::ro;
        l.add(rw(fmt::format("{}_{:03x}", prefix, off), off, static_cast<uint8_t>(width), reset,
                 rw_mask, rw1c_mask, attr));
        i += width;
    }
}

} // namespace

void add_vendor_specific_cap(register_layout& l, const capability_site& s,
                             const vendor_specific_params& c) {
    const std::string prefix = fmt::format("vendor_specific_{:02x}", s.offset);
    add_standard_header(l, s, prefix, cap_id::vendor_specific);
    l.add(ro(prefix + "_length", s.at(vendor_field::length), 1,
             static_cast<uint32_t>(vendor_field::data + c.bytes.size())));
    add_vendor_bytes(l, prefix, s.at(vendor_field::data), c);
}

void add_vendor_specific_ext_cap(register_layout& l, const capability_site& s,
                                 const vendor_specific_ext_params& c) {
    const std::string prefix = fmt::format("vsec_{:03x}", s.offset);
    add_extended_header(l, s, prefix, ext_cap_id::vendor_specific, 1);
    const uint32_t length = static_cast<uint32_t>(vsec_field::data + c.bytes.size());
    const uint32_t vsec_header = uint32_t{c.vsec_id} |
                                 uint32_t{c.vsec_rev} << ext_cap_header::version_shift |
                                 length << ext_cap_header::next_shift;
    l.add(ro(prefix + "_vsec_header", s.at(vsec_field::vsec_header), 4, vsec_header));
    add_vendor_bytes(l, prefix, s.at(vsec_field::data), c);
}

} // namespace sriov::config
