#include "description_capabilities.h"

#include <optional>
#include <string>
#include <variant>

namespace sriov::config::description {

namespace {

// Each kind's keys besides `type` and `offset`, onto its parameters.
void read_params(reader& r, const table_ref& t, pm_params& p) {
    r.only_keys(t, {"type", "offset", "pmc", "no_soft_reset"});
    r.integer(t, "pmc", p.pmc);
    r.boolean(t, "no_soft_reset", p.no_soft_reset);
}

void read_params(reader& r, const table_ref& t, msi_params& p) {
    r.only_keys(t, {"type", "offset", "address64", "per_vector_mask", "multiple_message_capable"});
    r.boolean(t, "address64", p.address64);
    r.boolean(t, "per_vector_mask", p.per_vector_mask);
    r.integer(t, "multiple_message_capable", p.multiple_message_capable, 0, 7);
}

void read_params(reader& r, const table_ref& t, msix_params& p) {
    r.only_keys(
        t, {"type", "offset", "table_size", "table_bir", "table_offset", "pba_bir", "pba_offset"});
    r.integer(t, "table_bir", p.table_bir, 0, 7);
    r.integer(t, "table_offset", p.table_offset);
    r.integer(t, "pba_bir", p.pba_bir, 0, 7);
    r.integer(t, "pba_offset", p.pba_offset);
}

void read_params(reader& r, const table_ref& t, pcie_params& p) {
    r.only_keys(t, {"type", "offset", "device_capabilities", "device_control", "link_capabilities",
                    "slot_clock", "device_capabilities2", "link_capabilities2"});
    r.integer(t, "device_capabilities", p.device_capabilities);
    r.integer(t, "device_control", p.device_control);
    r.integer(t, "link_capabilities", p.link_capabilities);
    r.boolean(t, "slot_clock", p.slot_clock);
    r.integer(t, "device_capabilities2", p.device_capabilities2);
    r.integer(t, "link_capabilities2", p.link_capabilities2);
}

void read_bytes(reader& r, const table_ref& t, vendor_bytes& p) {
    r.bytes(t, "bytes", p.bytes);
    r.bytes(t, "rw_mask", p.rw_mask);
    r.bytes(t, "rw1c_mask", p.rw1c_mask);
}

void read_params(reader& r, const table_ref& t, vendor_specific_params& p) {
    r.only_keys(t, {"type", "offset", "bytes", "rw_mask", "rw1c_mask"});
    read_bytes(r, t, p);
}

void read_params(reader& r, const table_ref& t, vendor_specific_ext_params& p) {
    r.only_keys(t, {"type", "offset", "vsec_id", "vsec_rev", "bytes", "rw_mask", "rw1c_mask"});
    r.integer(t, "vsec_id", p.vsec_id);
    r.integer(t, "vsec_rev", p.vsec_rev, 0, 15);
    read_bytes(r, t, p);
}

void read_params(reader& r, const table_ref& t, aer_params& p) {
    r.only_keys(t, {"type", "offset", "version", "uncorrectable_supported", "uncorrectable_mask",
                    "uncorrectable_severity", "correctable_supported", "correctable_mask",
                    "capabilities"});
    r.integer(t, "version", p.version, 0, 15);
    r.integer(t, "uncorrectable_supported", p.uncorrectable_supported);
    r.integer(t, "uncorrectable_mask", p.uncorrectable_mask);
    r.integer(t, "uncorrectable_severity", p.uncorrectable_severity);
    r.integer(t, "correctable_supported", p.correctable_supported);
    r.integer(t, "correctable_mask", p.correctable_mask);
    r.integer(t, "capabilities", p.capabilities);
}

void read_params(reader& r, const table_ref& t, ari_params& p) {
    r.only_keys(t, {"type", "offset", "next_function"});
    r.integer(t, "next_function", p.next_function);
}

void read_params(reader& r, const table_ref& t, sriov_params&) {
    r.only_keys(t, {"type", "offset"}); // its registers are [pf.sriov]'s
}

void read_params(reader& r, const table_ref& t, ats_params& p) {
    r.only_keys(t, {"type", "offset", "invalidate_queue_depth", "page_aligned_request",
                    "global_invalidate"});
    r.integer(t, "invalidate_queue_depth", p.invalidate_queue_depth, 0, 31);
    r.boolean(t, "page_aligned_request", p.page_aligned_request);
    r.boolean(t, "global_invalidate", p.global_invalidate);
}

void read_params(reader& r, const table_ref& t, acs_params& p) {
    r.only_keys(t, {"type", "offset", "capability"});
    r.integer(t, "capability", p.capability);
}

void read_params(reader& r, const table_ref& t, dsn_params& p) {
    r.only_keys(t, {"type", "offset", "serial_number"});
    r.wide_integer(t, "serial_number", p.serial_number);
}

capability_kind read_kind(reader& r, const table_ref& t) {
    const std::string type = *r.string(t, "type", true);
    for (unsigned k = 0; k < capability_kind_count; ++k) {
        if (type == to_string(static_cast<capability_kind>(k))) {
            return static_cast<capability_kind>(k);
        }
    }
    std::string names;
    for (unsigned k = 0; k < capability_kind_count; ++k) {
        names += (k ? ", " : "") + std::string(to_string(static_cast<capability_kind>(k)));
    }
    r.fail(*t.table.get("type"), t.key_path("type"), "expected one of " + names);
}

capability read_capability(reader& r, const table_ref& list, const table_ref& t,
                           uint16_t& msix_vectors) {
    const capability_kind kind = read_kind(r, t);
    uint16_t offset = 0;
    r.integer(t, "offset", offset, 0, 0xFFF, true);
    capability c = make_capability(kind, offset);
    std::visit([&](auto& params) { read_params(r, t, params); }, c.params);
    if (kind == capability_kind::msix && t.table.contains("table_size")) {
        r.integer(t, "table_size", msix_vectors);
        r.alias(list.key_path("capability.msix.table_size"), t.key_path("table_size"));
    }
    return c;
}

} // namespace

void read_capabilities(reader& r, const table_ref& function, std::vector<capability>& list,
                       uint16_t& msix_vectors) {
    const std::optional<std::vector<table_ref>> entries = r.array_of_tables(function, "capability");
    if (!entries) {
        return; // the built-in list
    }
    list.clear();
    for (const table_ref& t : *entries) {
        list.push_back(read_capability(r, function, t, msix_vectors));
    }
}

} // namespace sriov::config::description
