// Register tables of docs/config-space-map.md, one builder per structure.
// Side effects are declared next to the register they belong to.
#include "sriov/config/capabilities.h"

#include "sriov/pcie/registers.h"

#include <fmt/format.h>

#include <string>

namespace sriov::config {
namespace {

int popcount32(uint32_t v) {
    int n = 0;
    for (; v != 0; v &= v - 1) {
        ++n;
    }
    return n;
}

register_def ro(const char* name, uint16_t off, uint8_t width, uint32_t reset,
                reg_attr attr = reg_attr::ro) {
    register_def d;
    d.name = name;
    d.offset = off;
    d.width = width;
    d.reset = reset;
    d.attr = attr;
    return d;
}

register_def rw(const char* name, uint16_t off, uint8_t width, uint32_t reset, uint32_t rw_mask,
                uint32_t rw1c_mask = 0, reg_attr attr = reg_attr::rw) {
    register_def d = ro(name, off, width, reset, attr);
    d.rw_mask = rw_mask;
    d.rw1c_mask = rw1c_mask;
    return d;
}

// Bits a Function Level Reset leaves alone (PCIe Base 6.6.2).
register_def kept_by_flr(register_def d, uint32_t mask) {
    d.flr_keep_mask = mask;
    return d;
}

register_def with_hooks(register_def d, write_hook on_write, write_hook after_write = {}) {
    d.on_write = std::move(on_write);
    d.after_write = std::move(after_write);
    return d;
}

// Header BARs (PF) or VF BARs (SR-IOV capability): six DWs from `base`.
// VF BARs additionally get the System Page Size re-masking hook.
void add_bars(register_layout& l, const std::array<bar_spec, 6>& bars, uint16_t base,
              const char* prefix, bool vf_bars) {
    static const char* const names[2][6] = {
        {"bar0", "bar1", "bar2", "bar3", "bar4", "bar5"},
        {"vf_bar0", "vf_bar1", "vf_bar2", "vf_bar3", "vf_bar4", "vf_bar5"}};
    (void)prefix;
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

uint16_t reported_first_vf_offset(const device_profile& p, bool ari) {
    if (p.offset_stride == offset_stride_rule::ari_dependent && ari) {
        return 1;
    }
    return p.first_vf_offset;
}

uint16_t reported_vf_stride(const device_profile& p, bool ari) {
    if (p.offset_stride == offset_stride_rule::ari_dependent && ari) {
        return 1;
    }
    return p.vf_stride;
}

// --- Type 0 header --------------------------------------------------------

void add_type0_header_pf(register_layout& l, const device_profile& p) {
    l.add(ro("vendor_id", reg::vendor_id, 2, p.vendor_id, reg_attr::hwinit));
    l.add(ro("device_id", reg::device_id, 2, p.device_id, reg_attr::hwinit));
    l.add(rw("command", reg::command, 2, 0x0000, 0x0547));
    l.add(rw("status", reg::status, 2, bits::status_cap_list, 0, 0xF900, reg_attr::rw1c));
    l.add(ro("revision_id", reg::revision_id, 1, p.revision_id, reg_attr::hwinit));
    l.add(ro("class_code", reg::class_code, 3, p.class_code, reg_attr::hwinit));
    l.add(rw("cache_line_size", reg::cache_line_size, 1, 0x00, 0xFF));
    l.add(ro("latency_timer", reg::latency_timer, 1, 0x00));
    l.add(ro("header_type", reg::header_type, 1, 0x00));
    l.add(ro("bist", reg::bist, 1, 0x00));
    add_bars(l, p.pf_bars, reg::bar0, "bar", false);
    l.add(ro("cardbus_cis", reg::cardbus_cis, 4, 0));
    l.add(ro("subsys_vendor_id", reg::subsys_vendor_id, 2, p.subsys_vendor_id, reg_attr::hwinit));
    l.add(ro("subsys_id", reg::subsys_id, 2, p.subsys_id, reg_attr::hwinit));
    l.add(ro("expansion_rom", reg::expansion_rom, 4, 0));
    l.add(ro("cap_ptr", reg::cap_ptr, 1, reg::pm_cap));
    l.add(rw("interrupt_line", reg::interrupt_line, 1, 0x00, 0xFF));
    l.add(ro("interrupt_pin", reg::interrupt_pin, 1, 0x01));
}

void add_type0_header_vf(register_layout& l, const device_profile& p) {
    l.add(ro("vendor_id", reg::vendor_id, 2, 0xFFFF));
    l.add(ro("device_id", reg::device_id, 2, 0xFFFF));
    l.add(rw("command", reg::command, 2, 0x0000, bits::command_bus_master));
    l.add(rw("status", reg::status, 2, bits::status_cap_list, 0, 0xF900, reg_attr::rw1c));
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
    l.add(ro("cap_ptr", reg::cap_ptr, 1, reg::msix_cap));
    l.add(ro("interrupt_line", reg::interrupt_line, 1, 0));
    l.add(ro("interrupt_pin", reg::interrupt_pin, 1, 0));
}

// --- Power Management (PF only) -------------------------------------------

void add_pm_cap(register_layout& l) {
    l.add(ro("pm_cap_id", reg::pm_cap, 1, 0x01));
    l.add(ro("pm_next", reg::pm_next, 1, reg::msix_cap));
    l.add(ro("pmc", reg::pmc, 2, 0x0003));
    l.add(with_hooks(rw("pmcsr", reg::pmcsr, 2, bits::pmcsr_no_soft_reset, bits::pmcsr_power_state),
                     [](write_context& c) {
                         if (!c.wrote(bits::pmcsr_power_state)) {
                             return;
                         }
                         const uint32_t ps = c.value & bits::pmcsr_power_state;
                         if (ps == 1 || ps == 2) {
                             c.device->warn("PMCSR PowerState write of " + std::to_string(ps) +
                                            " (D" + std::to_string(ps) +
                                            ") ignored: D1/D2 not supported");
                             c.value = (c.value & ~uint32_t{bits::pmcsr_power_state}) |
                                       (c.old_value & bits::pmcsr_power_state);
                         }
                     }));
    l.add(ro("pm_data", reg::pm_data, 2, 0));
}

// --- MSI-X ------------------------------------------------------------------

void add_msix_cap(register_layout& l, const device_profile& p, bool vf) {
    const uint16_t vectors = vf ? p.vf_msix_vectors : p.pf_msix_vectors;
    l.add(ro("msix_cap_id", reg::msix_cap, 1, 0x11));
    l.add(ro("msix_next", reg::msix_next, 1, reg::pcie_cap));
    l.add(rw("msix_ctrl", reg::msix_ctrl, 2, static_cast<uint16_t>(vectors - 1u),
             bits::msix_ctrl_enable | bits::msix_ctrl_function_mask));
    l.add(ro("msix_table", reg::msix_table, 4, vf ? 0x00000003u : 0x00000004u));
    l.add(ro("msix_pba", reg::msix_pba, 4, vf ? 0x00002003u : 0x00002004u));
}

// --- PCI Express ----------------------------------------------------------

void add_pcie_cap(register_layout& l, const device_profile& p, bool vf) {
    const uint32_t gen = p.link_gen;
    const uint32_t link = gen | p.link_width << 4;
    l.add(ro("pcie_cap_id", reg::pcie_cap, 1, 0x10));
    l.add(ro("pcie_next", reg::pcie_next, 1, 0x00));
    l.add(ro("pcie_caps", reg::pcie_caps, 2, 0x0002));
    l.add(ro("dev_cap", reg::dev_cap, 4, 0x10008022));
    // Initiate FLR (bit 15) is not a stored bit: it always reads 0, and
    // writing 1 resets this function once the whole write has been applied.
    // In a VF every other field is RsvdP (SR-IOV VF Device Control table):
    // the PF's settings apply. A PF FLR keeps Max_Payload_Size (6.6.2).
    register_def dev_ctrl = vf ? rw("dev_ctrl", reg::dev_ctrl, 2, 0, 0, 0, reg_attr::rsvdp)
                               : kept_by_flr(rw("dev_ctrl", reg::dev_ctrl, 2, 0x2810, 0x79FF),
                                             bits::dev_ctrl_max_payload_size);
    l.add(with_hooks(std::move(dev_ctrl), {}, [](write_context& c) {
        if (c.wrote(bits::dev_ctrl_initiate_flr) && (c.data & bits::dev_ctrl_initiate_flr) != 0) {
            c.device->function_level_reset(c);
        }
    }));
    l.add(rw("dev_status", reg::dev_status, 2, 0x0000, 0, 0x000F, reg_attr::rw1c));
    l.add(ro("link_cap", reg::link_cap, 4, link));
    if (vf) {
        l.add(ro("link_ctrl", reg::link_ctrl, 2, 0, reg_attr::rsvdp));
    } else {
        // ASPM Control, RCB, Common Clock Configuration, Extended Synch:
        // every writable bit here is one FLR keeps (6.6.2).
        const uint32_t flr_kept = bits::link_ctrl_aspm_control | bits::link_ctrl_rcb |
                                  bits::link_ctrl_common_clock | bits::link_ctrl_extended_synch;
        l.add(kept_by_flr(rw("link_ctrl", reg::link_ctrl, 2, 0, 0x00CB), flr_kept));
    }
    l.add(ro("link_status", reg::link_status, 2, link | 0x1000));
    l.add(ro("dev_cap2", reg::dev_cap2, 4, 0x0000001F));
    if (vf) {
        l.add(ro("dev_ctrl2", reg::dev_ctrl2, 2, 0, reg_attr::rsvdp));
    } else {
        l.add(rw("dev_ctrl2", reg::dev_ctrl2, 2, 0, 0x001F));
    }
    l.add(ro("link_cap2", reg::link_cap2, 4, ((1u << gen) - 1u) << 1));
    if (vf) {
        l.add(ro("link_ctrl2", reg::link_ctrl2, 2, 0, reg_attr::rsvdp));
    } else {
        // Target Link Speed is RWS (sticky): FLR keeps it.
        l.add(kept_by_flr(rw("link_ctrl2", reg::link_ctrl2, 2, gen, 0x000F),
                          bits::link_ctrl2_target_link_speed));
    }
}

// --- ARI --------------------------------------------------------------------

void add_ari_cap(register_layout& l, bool vf) {
    l.add(ro("ari_header", reg::ari_header, 4, vf ? 0x0001000Eu : 0x1601000Eu));
    l.add(ro("ari_cap", reg::ari_cap, 2, 0));
    l.add(ro("ari_ctrl", reg::ari_ctrl, 2, 0));
}

// --- SR-IOV (PF only) -------------------------------------------------------

void add_sriov_cap(register_layout& l, const device_profile& p) {
    const bool mig = p.migration_capable;
    const uint16_t total = p.total_vfs;
    const uint32_t supported = p.supported_page_sizes;

    l.add(ro("sriov_header", reg::sriov_header, 4, 0x00010010));
    l.add(ro("sriov_caps", reg::sriov_caps, 4, mig ? 1u : 0u));

    // VF Enable only takes effect with NumVFs <= TotalVFs; ARI Capable
    // Hierarchy is locked while VF Enable was 1 before the write.
    l.add(with_hooks(
        rw("sriov_ctrl", reg::sriov_ctrl, 2, 0, mig ? 0x001Fu : 0x0019u),
        [total](write_context& c) {
            const uint32_t vfe = bits::sriov_ctrl_vf_enable;
            const uint32_t ari = bits::sriov_ctrl_ari_capable;
            if ((c.old_value & vfe) != 0) {
                c.value = (c.value & ~ari) | (c.old_value & ari);
                return;
            }
            if ((c.value & vfe) != 0) {
                const uint32_t num = c.device->pf_register(reg::sriov_num_vfs, 2);
                if (num > total) {
                    c.value &= ~vfe;
                    c.device->warn("SR-IOV VF Enable ignored: NumVFs = " + std::to_string(num) +
                                   " exceeds TotalVFs = " + std::to_string(total));
                }
            }
        },
        [](write_context& c) {
            const uint32_t vfe = bits::sriov_ctrl_vf_enable;
            if (((c.old_value ^ c.value) & vfe) != 0) {
                c.device->vf_enable_changed((c.value & vfe) != 0, c.now_ns);
            }
            c.device->offset_stride_update();
        }));
    l.add(rw("sriov_status", reg::sriov_status, 2, 0, 0, mig ? 0x0001u : 0u,
             mig ? reg_attr::rw1c : reg_attr::ro));
    l.add(ro("sriov_initial_vfs", reg::sriov_initial_vfs, 2, p.initial_vfs, reg_attr::hwinit));
    l.add(ro("sriov_total_vfs", reg::sriov_total_vfs, 2, p.total_vfs, reg_attr::hwinit));
    // NumVFs: RW only while VF Enable = 0.
    l.add(with_hooks(rw("sriov_num_vfs", reg::sriov_num_vfs, 2, 0, 0xFFFF), [](write_context& c) {
        if ((c.device->pf_register(reg::sriov_ctrl, 2) & bits::sriov_ctrl_vf_enable) != 0) {
            c.value = c.old_value;
        }
    }));
    l.add(ro("sriov_fn_dep_link", reg::sriov_fn_dep_link, 1, 0));
    l.add(ro("sriov_vf_offset", reg::sriov_vf_offset, 2, reported_first_vf_offset(p, false)));
    l.add(ro("sriov_vf_stride", reg::sriov_vf_stride, 2, reported_vf_stride(p, false)));
    l.add(ro("sriov_vf_device_id", reg::sriov_vf_device_id, 2, p.vf_device_id, reg_attr::hwinit));
    l.add(ro("sriov_supported_page_sizes", reg::sriov_supported_page_sizes, 4, supported));
    // System Page Size: RW while VF Enable = 0; accepted only as one supported bit.
    l.add(with_hooks(
        rw("sriov_system_page_size", reg::sriov_system_page_size, 4, 0x1, 0xFFFFFFFF),
        [supported](write_context& c) {
            if ((c.device->pf_register(reg::sriov_ctrl, 2) & bits::sriov_ctrl_vf_enable) != 0) {
                c.value = c.old_value;
                return;
            }
            if (c.value == c.old_value) {
                return;
            }
            if (popcount32(c.value) != 1 || (c.value & supported) == 0) {
                c.device->warn(fmt::format("SR-IOV System Page Size write of 0x{:08X} ignored: "
                                           "must be one bit of Supported Page Sizes 0x{:08X}",
                                           c.value, supported));
                c.value = c.old_value;
            }
        },
        [](write_context& c) {
            if (c.value != c.old_value) {
                c.device->system_page_size_changed();
            }
        }));
    add_bars(l, p.vf_bars, reg::sriov_vf_bar0, "vf_bar", true);
    l.add(ro("sriov_vf_migration_state", reg::sriov_vf_migration_state, 4, 0));
}

register_layout build_pf_layout(const device_profile& p) {
    register_layout l;
    add_type0_header_pf(l, p);
    add_pm_cap(l);
    add_msix_cap(l, p, false);
    add_pcie_cap(l, p, false);
    add_ari_cap(l, false);
    add_sriov_cap(l, p);
    return l;
}

register_layout build_vf_layout(const device_profile& p) {
    register_layout l;
    add_type0_header_vf(l, p);
    add_msix_cap(l, p, true);
    add_pcie_cap(l, p, true);
    add_ari_cap(l, true);
    return l;
}

} // namespace sriov::config
