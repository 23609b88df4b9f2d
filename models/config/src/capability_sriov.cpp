// The SR-IOV extended capability (SR-IOV 3.3, PF only) and ARI (PCIe Base
// 7.8.7), at the offsets the lists give.
#include "capability_builders.h"

#include "sriov/pcie/registers.h"

#include <fmt/format.h>

namespace sriov::config {

namespace {

int popcount32(uint32_t v) {
    int n = 0;
    for (; v != 0; v &= v - 1) {
        ++n;
    }
    return n;
}

} // namespace

uint16_t reported_first_vf_offset(const pf_description& p, bool ari) {
    if (p.offset_stride == offset_stride_rule::ari_dependent && ari) {
        return 1;
    }
    return p.first_vf_offset;
}

uint16_t reported_vf_stride(const pf_description& p, bool ari) {
    if (p.offset_stride == offset_stride_rule::ari_dependent && ari) {
        return 1;
    }
    return p.vf_stride;
}

void add_ari_cap(register_layout& l, const capability_site& s, const ari_params& c) {
    add_extended_header(l, s, "ari", ext_cap_id::ari, 1);
    // No MFVC or ACS function groups: the control register is RO 0.
    l.add(ro("ari_cap", s.at(ari_field::cap), 2,
             uint32_t{c.next_function} << bits::ari_cap_next_function_shift));
    l.add(ro("ari_ctrl", s.at(ari_field::ctrl), 2, 0));
}

void add_sriov_cap(register_layout& l, const capability_site& s, const pf_description& p,
                   bool ari_capable_rw, uint8_t dependency_link) {
    const bool mig = p.migration_capable;
    const uint16_t total = p.total_vfs;
    const uint32_t supported = p.supported_page_sizes;

    // Hooks read the capability's other registers through its own offset.
    const uint16_t ctrl_at = s.at(sriov_field::ctrl);
    const uint16_t num_vfs_at = s.at(sriov_field::num_vfs);
    add_extended_header(l, s, "sriov", ext_cap_id::sriov, 1);
    l.add(ro("sriov_caps", s.at(sriov_field::caps), 4, mig ? 1u : 0u));

    // VF Enable only takes effect with NumVFs <= TotalVFs; ARI Capable
    // Hierarchy is locked while VF Enable was 1 before the write.
    l.add(with_hooks(
        rw("sriov_ctrl", ctrl_at, 2, 0,
           (mig ? 0x001Fu : 0x0019u) & (ari_capable_rw ? 0xFFFFu : ~bits::sriov_ctrl_ari_capable)),
        [total, num_vfs_at](write_context& c) {
            const uint32_t vfe = bits::sriov_ctrl_vf_enable;
            const uint32_t ari = bits::sriov_ctrl_ari_capable;
            if ((c.old_value & vfe) != 0) {
                c.value = (c.value & ~ari) | (c.old_value & ari);
                return;
            }
            if ((c.value & vfe) != 0) {
                const uint32_t num = c.device->pf_register(num_vfs_at, 2);
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
    l.add(rw("sriov_status", s.at(sriov_field::status), 2, 0, 0, mig ? 0x0001u : 0u,
             mig ? reg_attr::rw1c : reg_attr::ro));
    l.add(ro("sriov_initial_vfs", s.at(sriov_field::initial_vfs), 2, p.initial_vfs,
             reg_attr::hwinit));
    l.add(ro("sriov_total_vfs", s.at(sriov_field::total_vfs), 2, p.total_vfs, reg_attr::hwinit));
    // NumVFs: RW only while VF Enable = 0.
    l.add(with_hooks(rw("sriov_num_vfs", num_vfs_at, 2, 0, 0xFFFF), [ctrl_at](write_context& c) {
        if ((c.device->pf_register(ctrl_at, 2) & bits::sriov_ctrl_vf_enable) != 0) {
            c.value = c.old_value;
        }
    }));
    l.add(ro("sriov_fn_dep_link", s.at(sriov_field::fn_dep_link), 1, dependency_link));
    l.add(
        ro("sriov_vf_offset", s.at(sriov_field::vf_offset), 2, reported_first_vf_offset(p, false)));
    l.add(ro("sriov_vf_stride", s.at(sriov_field::vf_stride), 2, reported_vf_stride(p, false)));
    l.add(ro("sriov_vf_device_id", s.at(sriov_field::vf_device_id), 2, p.vf_device_id,
             reg_attr::hwinit));
    l.add(ro("sriov_supported_page_sizes", s.at(sriov_field::supported_page_sizes), 4, supported));
    // System Page Size: RW while VF Enable = 0; accepted only as one supported bit.
    l.add(with_hooks(
        rw("sriov_system_page_size", s.at(sriov_field::system_page_size), 4, 0x1, 0xFFFFFFFF),
        [supported, ctrl_at](write_context& c) {
            if ((c.device->pf_register(ctrl_at, 2) & bits::sriov_ctrl_vf_enable) != 0) {
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
    add_bars(l, p.vf_bars, s.at(sriov_field::vf_bar0), true);
    l.add(ro("sriov_vf_migration_state", s.at(sriov_field::vf_migration_state), 4, 0));
}

} // namespace sriov::config
