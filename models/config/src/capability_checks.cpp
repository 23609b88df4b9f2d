// validate() for the capability lists of docs/device-description.md: each entry
// inside its space, DW aligned, no overlaps, the kinds a PF and a VF must,
// may and must not have, and parameters the registers can hold.
#include "capability_builders.h"
#include "profile_checks.h"

#include "sriov/pcie/registers.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace sriov::config {

namespace {

std::string hex(uint64_t v) {
    return fmt::format("0x{:X}", v);
}

// One list being checked: its name in messages and the function kind.
struct function_list {
    const char* name; // "pf_capabilities" / "vf_capabilities"
    const std::vector<capability>& caps;
    bool vf;
    const std::array<bar_spec, 6>& bars;
    uint16_t msix_vectors;
};

std::string field_of(const function_list& f, size_t i, const char* member) {
    return fmt::format("{}[{}] ({}).{}", f.name, i, to_string(f.caps[i].kind()), member);
}

void check_mask_lengths(const function_list& f, size_t i, const vendor_bytes& v) {
    if (v.rw_mask.size() > v.bytes.size()) {
        fail(field_of(f, i, "rw_mask"), std::to_string(v.rw_mask.size()) + " bytes",
             "longer than bytes (" + std::to_string(v.bytes.size()) + ")");
    }
    if (v.rw1c_mask.size() > v.bytes.size()) {
        fail(field_of(f, i, "rw1c_mask"), std::to_string(v.rw1c_mask.size()) + " bytes",
             "longer than bytes (" + std::to_string(v.bytes.size()) + ")");
    }
    for (size_t b = 0; b < v.rw_mask.size() && b < v.rw1c_mask.size(); ++b) {
        if ((v.rw_mask[b] & v.rw1c_mask[b]) != 0) {
            fail(field_of(f, i, "rw1c_mask"), fmt::format("byte {} 0x{:02X}", b, v.rw1c_mask[b]),
                 fmt::format("overlaps rw_mask 0x{:02X}: a bit is RW or RW1C", v.rw_mask[b]));
        }
    }
}

// An MSI-X table or PBA of `bytes` at BIR/offset lies inside a memory BAR
// of the function (PCI 3.0 6.8.2.4: offsets QW aligned).
void check_msix_structure(const function_list& f, size_t i, const char* what, uint8_t bir,
                          uint32_t offset, uint64_t bytes) {
    const std::string bir_field = field_of(f, i, (std::string(what) + "_bir").c_str());
    const std::string off_field = field_of(f, i, (std::string(what) + "_offset").c_str());
    const char* bar_prefix = f.vf ? "vf_bar" : "pf_bar";
    if (bir > 5) {
        fail(bir_field, std::to_string(bir), "BIR is 0..5");
    }
    const bar_spec& b = f.bars[bir];
    if (b.kind != bar_kind::mem32 && b.kind != bar_kind::mem64) {
        fail(bir_field, std::to_string(bir),
             fmt::format("{}{} is not a memory BAR", bar_prefix, bir));
    }
    if ((offset & 7u) != 0) {
        fail(off_field, hex(offset), "must be 8-byte aligned (the BIR takes bits 2:0)");
    }
    if (uint64_t{offset} + bytes > b.size) {
        fail(off_field, hex(offset),
             fmt::format("the {} ({} bytes for {} vectors) ends past {}{} ({} bytes)", what, bytes,
                         f.msix_vectors, bar_prefix, bir, b.size));
    }
}

void check_msix(const function_list& f, size_t i, const msix_params& c) {
    const uint64_t table = uint64_t{f.msix_vectors} * 16;
    const uint64_t pba = (uint64_t{f.msix_vectors} + 63) / 64 * 8;
    check_msix_structure(f, i, "table", c.table_bir, c.table_offset, table);
    check_msix_structure(f, i, "pba", c.pba_bir, c.pba_offset, pba);
    if (c.table_bir == c.pba_bir && c.table_offset < c.pba_offset + pba &&
        c.pba_offset < c.table_offset + table) {
        fail(field_of(f, i, "pba_offset"), hex(c.pba_offset),
             fmt::format("the PBA overlaps the table (0x{:X}..0x{:X} in the same BAR)",
                         c.table_offset, c.table_offset + table - 1));
    }
}

void check_aer(const function_list& f, size_t i, const aer_params& c) {
    if (c.version < 1 || c.version > 2) {
        fail(field_of(f, i, "version"), std::to_string(c.version), "AER version is 1 or 2");
    }
    const auto subset = [&](const char* member, uint32_t v, uint32_t supported,
                            const char* supported_name) {
        if ((v & ~supported) != 0) {
            fail(field_of(f, i, member), hex(v),
                 fmt::format("sets bits outside {} {}", supported_name, hex(supported)));
        }
    };
    subset("uncorrectable_mask", c.uncorrectable_mask, c.uncorrectable_supported,
           "uncorrectable_supported");
    subset("uncorrectable_severity", c.uncorrectable_severity, c.uncorrectable_supported,
           "uncorrectable_supported");
    subset("correctable_mask", c.correctable_mask, c.correctable_supported,
           "correctable_supported");
    const uint32_t capability_bits = bits::aer_ecrc_gen_capable | bits::aer_ecrc_check_capable |
                                     bits::aer_multiple_header_capable |
                                     bits::aer_tlp_prefix_log_present |
                                     bits::aer_cto_prefix_log_capable;
    subset("capabilities", c.capabilities, capability_bits, "the capability bits");
}

// The parameters of entry i, as far as its registers can hold them.
void check_params(const function_list& f, size_t i) {
    const capability& c = f.caps[i];
    if (const auto* msi = std::get_if<msi_params>(&c.params)) {
        if (msi->multiple_message_capable > 5) {
            fail(field_of(f, i, "multiple_message_capable"),
                 std::to_string(msi->multiple_message_capable), "must be 0..5 (1..32 vectors)");
        }
    } else if (const auto* msix = std::get_if<msix_params>(&c.params)) {
        check_msix(f, i, *msix);
    } else if (const auto* pcie = std::get_if<pcie_params>(&c.params)) {
        if ((pcie->link_capabilities & bits::link_cap_speed_width) != 0) {
            fail(field_of(f, i, "link_capabilities"), hex(pcie->link_capabilities),
                 "bits 9:0 (speed, width) come from link_gen and link_width");
        }
        if ((pcie->link_capabilities2 & bits::link_cap2_speeds) != 0) {
            fail(field_of(f, i, "link_capabilities2"), hex(pcie->link_capabilities2),
                 "bits 7:1 (Supported Link Speeds) come from link_gen");
        }
    } else if (const auto* vs = std::get_if<vendor_specific_params>(&c.params)) {
        if (vs->bytes.size() > 0xFFu - vendor_field::data) {
            fail(field_of(f, i, "bytes"), std::to_string(vs->bytes.size()) + " bytes",
                 "the length byte holds at most 252 bytes after the header");
        }
        check_mask_lengths(f, i, *vs);
    } else if (const auto* vsec = std::get_if<vendor_specific_ext_params>(&c.params)) {
        if (vsec->bytes.size() > 0xFFFu - vsec_field::data) {
            fail(field_of(f, i, "bytes"), std::to_string(vsec->bytes.size()) + " bytes",
                 "VSEC Length holds at most 4087 bytes after the headers");
        }
        if (vsec->vsec_rev > 15) {
            fail(field_of(f, i, "vsec_rev"), std::to_string(vsec->vsec_rev), "must be 0..15");
        }
        check_mask_lengths(f, i, *vsec);
    } else if (const auto* aer = std::get_if<aer_params>(&c.params)) {
        check_aer(f, i, *aer);
    } else if (const auto* ats = std::get_if<ats_params>(&c.params)) {
        if (ats->invalidate_queue_depth > 31) {
            fail(field_of(f, i, "invalidate_queue_depth"),
                 std::to_string(ats->invalidate_queue_depth), "must be 0..31");
        }
        if (f.vf && ats->invalidate_queue_depth != 0) {
            fail(field_of(f, i, "invalidate_queue_depth"),
                 std::to_string(ats->invalidate_queue_depth),
                 "is 0 in a VF: VFs share the PF's queue (SR-IOV 3.7)");
        }
    } else if (const auto* acs = std::get_if<acs_params>(&c.params)) {
        const uint16_t modelled = bits::acs_cap_controls & ~bits::acs_cap_egress_control;
        if ((acs->capability & ~modelled) != 0) {
            fail(field_of(f, i, "capability"), hex(acs->capability),
                 "only bits 6:0 without Egress Control (bit 5) are modelled");
        }
    }
}

// Entry i lies inside its space, DW aligned.
void check_placement(const function_list& f, size_t i) {
    const capability& c = f.caps[i];
    const uint32_t end = uint32_t{c.offset} + capability_size(c);
    const std::string field = field_of(f, i, "offset");
    if ((c.offset & 3u) != 0) {
        fail(field, hex(c.offset), "capabilities are DW aligned");
    }
    if (is_extended(c.kind())) {
        if (c.offset < reg::ext_cap_start || end > reg::config_space_size) {
            fail(field, hex(c.offset),
                 fmt::format("an extended capability lies in 0x100..0xFFF (it ends at 0x{:X})",
                             end - 1));
        }
    } else if (c.offset < reg::std_cap_start || end > reg::ext_cap_start) {
        fail(field, hex(c.offset),
             fmt::format("a standard capability lies in 0x40..0xFF (it ends at 0x{:X})", end - 1));
    }
}

void check_overlaps(const function_list& f) {
    std::vector<size_t> order(f.caps.size());
    for (size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(),
              [&f](size_t a, size_t b) { return f.caps[a].offset < f.caps[b].offset; });
    for (size_t k = 1; k < order.size(); ++k) {
        const capability& prev = f.caps[order[k - 1]];
        const capability& cur = f.caps[order[k]];
        const uint32_t prev_end = uint32_t{prev.offset} + capability_size(prev);
        if (cur.offset < prev_end) {
            fail(field_of(f, order[k], "offset"), hex(cur.offset),
                 fmt::format("overlaps {}[{}] ({} at 0x{:X}..0x{:X})", f.name, order[k - 1],
                             to_string(prev.kind()), prev.offset, prev_end - 1));
        }
    }
}

// At most one of each kind but the vendor-specific ones; the first extended
// capability at 0x100 (software starts its walk there).
void check_kinds(const function_list& f) {
    std::array<int, capability_kind_count> first{};
    first.fill(-1);
    bool have_extended = false;
    for (size_t i = 0; i < f.caps.size(); ++i) {
        const capability_kind k = f.caps[i].kind();
        int& seen = first[static_cast<unsigned>(k)];
        if (seen >= 0 && k != capability_kind::vendor_specific &&
            k != capability_kind::vendor_specific_ext) {
            fail(field_of(f, i, "kind"), to_string(k),
                 fmt::format("a function has one {} capability ({}[{}] is one)", to_string(k),
                             f.name, seen));
        }
        if (seen < 0) {
            seen = static_cast<int>(i);
        }
        if (is_extended(k) && !have_extended) {
            have_extended = true;
            if (f.caps[i].offset != reg::ext_cap_start) {
                fail(field_of(f, i, "offset"), hex(f.caps[i].offset),
                     "the first extended capability in the list is at 0x100");
            }
        }
    }
}

bool has(const std::vector<capability>& caps, capability_kind k) {
    return std::any_of(caps.begin(), caps.end(),
                       [k](const capability& c) { return c.kind() == k; });
}

// A field of VF capability i that is its PF's (`zero_is_pf`: 0 takes the PF's).
void check_pfs(const function_list& vfs, size_t i, const char* member, const char* what,
               uint64_t vf, uint64_t pf, bool zero_is_pf) {
    if (vf != pf && !(zero_is_pf && vf == 0)) {
        fail(field_of(vfs, i, member), hex(vf),
             fmt::format("a VF's {} must be its PF's, {}", what, hex(pf)));
    }
}

// What a VF shares with its PF: Link Capabilities (2), Base registers of
// the VF describing the PF's Link (PCIe Base 9.3.5; the builder takes the
// PF's, a VF entry may leave them 0 or repeat them), and the Device Serial
// Number (PCIe Base 9.3.7, SR-IOV usage of the extended capabilities;
// SR-IOV 1.1 3.7): a VF has one only when the PF does, with its value.
void check_vf_shares_pf(const device_profile& p) {
    const function_list vfs{"vf_capabilities", p.vf_capabilities, true, p.vf_bars,
                            p.vf_msix_vectors};
    const pcie_params* pf_pcie = first_params<pcie_params>(p.pf_capabilities);
    const dsn_params* pf_dsn = first_params<dsn_params>(p.pf_capabilities);
    for (size_t i = 0; i < p.vf_capabilities.size(); ++i) {
        const capability_params& c = p.vf_capabilities[i].params;
        if (const auto* vf = std::get_if<pcie_params>(&c); vf != nullptr && pf_pcie != nullptr) {
            check_pfs(vfs, i, "link_capabilities", "Link Capabilities", vf->link_capabilities,
                      pf_pcie->link_capabilities, true);
            check_pfs(vfs, i, "link_capabilities2", "Link Capabilities 2", vf->link_capabilities2,
                      pf_pcie->link_capabilities2, true);
        } else if (const auto* dsn = std::get_if<dsn_params>(&c)) {
            if (pf_dsn == nullptr) {
                fail(field_of(vfs, i, "kind"), "dsn",
                     "a VF has a Device Serial Number only when its PF has one (the PF's)");
            }
            check_pfs(vfs, i, "serial_number", "Device Serial Number", dsn->serial_number,
                      pf_dsn->serial_number, false);
        }
    }
}

void check_list(const function_list& f) {
    for (size_t i = 0; i < f.caps.size(); ++i) {
        check_params(f, i);
        check_placement(f, i);
    }
    check_overlaps(f);
    check_kinds(f);
    if (!has(f.caps, capability_kind::pcie)) {
        fail(f.name, "no pcie", "a PCI Express function has the PCI Express capability");
    }
}

} // namespace

void validate_capabilities(const device_profile& p) {
    check_list({"pf_capabilities", p.pf_capabilities, false, p.pf_bars, p.pf_msix_vectors});
    check_list({"vf_capabilities", p.vf_capabilities, true, p.vf_bars, p.vf_msix_vectors});
    if (!has(p.pf_capabilities, capability_kind::sriov)) {
        fail("pf_capabilities", "no sriov", "the PF of an SR-IOV device has the SR-IOV capability");
    }
    if (has(p.vf_capabilities, capability_kind::sriov)) {
        fail("vf_capabilities", "sriov", "a VF has no SR-IOV capability (SR-IOV 3.4)");
    }
    check_vf_shares_pf(p);
    const bool pf_ari = has(p.pf_capabilities, capability_kind::ari);
    if (pf_ari != has(p.vf_capabilities, capability_kind::ari)) {
        fail("vf_capabilities", pf_ari ? "no ari" : "ari",
             pf_ari ? "the PF has ARI, so its VFs have it too (SR-IOV 3.7)"
                    : "VFs have ARI only when the PF has it (SR-IOV 3.7)");
    }
}

} // namespace sriov::config
