// The capability data model: names, kinds and comparison (device_profile.h).
#include "sriov/config/device_profile.h"

#include <tuple>

namespace sriov::config {

const char* to_string(capability_kind k) {
    switch (k) {
    case capability_kind::pm:
        return "pm";
    case capability_kind::msi:
        return "msi";
    case capability_kind::msix:
        return "msix";
    case capability_kind::pcie:
        return "pcie";
    case capability_kind::vendor_specific:
        return "vendor_specific";
    case capability_kind::aer:
        return "aer";
    case capability_kind::ari:
        return "ari";
    case capability_kind::sriov:
        return "sriov";
    case capability_kind::ats:
        return "ats";
    case capability_kind::acs:
        return "acs";
    case capability_kind::dsn:
        return "dsn";
    case capability_kind::vendor_specific_ext:
        return "vendor_specific_ext";
    }
    return "?";
}

bool is_extended(capability_kind k) {
    switch (k) {
    case capability_kind::pm:
    case capability_kind::msi:
    case capability_kind::msix:
    case capability_kind::pcie:
    case capability_kind::vendor_specific:
        return false;
    default:
        return true;
    }
}

namespace {
template <size_t I = 0>
capability_params default_params(capability_kind kind) {
    if constexpr (I < std::variant_size_v<capability_params>) {
        if (static_cast<size_t>(kind) == I) {
            return capability_params(std::in_place_index<I>);
        }
        return default_params<I + 1>(kind);
    } else {
        return capability_params{};
    }
}
} // namespace

capability make_capability(capability_kind kind, uint16_t offset) {
    static_assert(std::variant_size_v<capability_params> == capability_kind_count,
                  "one parameter type per capability_kind, in its order");
    return capability{offset, default_params(kind)};
}

bool operator==(const pm_params& a, const pm_params& b) {
    return std::tie(a.pmc, a.no_soft_reset) == std::tie(b.pmc, b.no_soft_reset);
}
bool operator==(const msi_params& a, const msi_params& b) {
    return std::tie(a.address64, a.per_vector_mask, a.multiple_message_capable) ==
           std::tie(b.address64, b.per_vector_mask, b.multiple_message_capable);
}
bool operator==(const msix_params& a, const msix_params& b) {
    return std::tie(a.table_bir, a.table_offset, a.pba_bir, a.pba_offset) ==
           std::tie(b.table_bir, b.table_offset, b.pba_bir, b.pba_offset);
}
bool operator==(const pcie_params& a, const pcie_params& b) {
    return std::tie(a.device_capabilities, a.device_control, a.link_capabilities, a.slot_clock,
                    a.device_capabilities2, a.link_capabilities2) ==
           std::tie(b.device_capabilities, b.device_control, b.link_capabilities, b.slot_clock,
                    b.device_capabilities2, b.link_capabilities2);
}
namespace {
bool same_bytes(const vendor_bytes& a, const vendor_bytes& b) {
    return std::tie(a.bytes, a.rw_mask, a.rw1c_mask) == std::tie(b.bytes, b.rw_mask, b.rw1c_mask);
}
} // namespace
bool operator==(const vendor_specific_params& a, const vendor_specific_params& b) {
    return same_bytes(a, b);
}
bool operator==(const vendor_specific_ext_params& a, const vendor_specific_ext_params& b) {
    return same_bytes(a, b) && a.vsec_id == b.vsec_id && a.vsec_rev == b.vsec_rev;
}
bool operator==(const aer_params& a, const aer_params& b) {
    return std::tie(a.version, a.uncorrectable_supported, a.uncorrectable_mask,
                    a.uncorrectable_severity, a.correctable_supported, a.correctable_mask,
                    a.capabilities) == std::tie(b.version, b.uncorrectable_supported,
                                                b.uncorrectable_mask, b.uncorrectable_severity,
                                                b.correctable_supported, b.correctable_mask,
                                                b.capabilities);
}
bool operator==(const ari_params& a, const ari_params& b) {
    return a.next_function == b.next_function;
}
bool operator==(const sriov_params&, const sriov_params&) {
    return true;
}
bool operator==(const ats_params& a, const ats_params& b) {
    return std::tie(a.invalidate_queue_depth, a.page_aligned_request, a.global_invalidate) ==
           std::tie(b.invalidate_queue_depth, b.page_aligned_request, b.global_invalidate);
}
bool operator==(const acs_params& a, const acs_params& b) {
    return a.capability == b.capability;
}
bool operator==(const dsn_params& a, const dsn_params& b) {
    return a.serial_number == b.serial_number;
}
bool operator==(const capability& a, const capability& b) {
    return a.offset == b.offset && a.params == b.params;
}

bool operator==(const bar_spec& a, const bar_spec& b) {
    return a.kind == b.kind && a.prefetchable == b.prefetchable && a.size == b.size;
}

namespace {

// Every field of a PF / a device, for comparison.
auto fields(const pf_description& p) {
    return std::tie(p.pf_rid, p.vendor_id, p.device_id, p.revision_id, p.class_code,
                    p.subsys_vendor_id, p.subsys_id, p.vf_class_code, p.vf_subsys_id, p.pf_bars,
                    p.pf_msix_vectors, p.vf_msix_vectors, p.initial_vfs, p.total_vfs,
                    p.first_vf_offset, p.vf_stride, p.offset_stride, p.vf_device_id,
                    p.supported_page_sizes, p.migration_capable, p.vf_bars, p.pf_capabilities,
                    p.vf_capabilities, p.function_dependency_link);
}
auto fields(const device_description& d) {
    return std::tie(d.pfs, d.link_gen, d.link_width, d.reset_ready_ns, d.vf_enable_ready_ns,
                    d.flr_ready_ns, d.ep_cycles, d.ep_clock_mhz);
}

} // namespace

bool operator==(const pf_description& a, const pf_description& b) {
    return fields(a) == fields(b);
}

bool operator==(const device_description& a, const device_description& b) {
    return fields(a) == fields(b);
}

} // namespace sriov::config
