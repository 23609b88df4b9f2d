// Functional coverage of the configurable block's own structures
// (rtl/sriov_cfg_port_space.sv; functional_coverage.h). Every bin is read
// from the request and the TLM device after it applied the request, never
// from the RTL: the bins say what the stimulus made the device do.
#include "sriov/crosscheck/functional_coverage.h"

#include "sriov/config/register_file.h"
#include "sriov/pcie/registers.h"
#include "sriov/tlp/tlp_format.h"

#include <algorithm>

namespace sriov::crosscheck {

namespace {

constexpr const char* table_names[] = {
    "pf_dw",    "pf_reset", "pf_rw",   "pf_rw1c", "pf_keep",   "pf_sticky", "vf_dw",
    "vf_reset", "vf_rw",    "vf_rw1c", "vf_keep", "vf_sticky", "pf_scalar", "dev_scalar"};
constexpr size_t tables = sizeof(table_names) / sizeof(table_names[0]);

// PF 0 and the others ("pf1+"): a two-PF device exercises the PF index paths.
const char* const pf_groups[] = {"pf0", "pf1+"};

const char* const pf_events[] = {"pf/SC",  "pf/CRS", "vf/SC",    "vf/CRS",
                                 "pf/FLR", "vf/FLR", "VF Enable"};

const char* const other_goals[] = {
    "block/soft_reset/pf",            // D3hot -> D0 without No_Soft_Reset, PF
    "block/soft_reset/vf",            // ... a VF
    "block/d_state/pf/D1-D2 refused", // PowerState the PMC does not support
    "block/ur/several PFs",           // UR of an absent function, not logged
    "block/ur/no AER",                // logged in Device Status only
    "block/ur/AER header logged",     // First Error Pointer and Header Log take it
    "block/ur/AER header kept",       // an earlier UR's header stays
    "block/ur/AER masked",            // UR masked: status only, no header
    "block/ur/AER fatal",             // Severity says fatal
    "block/ur/AER advisory",          // non-fatal with Role-Based Error Reporting
    "block/load/multi-PF layout",
    "block/load/ARI-dependent offset/stride",
    "block/load/64-bit VF BAR",
};

constexpr uint16_t dw_of(uint16_t offset) {
    return static_cast<uint16_t>(offset / 4);
}

// The DW of a capability register of `l`, or 0xFFFF without the capability.
uint16_t cap_dw(const config::register_layout& l, config::capability_kind k, uint16_t field) {
    const uint16_t cap = l.capability_offset(k);
    return cap == 0 ? 0xFFFF : dw_of(static_cast<uint16_t>(cap + field));
}

} // namespace

std::array<uint32_t, 4> aer_header_log(const tlp& t) {
    const tlp_bytes b = encode(t);
    const unsigned dws = (b[0] & 0x20) != 0 ? 4 : 3; // Fmt bit 0: 4-DW header
    std::array<uint32_t, 4> h{};
    for (unsigned i = 0; i < dws && 4 * i + 3 < b.size(); ++i) {
        h[i] = uint32_t{b[4 * i]} << 24 | uint32_t{b[4 * i + 1]} << 16 |
               uint32_t{b[4 * i + 2]} << 8 | b[4 * i + 3];
    }
    return h;
}

void functional_coverage::expect_block_goals() {
    if (block_goals_) {
        return;
    }
    block_goals_ = true;
    for (const char* g : pf_groups) {
        for (const char* e : pf_events) {
            goals_.push_back(std::string("block/") + g + "/" + e);
        }
    }
    for (const char* t : table_names) {
        goals_.push_back(std::string("block/load/") + t);
    }
    goals_.insert(goals_.end(), std::begin(other_goals), std::end(other_goals));
}

void functional_coverage::sample_layout(const std::vector<rtl::port_write>& writes) {
    for (const rtl::port_write& w : writes) {
        const auto t = static_cast<size_t>(w.table);
        if (t < tables && w.data != 0) {
            ++hits_[std::string("block/load/") + table_names[t]];
        }
        const bool index0 = (w.addr & 0xFFF) == 0;
        if (w.table == rtl::port_table::dev_scalar && index0 && (w.data & 0x1FF) > 1) {
            ++hits_["block/load/multi-PF layout"];
        }
        if (w.table == rtl::port_table::pf_scalar && index0 && (w.data & (1u << 16)) != 0) {
            ++hits_["block/load/ARI-dependent offset/stride"];
        }
        if (w.table == rtl::port_table::pf_scalar && index0 && (w.data & (0x3Fu << 20)) != 0) {
            ++hits_["block/load/64-bit VF BAR"];
        }
    }
}

void functional_coverage::sample_block(const tlp& request, completion_status status,
                                       function_kind kind) {
    if (kind == function_kind::absent) {
        if (status == completion_status::unsupported_request) {
            sample_ur(request);
        }
        return;
    }
    if (kind != function_kind::pf && kind != function_kind::vf) {
        return;
    }
    const std::optional<size_t> pf = device_.pf_of(request.completer);
    if (!pf) {
        return; // the write removed its own function (a PF's VF Enable cleared)
    }
    const size_t group = std::min<size_t>(*pf, 1);
    const std::string prefix = std::string("block/") + pf_groups[group] + "/";
    const char* fn = kind == function_kind::pf ? "pf/" : "vf/";
    const bool crs = status == completion_status::config_request_retry;
    if (crs || status == completion_status::successful) {
        uint64_t*& n = access_hits_[group * 4 + (kind == function_kind::vf ? 2 : 0) + crs];
        if (n == nullptr) {
            n = &hits_[prefix + fn + sriov::to_string(status)];
        }
        ++*n;
    } else {
        ++hits_[prefix + fn + sriov::to_string(status)];
    }
    if (is_write(request.type) && status == completion_status::successful) {
        sample_write_events(request, kind, *pf, prefix);
    }
}

void functional_coverage::sample_write_events(const tlp& request, function_kind kind, size_t pf,
                                              const std::string& prefix) {
    using config::capability_kind;
    const bool is_pf = kind == function_kind::pf;
    const config::register_layout& l = is_pf ? device_.pf_layout(pf) : device_.vf_layout(pf);
    const uint16_t dw = request.dw_index;
    const uint32_t bem =
        (request.first_be & 1 ? 0xFFu : 0u) | (request.first_be & 2 ? 0xFF00u : 0u);
    const uint32_t data = request.data & bem;
    if (dw == cap_dw(l, capability_kind::pcie, pcie_field::dev_ctrl) &&
        (data & bits::dev_ctrl_initiate_flr) != 0) {
        ++hits_[prefix + (is_pf ? "pf/FLR" : "vf/FLR")];
        power_state_.clear(); // a PF FLR takes its VFs too
    }
    if (is_pf && dw == cap_dw(l, capability_kind::sriov, sriov_field::ctrl) &&
        (request.first_be & 1) != 0) {
        if ((data & bits::sriov_ctrl_vf_enable) != 0 && device_.active_vfs(pf) > 0) {
            ++hits_[prefix + "VF Enable"];
        }
        power_state_.clear(); // new VFs start in D0
    }
    if (dw != cap_dw(l, capability_kind::pm, pm_field::pmcsr) || (request.first_be & 1) == 0) {
        return;
    }
    const std::optional<uint32_t> now = device_.peek_dw(request.completer, dw);
    if (!now) {
        return;
    }
    const uint32_t state = *now & bits::pmcsr_power_state;
    const uint32_t asked = request.data & bits::pmcsr_power_state;
    if (is_pf && (asked == 1 || asked == 2) && state != asked) {
        ++hits_["block/d_state/pf/D1-D2 refused"];
    }
    const auto was = power_state_.find(request.completer.value);
    const bool soft = was != power_state_.end() && was->second == 3 && state == 0 &&
                      (*now & bits::pmcsr_no_soft_reset) == 0;
    if (soft) {
        ++hits_[is_pf ? "block/soft_reset/pf" : "block/soft_reset/vf"];
        power_state_.clear(); // a PF's soft reset takes its VFs
    }
    power_state_[request.completer.value] = state;
}

void functional_coverage::sample_ur(const tlp& request) {
    if (device_.pf_count() > 1) {
        ++hits_["block/ur/several PFs"]; // only a one-PF device logs it
        return;
    }
    const config::register_layout& l = device_.pf_layout(0);
    const routing_id pf = device_.pf_rid(0);
    const uint16_t aer = l.capability_offset(config::capability_kind::aer);
    if (aer == 0) {
        ++hits_["block/ur/no AER"];
        return;
    }
    const auto reg = [&](uint16_t field) {
        return device_.peek_dw(pf, dw_of(static_cast<uint16_t>(aer + field))).value_or(0);
    };
    const uint32_t ur = bits::aer_uncor_unsupported_request;
    if ((reg(aer_field::uncor_mask) & ur) != 0) {
        ++hits_["block/ur/AER masked"];
    } else {
        const std::array<uint32_t, 4> h = aer_header_log(request);
        const auto ur_bit = static_cast<uint32_t>(__builtin_ctz(ur));
        bool logged = (reg(aer_field::cap_ctrl) & bits::aer_first_error_pointer) == ur_bit;
        for (uint16_t i = 0; i < 4; ++i) {
            logged = logged && reg(static_cast<uint16_t>(aer_field::header_log + 4 * i)) == h[i];
        }
        ++hits_[logged ? "block/ur/AER header logged" : "block/ur/AER header kept"];
    }
    if ((reg(aer_field::uncor_severity) & ur) != 0) {
        ++hits_["block/ur/AER fatal"];
    } else if ((device_.peek_dw(pf, cap_dw(l, config::capability_kind::pcie, pcie_field::dev_cap))
                    .value_or(0) &
                bits::dev_cap_role_based_errors) != 0) {
        ++hits_["block/ur/AER advisory"];
    }
}

} // namespace sriov::crosscheck
