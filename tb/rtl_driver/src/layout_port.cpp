#include "sriov/rtl_driver/layout_port.h"

#include "sriov/pcie/registers.h"

#include <array>
#include <fmt/format.h>

namespace sriov::rtl {

namespace {

using config::capability_kind;
using config::register_layout;

constexpr uint16_t no_dw = 0xFFFF;
constexpr uint32_t dw_valid = 1u << 10; // the slot's {valid, DW number}

// Fixed slots (SL_* / SLV_* in rtl/sriov_cfg_port_space.sv): the DWs the
// block's behaviour reads or acts on. Byte offsets inside their structure.
struct fixed_slot {
    capability_kind cap;
    uint16_t field;
};
constexpr std::array<fixed_slot, 25> pf_fixed = {{
    {capability_kind::sriov, sriov_field::ctrl},
    {capability_kind::sriov, sriov_field::initial_vfs},
    {capability_kind::sriov, sriov_field::num_vfs},
    {capability_kind::sriov, sriov_field::vf_offset},
    {capability_kind::sriov, sriov_field::supported_page_sizes},
    {capability_kind::sriov, sriov_field::system_page_size},
    {capability_kind::sriov, sriov_field::vf_bar(0)},
    {capability_kind::sriov, sriov_field::vf_bar(1)},
    {capability_kind::sriov, sriov_field::vf_bar(2)},
    {capability_kind::sriov, sriov_field::vf_bar(3)},
    {capability_kind::sriov, sriov_field::vf_bar(4)},
    {capability_kind::sriov, sriov_field::vf_bar(5)},
    {capability_kind::pcie, pcie_field::dev_cap},
    {capability_kind::pcie, pcie_field::dev_ctrl},
    {capability_kind::pm, 0},
    {capability_kind::pm, pm_field::pmcsr},
    {capability_kind::aer, aer_field::uncor_status},
    {capability_kind::aer, aer_field::uncor_mask},
    {capability_kind::aer, aer_field::uncor_severity},
    {capability_kind::aer, aer_field::cor_status},
    {capability_kind::aer, aer_field::cap_ctrl},
    {capability_kind::aer, aer_field::header_log},
    {capability_kind::aer, aer_field::header_log + 4},
    {capability_kind::aer, aer_field::header_log + 8},
    {capability_kind::aer, aer_field::header_log + 12},
}};
constexpr std::array<fixed_slot, 3> vf_fixed = {{
    {capability_kind::pcie, pcie_field::dev_ctrl},
    {capability_kind::pm, 0},
    {capability_kind::pm, pm_field::pmcsr},
}};

uint32_t byte_mask_dw(const register_layout& l, uint16_t dw, bool sticky) {
    uint32_t m = 0;
    for (unsigned i = 0; i < 4; ++i) {
        const auto off = static_cast<uint16_t>(4 * dw + i);
        m |= uint32_t{sticky ? l.sticky_byte(off) : l.flr_keep_byte(off)} << (8 * i);
    }
    return m;
}

// True when a DW must be in the table: it reads non-zero or can change.
bool needed(const register_layout& l, uint16_t dw) {
    return l.reset_dw(dw) != 0 || l.slot_of(dw) != register_layout::no_slot ||
           byte_mask_dw(l, dw, false) != 0 || byte_mask_dw(l, dw, true) != 0;
}

// The DW number of each slot of one function kind's table (no_dw: unused),
// fixed slots first; `stored` slots (VF: each VF's own DWs) must hold every
// DW that can change.
template <size_t N>
std::vector<uint16_t> assign_slots(const register_layout& l, const std::array<fixed_slot, N>& fixed,
                                   unsigned slots, unsigned stored, const std::string& what) {
    std::vector<uint16_t> dw_of(slots, no_dw);
    std::array<bool, 1024> placed{};
    for (size_t s = 0; s < N; ++s) {
        const uint16_t at = l.capability_offset(fixed[s].cap);
        if (at != 0) {
            dw_of[s] = static_cast<uint16_t>((at + fixed[s].field) / 4);
            placed[dw_of[s]] = true;
        }
    }
    unsigned next_stored = N;
    unsigned next_ro = stored;
    for (uint16_t dw = 0; dw < 1024; ++dw) {
        if (placed[dw] || !needed(l, dw)) {
            continue;
        }
        const bool mutable_dw = l.slot_of(dw) != register_layout::no_slot;
        if (!mutable_dw && next_ro < slots) {
            dw_of[next_ro++] = dw;
        } else if (next_stored < stored) {
            dw_of[next_stored++] = dw;
        } else {
            throw layout_too_large(fmt::format(
                "{}: more DWs than the RTL block's {} slots ({} stored); rebuild it with larger "
                "sizes (rtl/CMakeLists.txt)",
                what, slots, stored));
        }
    }
    return dw_of;
}

void add_table(std::vector<port_write>& out, const register_layout& l,
               const std::vector<uint16_t>& dw_of, uint32_t base, bool vf) {
    const auto t = [vf](port_table pf_t) {
        return static_cast<port_table>(static_cast<uint8_t>(pf_t) +
                                       (vf ? static_cast<uint8_t>(port_table::vf_dw) : 0));
    };
    for (uint32_t s = 0; s < dw_of.size(); ++s) {
        const uint16_t dw = dw_of[s];
        if (dw == no_dw) {
            out.push_back({t(port_table::pf_dw), base + s, 0});
            continue;
        }
        out.push_back({t(port_table::pf_dw), base + s, dw_valid | dw});
        out.push_back({t(port_table::pf_reset), base + s, l.reset_dw(dw)});
        out.push_back({t(port_table::pf_rw), base + s, l.rw_dw(dw)});
        out.push_back({t(port_table::pf_rw1c), base + s, l.rw1c_dw(dw)});
        out.push_back({t(port_table::pf_keep), base + s, byte_mask_dw(l, dw, false)});
        out.push_back({t(port_table::pf_sticky), base + s, byte_mask_dw(l, dw, true)});
    }
}

// cfg_addr: the PF in bits 19:12, the slot or scalar index below.
uint32_t port_addr(size_t pf, uint32_t index) {
    return static_cast<uint32_t>(pf) << 12 | index;
}

void add_window(std::vector<port_write>& out, uint32_t index, uint64_t ns) {
    out.push_back({port_table::dev_scalar, index, static_cast<uint32_t>(ns)});
    out.push_back({port_table::dev_scalar, index + 1, static_cast<uint32_t>(ns >> 32)});
}

} // namespace

std::vector<port_write> layout_writes(const config::sriov_device& device, const port_sizes& sizes) {
    const config::device_description& d = device.profile();
    if (device.pf_count() > sizes.max_pfs) {
        throw layout_too_large(
            fmt::format("{} PFs: the RTL block holds {}", device.pf_count(), sizes.max_pfs));
    }
    std::vector<port_write> out;
    uint32_t vf_base = 0;
    size_t lowest = 0;
    for (size_t p = 0; p < device.pf_count(); ++p) {
        const config::pf_description& pf = d.pfs[p];
        const std::string name = fmt::format("PF {}", p);
        add_table(out, device.pf_layout(p),
                  assign_slots(device.pf_layout(p), pf_fixed, sizes.pf_slots, sizes.pf_slots, name),
                  port_addr(p, 0), false);
        add_table(out, device.vf_layout(p),
                  assign_slots(device.vf_layout(p), vf_fixed, sizes.vf_slots, sizes.vf_mut,
                               name + " VFs"),
                  port_addr(p, 0), true);
        uint32_t bar_hi = 0;
        for (unsigned i = 1; i < 6; ++i) {
            if (pf.vf_bars[i - 1].kind == config::bar_kind::mem64) {
                bar_hi |= 1u << i;
            }
        }
        const bool ari_dep = pf.offset_stride == config::offset_stride_rule::ari_dependent;
        out.push_back({port_table::pf_scalar, port_addr(p, 0),
                       uint32_t{pf.pf_rid} | (ari_dep ? 1u << 16 : 0u) | bar_hi << 20});
        out.push_back({port_table::pf_scalar, port_addr(p, 1), vf_base});
        vf_base += pf.total_vfs;
        if (vf_base > sizes.max_vfs) {
            throw layout_too_large(fmt::format("{} VFs in all: the RTL block's pool holds {}",
                                               vf_base, sizes.max_vfs));
        }
        if (pf.pf_rid < d.pfs[lowest].pf_rid) {
            lowest = p;
        }
    }
    out.push_back({port_table::dev_scalar, 0,
                   static_cast<uint32_t>(device.pf_count()) | static_cast<uint32_t>(lowest) << 16});
    add_window(out, 1, d.reset_ready_ns);
    add_window(out, 3, d.vf_enable_ready_ns);
    add_window(out, 5, d.flr_ready_ns);
    if (d.ep_cycles < 1 || d.ep_cycles > 0xFFFF) {
        throw layout_too_large(
            fmt::format("ep_cycles {}: the RTL block answers after 1..65535 clocks", d.ep_cycles));
    }
    out.push_back({port_table::dev_scalar, 7, d.ep_cycles});
    return out;
}

} // namespace sriov::rtl
