#include "sriov/config/device_profile.h"

#include "profile_checks.h"

#include "sriov/pcie/access.h"
#include "sriov/pcie/registers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

namespace sriov::config {

void fail(const std::string& field, const std::string& value, const std::string& why) {
    throw profile_error(field + " = " + value + ": " + why);
}

namespace {

bool is_pow2(uint64_t v) {
    return v != 0 && (v & (v - 1)) == 0;
}

} // namespace

const char* to_string(bar_kind k) {
    switch (k) {
    case bar_kind::none:
        return "none";
    case bar_kind::mem32:
        return "mem32";
    case bar_kind::mem64:
        return "mem64";
    case bar_kind::io:
        return "io";
    }
    return "?";
}

namespace {

std::string bar_text(const bar_spec& b) {
    std::string s = to_string(b.kind);
    if (b.prefetchable) {
        s += " prefetchable";
    }
    if (b.kind != bar_kind::none) {
        s += " " + std::to_string(b.size);
    }
    return s;
}

void validate_bars(const std::array<bar_spec, 6>& bars, const char* prefix, bool vf) {
    for (unsigned i = 0; i < 6; ++i) {
        const bar_spec& b = bars[i];
        const std::string field = std::string(prefix) + std::to_string(i);
        const std::string val = bar_text(b);
        if (i > 0 && bars[i - 1].kind == bar_kind::mem64 && b.kind != bar_kind::none) {
            fail(field, val,
                 "this BAR is the upper half of mem64 " + std::string(prefix) +
                     std::to_string(i - 1) + " and must be none");
        }
        switch (b.kind) {
        case bar_kind::none:
            if (b.size != 0 || b.prefetchable) {
                fail(field, val, "a none BAR has no size and is not prefetchable");
            }
            continue;
        case bar_kind::io:
            if (vf) {
                fail(field, val, "VF BARs cannot be io");
            }
            if (b.prefetchable) {
                fail(field, val, "io BARs cannot be prefetchable");
            }
            if (!is_pow2(b.size) || b.size < 4 || b.size > 256) {
                fail(field, val, "io BAR size must be a power of two between 4 and 256 bytes");
            }
            continue;
        case bar_kind::mem32:
        case bar_kind::mem64:
            break;
        }
        if (!is_pow2(b.size)) {
            fail(field, val, "BAR size " + std::to_string(b.size) + " is not a power of two");
        }
        if (b.size < 16) {
            fail(field, val, "memory BAR size must be at least 16 bytes");
        }
        if (vf && b.size < 4096) {
            fail(field, val, "VF BAR size must be at least 4096 bytes");
        }
        if (b.kind == bar_kind::mem32 && b.size > (uint64_t{1} << 31)) {
            fail(field, val, "mem32 BAR size above 2 GiB");
        }
        if (b.kind == bar_kind::mem64 && b.size > (uint64_t{1} << 63)) {
            fail(field, val, "mem64 BAR size above 2^63");
        }
        if (b.kind == bar_kind::mem64 && i == 5) {
            fail(field, val, "a mem64 BAR needs the next BAR for its upper half; BAR5 has none");
        }
    }
}

// One First VF Offset / VF Stride pair the device can report (SR-IOV 3.3.9,
// 3.3.10); NumVFs never changes them in this model, ARI Capable Hierarchy may.
struct rid_setting {
    uint16_t offset;
    uint16_t stride;
    const char* mode; // for messages
};

std::vector<rid_setting> rid_settings(const pf_description& p) {
    std::vector<rid_setting> s{{p.first_vf_offset, p.vf_stride, ""}};
    if (p.offset_stride == offset_stride_rule::ari_dependent) {
        s.push_back({1, 1, ", ARI Capable Hierarchy set"});
    }
    return s;
}

// VF TotalVFs-1's routing ID: the highest, as the stride is never negative.
uint64_t last_vf_rid(const pf_description& p, const rid_setting& s) {
    return uint64_t{p.pf_rid} + s.offset + uint64_t{p.total_vfs - 1u} * s.stride;
}

std::string rid_context(const pf_description& p, const rid_setting& s) {
    return fmt::format("(pf_rid 0x{:X}, first VF offset {}, stride {}{})", p.pf_rid, s.offset,
                       s.stride, s.mode);
}

void check_rid_space(const pf_description& p) {
    for (const rid_setting& s : rid_settings(p)) {
        const uint64_t last = last_vf_rid(p, s);
        if (last > 0xFFFF) {
            fail("total_vfs", std::to_string(p.total_vfs),
                 fmt::format("the last VF's routing ID 0x{:X} exceeds 0xFFFF {}", last,
                             rid_context(p, s)));
        }
    }
}

// The largest System Page Size software may select (SR-IOV 3.3.13: one bit of
// Supported Page Sizes); each VF's BAR then spans at least one such page.
uint64_t largest_page(uint32_t supported) {
    unsigned n = 31;
    while (n > 0 && ((supported >> n) & 1u) == 0) {
        --n;
    }
    return uint64_t{4096} << n;
}

// Memory the BARs decode, summed per address space: mem32 BARs below 4 GiB,
// every memory BAR below 2^64. A field whose aperture does not fit fails.
class address_budget {
public:
    // `count` functions decoding `each` bytes through BAR `field`.
    void add(const std::string& field, const bar_spec& b, uint64_t each, uint64_t count,
             const std::string& what) {
        if (b.kind != bar_kind::mem32 && b.kind != bar_kind::mem64) {
            return;
        }
        if (each > UINT64_MAX / count || each * count > UINT64_MAX - all_) {
            fail(field, bar_text(b), over(what, all_, "64-bit address space (2^64 bytes)"));
        }
        const uint64_t bytes = each * count;
        all_ += bytes;
        if (b.kind == bar_kind::mem32) {
            if (bytes > four_gib - low_) {
                fail(field, bar_text(b), over(what, low_, "32-bit address space (4 GiB)"));
            }
            low_ += bytes;
        }
    }

private:
    static constexpr uint64_t four_gib = uint64_t{1} << 32;
    static std::string over(const std::string& what, uint64_t before, const char* space) {
        if (before == 0) {
            return fmt::format("{} does not fit the {}", what, space);
        }
        return fmt::format("{} and the 0x{:X} bytes of the BARs before it do not fit the {}", what,
                           before, space);
    }
    uint64_t low_ = 0;
    uint64_t all_ = 0;
};

// VF BAR n's aperture is TotalVFs x its size, widened to the System Page Size
// (SR-IOV 3.3.14); with PF BARs it must fit the address space or windows overlap.
void check_apertures(const pf_description& p) {
    address_budget budget;
    for (unsigned i = 0; i < 6; ++i) {
        const bar_spec& b = p.pf_bars[i];
        budget.add("pf_bar" + std::to_string(i), b, b.size, 1,
                   fmt::format("its 0x{:X} bytes", b.size));
    }
    const uint64_t page = largest_page(p.supported_page_sizes);
    for (unsigned i = 0; i < 6; ++i) {
        const bar_spec& b = p.vf_bars[i];
        const std::string field = "vf_bar" + std::to_string(i);
        const uint64_t per_vf = std::max(b.size, page);
        if (b.kind == bar_kind::mem32 && per_vf > (uint64_t{1} << 31)) {
            fail(field, bar_text(b),
                 fmt::format("at the largest supported page size, 0x{:X} bytes "
                             "(supported_page_sizes 0x{:X}), each VF's BAR is 0x{:X} bytes, "
                             "above the 2 GiB a mem32 BAR decodes",
                             page, p.supported_page_sizes, per_vf));
        }
        budget.add(field, b, per_vf, p.total_vfs,
                   fmt::format("the aperture (total_vfs {} x 0x{:X} bytes, each VF's BAR at least "
                               "the largest supported page, 0x{:X} bytes)",
                               p.total_vfs, per_vf, page));
    }
}

} // namespace

device_description device_description::defaults() {
    // Where the 82599 places its capabilities (docs/config-space-map.md).
    constexpr uint16_t pm_cap = 0x40;
    constexpr uint16_t msix_cap = 0x50;
    constexpr uint16_t pcie_cap = 0x70;
    constexpr uint16_t ari_header = 0x100;
    constexpr uint16_t sriov_header = 0x160;

    pf_description p;
    p.pf_bars = {};
    p.pf_bars[0] = {bar_kind::mem64, false, 512 * 1024};
    p.pf_bars[2] = {bar_kind::io, false, 32};
    p.pf_bars[4] = {bar_kind::mem64, false, 16 * 1024};
    p.vf_bars = {};
    p.vf_bars[0] = {bar_kind::mem64, true, 16 * 1024};
    p.vf_bars[3] = {bar_kind::mem64, true, 16 * 1024};

    msix_params pf_msix; // table at BAR4 + 0, PBA at BAR4 + 0x2000
    msix_params vf_msix;
    vf_msix.table_bir = 3; // VF BAR3 (the 82599's VF MSI-X BAR)
    vf_msix.pba_bir = 3;
    p.pf_capabilities = {make_capability(capability_kind::pm, pm_cap),
                         {msix_cap, pf_msix},
                         make_capability(capability_kind::pcie, pcie_cap),
                         make_capability(capability_kind::ari, ari_header),
                         make_capability(capability_kind::sriov, sriov_header)};
    p.vf_capabilities = {{msix_cap, vf_msix},
                         make_capability(capability_kind::pcie, pcie_cap),
                         make_capability(capability_kind::ari, ari_header)};
    device_description d;
    d.pfs.push_back(std::move(p));
    return d;
}

namespace {

// The rules of one PF and its VFs but its capability lists.
void validate_pf(const pf_description& p) {
    if (p.vendor_id == 0xFFFF || p.vendor_id == 0x0000) {
        fail("vendor_id", fmt::format("0x{:X}", p.vendor_id), "not a valid vendor ID");
    }
    if (p.class_code > 0xFFFFFF) {
        fail("class_code", fmt::format("0x{:X}", p.class_code), "class code is 24 bits");
    }
    if (p.vf_class_code > 0xFFFFFF) {
        fail("vf_class_code", fmt::format("0x{:X}", p.vf_class_code), "class code is 24 bits");
    }
    if (p.pf_msix_vectors < 1 || p.pf_msix_vectors > 2048) {
        fail("pf_msix_vectors", std::to_string(p.pf_msix_vectors), "must be 1..2048");
    }
    if (p.vf_msix_vectors < 1 || p.vf_msix_vectors > 2048) {
        fail("vf_msix_vectors", std::to_string(p.vf_msix_vectors), "must be 1..2048");
    }
    if (p.total_vfs == 0) {
        fail("total_vfs", "0", "an SR-IOV device has at least one VF");
    }
    // SR-IOV 3.3.6 / PCIe Base 9.3.3.5: InitialVFs = TotalVFs unless the
    // device is VF Migration Capable; then any value 0..TotalVFs.
    if (p.initial_vfs > p.total_vfs) {
        fail("initial_vfs", std::to_string(p.initial_vfs),
             "exceeds total_vfs = " + std::to_string(p.total_vfs));
    }
    if (!p.migration_capable && p.initial_vfs != p.total_vfs) {
        fail("initial_vfs", std::to_string(p.initial_vfs),
             "must equal total_vfs = " + std::to_string(p.total_vfs) +
                 " unless migration_capable = true");
    }
    if (p.first_vf_offset == 0) {
        fail("first_vf_offset", "0", "VF 0 would have the PF's routing ID");
    }
    if (p.vf_stride == 0 && p.total_vfs > 1) {
        fail("vf_stride", "0",
             "stride 0 is only legal with total_vfs = 1 (total_vfs = " +
                 std::to_string(p.total_vfs) + ")");
    }
    check_rid_space(p);
    if ((p.supported_page_sizes & 1u) == 0) {
        fail("supported_page_sizes", fmt::format("0x{:X}", p.supported_page_sizes),
             "bit 0 (4 KiB pages) must be supported");
    }
    validate_bars(p.pf_bars, "pf_bar", false);
    validate_bars(p.vf_bars, "vf_bar", true);
    check_apertures(p);
}

} // namespace

namespace {

// Runs check(PF i); with several PFs its message names "pf[i].field".
template <typename Check>
void for_each_pf(const device_description& d, Check check) {
    for (size_t i = 0; i < d.pfs.size(); ++i) {
        try {
            check(d.pfs[i]);
        } catch (const profile_error& e) {
            if (d.pfs.size() == 1) {
                throw;
            }
            throw profile_error(pf_field_name(d, i, e.what()));
        }
    }
}

} // namespace

bool ari_device(const device_description& d) {
    const auto& caps = d.pfs.front().pf_capabilities;
    return std::any_of(caps.begin(), caps.end(),
                       [](const capability& c) { return c.kind() == capability_kind::ari; });
}

uint8_t function_number(const device_description& d, const pf_description& p) {
    return static_cast<uint8_t>(p.pf_rid & (ari_device(d) ? 0xFFu : 0x7u));
}

uint8_t function_dependency_link(const device_description& d, const pf_description& p) {
    return p.function_dependency_link.value_or(function_number(d, p));
}

bool lowest_pf(const device_description& d, const pf_description& p) {
    return std::none_of(d.pfs.begin(), d.pfs.end(),
                        [&](const pf_description& q) { return q.pf_rid < p.pf_rid; });
}

void validate(const device_description& d) {
    if (d.pfs.empty()) {
        fail("pfs", "[]", "a device has at least one PF");
    }
    for_each_pf(d, validate_pf);
    if (d.link_gen < 1 || d.link_gen > 6) {
        fail("link_gen", std::to_string(d.link_gen), "must be 1..6");
    }
    static const std::set<unsigned> widths = {1, 2, 4, 8, 12, 16, 32};
    if (widths.count(d.link_width) == 0) {
        fail("link_width", std::to_string(d.link_width), "must be one of 1, 2, 4, 8, 12, 16, 32");
    }
    if (d.ep_clock_mhz == 0) {
        fail("ep_clock_mhz", "0", "must be positive");
    }
    for_each_pf(d, validate_capabilities);
    validate_pf_set(d);
}

namespace {

// PF p and its VFs are behind the root port forwarding `buses`.
void check_reachable(const pf_description& p, const bus_range& buses) {
    const routing_id pf(p.pf_rid);
    const std::string range =
        fmt::format("the root port's secondary..subordinate buses {:02x}..{:02x}", buses.secondary,
                    buses.subordinate);
    // PCIe Base 7.3.3: a root port forwards only requests for buses in its range.
    if (pf.bus() < buses.secondary || pf.bus() > buses.subordinate) {
        fail("pf_rid", to_string(pf),
             fmt::format("bus {:02x} is outside {}: the root complex answers UR for it", pf.bus(),
                         range));
    }
    for (const rid_setting& s : rid_settings(p)) {
        const routing_id last(static_cast<uint16_t>(last_vf_rid(p, s))); // <= 0xFFFF: validated
        if (last.bus() > buses.subordinate) {
            fail("total_vfs", std::to_string(p.total_vfs),
                 fmt::format("the last VF's routing ID {} is outside {} {}", to_string(last), range,
                             rid_context(p, s)));
        }
    }
}

} // namespace

void validate(const device_description& d, const bus_range& buses) {
    validate(d);
    for_each_pf(d, [&buses](const pf_description& p) { check_reachable(p, buses); });
}

} // namespace sriov::config
