// The Type 0 configuration header of the PF and of a VF (PCI 3.0 6.1, SR-IOV
// 3.4.1) and the BARs, also those of the SR-IOV capability's VF BARs.
#include "capability_builders.h"

#include "sriov/pcie/registers.h"

namespace sriov::config {

namespace {

// Status: Capabilities List (bit 4) is set when the standard list is not empty.
uint16_t status_reset(uint8_t cap_ptr) {
    return cap_ptr != 0 ? bits::status_cap_list : uint16_t{0};
}

} // namespace

uint32_t bar_type_bits(const bar_spec& b) {
    switch (b.kind) {
    case bar_kind::none:
        return 0;
    case bar_kind::io:
        return bits::bar_io;
    case bar_kind::mem32:
        return b.prefetchable ? bits::bar_prefetchable : 0u;
    case bar_kind::mem64:
        return bits::bar_mem64 | (b.prefetchable ? bits::bar_prefetchable : 0u);
    }
    return 0;
}

uint32_t bar_low_mask(const bar_spec& b, uint64_t size) {
    if (b.kind == bar_kind::none || size == 0) {
        return 0;
    }
    const uint32_t addr = static_cast<uint32_t>(~(size - 1));
    return b.kind == bar_kind::io ? (addr & 0xFFFFFFFCu) : (addr & 0xFFFFFFF0u);
}

uint32_t bar_high_mask(uint64_t size) {
    if (size == 0) {
        return 0;
    }
    return static_cast<uint32_t>(~(size - 1) >> 32);
}

// VF BARs additionally get the System Page Size re-masking hook.
void add_bars(register_layout& l, const std::array<bar_spec, 6>& bars, uint16_t base,
              bool vf_bars) {
    static const char* const names[2][6] = {
        {"bar0", "bar1", "bar2", "bar3", "bar4", "bar5"},
        {"vf_bar0", "vf_bar1", "vf_bar2", "vf_bar3", "vf_bar4", "vf_bar5"}};
    for (unsigned i = 0; i < 6; ++i) {
        const uint16_t off = static_cast<uint16_t>(base + 4 * i);
        const char* name = names[vf_bars ? 1 : 0][i];
        const bar_spec& b = bars[i];
        if (i > 0 && bars[i - 1].kind == bar_kind::mem64) {
            // Upper DW of a 64-bit pair.
            const uint64_t size = bars[i - 1].size;
            const uint32_t mask = bar_high_mask(size);
            register_def d = rw(name, off, 4, 0, mask);
            if (vf_bars) {
                const unsigned lo = i - 1;
                d.on_write = [lo, mask](write_context& c) {
                    // Address bits below the effective (page-size widened) size read 0.
                    c.value &= ~(mask & ~bar_high_mask(c.device->vf_bar_size(lo)));
                };
            }
            l.add(std::move(d));
            continue;
        }
        if (b.kind == bar_kind::none) {
            l.add(ro(name, off, 4, 0));
            continue;
        }
        const uint32_t mask = bar_low_mask(b, b.size);
        register_def d = rw(name, off, 4, bar_type_bits(b), mask);
        if (vf_bars) {
            const bar_spec spec = b;
            d.on_write = [i, mask, spec](write_context& c) {
                c.value &= ~(mask & ~bar_low_mask(spec, c.device->vf_bar_size(i)));
            };
        }
        l.add(std::move(d));
    }
}

// --- Type 0 header --------------------------------------------------------

void add_type0_header_pf(register_layout& l, const pf_description& p, uint8_t cap_ptr,
                         bool multi_function) {
    l.add(ro("vendor_id", reg::vendor_id, 2, p.vendor_id, reg_attr::hwinit));
    l.add(ro("device_id", reg::device_id, 2, p.device_id, reg_attr::hwinit));
    l.add(rw("command", reg::command, 2, 0x0000, 0x0547));
    l.add(rw("status", reg::status, 2, status_reset(cap_ptr), 0, 0xF900, reg_attr::rw1c));
    l.add(ro("revision_id", reg::revision_id, 1, p.revision_id, reg_attr::hwinit));
    l.add(ro("class_code", reg::class_code, 3, p.class_code, reg_attr::hwinit));
    l.add(rw("cache_line_size", reg::cache_line_size, 1, 0x00, 0xFF));
    l.add(ro("latency_timer", reg::latency_timer, 1, 0x00));
    // Bit 7, Multi-Function Device: Linux scans functions 1-7 only when
    // function 0 has it (probe.c, pci_scan_slot / next_fn).
    l.add(ro("header_type", reg::header_type, 1,
             multi_function ? bits::header_type_multi_function : 0x00));
    l.add(ro("bist", reg::bist, 1, 0x00));
    add_bars(l, p.pf_bars, reg::bar0, false);
    l.add(ro("cardbus_cis", reg::cardbus_cis, 4, 0));
    l.add(ro("subsys_vendor_id", reg::subsys_vendor_id, 2, p.subsys_vendor_id, reg_attr::hwinit));
    l.add(ro("subsys_id", reg::subsys_id, 2, p.subsys_id, reg_attr::hwinit));
    l.add(ro("expansion_rom", reg::expansion_rom, 4, 0));
    l.add(ro("cap_ptr", reg::cap_ptr, 1, cap_ptr));
    l.add(rw("interrupt_line", reg::interrupt_line, 1, 0x00, 0xFF));
    l.add(ro("interrupt_pin", reg::interrupt_pin, 1, 0x01));
}

void add_type0_header_vf(register_layout& l, const pf_description& p, uint8_t cap_ptr) {
    l.add(ro("vendor_id", reg::vendor_id, 2, 0xFFFF));
    l.add(ro("device_id", reg::device_id, 2, 0xFFFF));
    l.add(rw("command", reg::command, 2, 0x0000, bits::command_bus_master));
    l.add(rw("status", reg::status, 2, status_reset(cap_ptr), 0, 0xF900, reg_attr::rw1c));
    l.add(ro("revision_id", reg::revision_id, 1, p.revision_id, reg_attr::hwinit));
    l.add(ro("class_code", reg::class_code, 3, p.vf_class_code, reg_attr::hwinit));
    l.add(ro("cache_line_size", reg::cache_line_size, 1, 0, reg_attr::rsvdp));
    l.add(ro("latency_timer", reg::latency_timer, 1, 0, reg_attr::rsvdp));
    l.add(ro("header_type", reg::header_type, 1, 0));
    l.add(ro("bist", reg::bist, 1, 0));
    static const char* const bar_names[6] = {"bar0", "bar1", "bar2", "bar3", "bar4", "bar5"};
    for (unsigned i = 0; i < 6; ++i) {
        l.add(ro(bar_names[i], reg::bar(i), 4, 0));
    }
    l.add(ro("cardbus_cis", reg::cardbus_cis, 4, 0));
    l.add(ro("subsys_vendor_id", reg::subsys_vendor_id, 2, p.subsys_vendor_id, reg_attr::hwinit));
    l.add(ro("subsys_id", reg::subsys_id, 2, p.vf_subsys_id, reg_attr::hwinit));
    l.add(ro("expansion_rom", reg::expansion_rom, 4, 0));
    l.add(ro("cap_ptr", reg::cap_ptr, 1, cap_ptr));
    l.add(ro("interrupt_line", reg::interrupt_line, 1, 0));
    l.add(ro("interrupt_pin", reg::interrupt_pin, 1, 0));
}

} // namespace sriov::config
