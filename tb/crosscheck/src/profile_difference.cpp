#include "sriov/crosscheck/profile_difference.h"

#include "sriov/config/capabilities.h"
#include "sriov/config/register_file.h"

#include <fmt/format.h>

#include <cstdint>
#include <tuple>
#include <vector>

namespace sriov::crosscheck {
namespace {

std::string bar_text(const config::bar_spec& b) {
    return fmt::format("kind {} {}size 0x{:X}", static_cast<int>(b.kind),
                       b.prefetchable ? "prefetchable " : "", b.size);
}

std::string capability_text(const config::capability& c) {
    return fmt::format("{} at 0x{:03X}", to_string(c.kind()), c.offset);
}

// The first capability (kind and place) where the two lists part.
std::string list_difference(const char* name, const std::vector<config::capability>& a,
                            const std::vector<config::capability>& b) {
    for (size_t i = 0; i < a.size() || i < b.size(); ++i) {
        const std::string x = i < a.size() ? capability_text(a[i]) : "none";
        const std::string y = i < b.size() ? capability_text(b[i]) : "none";
        if (x != y) {
            return fmt::format("{}[{}]: TLM {}, RTL {}", name, i, x, y);
        }
    }
    return "";
}

// The first byte whose reset value or attribute masks differ.
std::string layout_difference(const char* function, const config::register_layout& a,
                              const config::register_layout& b) {
    for (unsigned off = 0; off < 4096; ++off) {
        const auto o = static_cast<uint16_t>(off);
        const std::tuple x{a.reset_byte(o), a.rw_byte(o), a.rw1c_byte(o)};
        const std::tuple y{b.reset_byte(o), b.rw_byte(o), b.rw1c_byte(o)};
        if (x == y) {
            continue;
        }
        const config::register_def* r = a.at(o);
        return fmt::format("{} config space at 0x{:03X} ({}): TLM reset 0x{:02X} RW 0x{:02X} "
                           "RW1C 0x{:02X}, RTL reset 0x{:02X} RW 0x{:02X} RW1C 0x{:02X}",
                           function, off, r != nullptr ? r->name : "no register", std::get<0>(x),
                           std::get<1>(x), std::get<2>(x), std::get<0>(y), std::get<1>(y),
                           std::get<2>(y));
    }
    return "";
}

} // namespace

std::string profile_difference(const config::device_description& a,
                               const config::device_description& b) {
    // The RTL models one PF (several PFs follow in a later issue).
    if (a.pfs.size() != b.pfs.size()) {
        return fmt::format("number of PFs: TLM {}, RTL {}", a.pfs.size(), b.pfs.size());
    }
#define SRIOV_XCHECK_FIELD(x, y, f)                                                                \
    if (x.f != y.f) {                                                                              \
        return fmt::format("{}: TLM 0x{:X}, RTL 0x{:X}", #f, uint64_t{x.f}, uint64_t{y.f});        \
    }
    const config::pf_description& pa = a.pfs[0];
    const config::pf_description& pb = b.pfs[0];
    SRIOV_XCHECK_FIELD(pa, pb, pf_rid)
    SRIOV_XCHECK_FIELD(pa, pb, vendor_id)
    SRIOV_XCHECK_FIELD(pa, pb, device_id)
    SRIOV_XCHECK_FIELD(pa, pb, revision_id)
    SRIOV_XCHECK_FIELD(pa, pb, class_code)
    SRIOV_XCHECK_FIELD(pa, pb, subsys_vendor_id)
    SRIOV_XCHECK_FIELD(pa, pb, subsys_id)
    SRIOV_XCHECK_FIELD(pa, pb, vf_class_code)
    SRIOV_XCHECK_FIELD(pa, pb, vf_subsys_id)
    SRIOV_XCHECK_FIELD(pa, pb, pf_msix_vectors)
    SRIOV_XCHECK_FIELD(pa, pb, vf_msix_vectors)
    SRIOV_XCHECK_FIELD(pa, pb, initial_vfs)
    SRIOV_XCHECK_FIELD(pa, pb, total_vfs)
    SRIOV_XCHECK_FIELD(pa, pb, first_vf_offset)
    SRIOV_XCHECK_FIELD(pa, pb, vf_stride)
    SRIOV_XCHECK_FIELD(pa, pb, vf_device_id)
    SRIOV_XCHECK_FIELD(pa, pb, supported_page_sizes)
    SRIOV_XCHECK_FIELD(pa, pb, migration_capable)
    SRIOV_XCHECK_FIELD(a, b, link_gen)
    SRIOV_XCHECK_FIELD(a, b, link_width)
    SRIOV_XCHECK_FIELD(a, b, reset_ready_ns)
    SRIOV_XCHECK_FIELD(a, b, vf_enable_ready_ns)
    SRIOV_XCHECK_FIELD(a, b, flr_ready_ns)
    SRIOV_XCHECK_FIELD(a, b, ep_cycles)
    SRIOV_XCHECK_FIELD(a, b, ep_clock_mhz)
#undef SRIOV_XCHECK_FIELD
    if (pa.offset_stride != pb.offset_stride) {
        return fmt::format("offset_stride: TLM {}, RTL {}", static_cast<int>(pa.offset_stride),
                           static_cast<int>(pb.offset_stride));
    }
    for (unsigned i = 0; i < 6; ++i) {
        for (const auto& [name, x, y] : {std::tuple{"pf_bar", pa.pf_bars[i], pb.pf_bars[i]},
                                         std::tuple{"vf_bar", pa.vf_bars[i], pb.vf_bars[i]}}) {
            if (x.kind != y.kind || x.prefetchable != y.prefetchable || x.size != y.size) {
                return fmt::format("{}{}: TLM {}, RTL {}", name, i, bar_text(x), bar_text(y));
            }
        }
    }
    if (std::string d = list_difference("pf_capabilities", pa.pf_capabilities, pb.pf_capabilities);
        !d.empty()) {
        return d;
    }
    if (std::string d = list_difference("vf_capabilities", pa.vf_capabilities, pb.vf_capabilities);
        !d.empty()) {
        return d;
    }
    // Same kinds at the same places: parameters must give the same bytes.
    if (std::string d =
            layout_difference("PF", config::build_pf_layout(a), config::build_pf_layout(b));
        !d.empty()) {
        return d;
    }
    return layout_difference("VF", config::build_vf_layout(a), config::build_vf_layout(b));
}

} // namespace sriov::crosscheck
