// device_profile: defaults, validate() (each bad input names field and value),
// the text format and the shipped example profiles.
#include "sriov/config/ari_scale_profile.h"
#include "sriov/config/device_profile.h"

#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

using namespace sriov::config;

namespace {

// Expects every fragment in `message`.
void expect_fragments(const std::string& message, const std::vector<std::string>& fragments) {
    for (const std::string& f : fragments) {
        EXPECT_NE(message.find(f), std::string::npos) << "'" << f << "' missing in: " << message;
    }
}

// Expects `check` to throw profile_error with every fragment in the message.
template <typename Check>
void expect_error(Check check, const std::vector<std::string>& fragments) {
    try {
        check();
        ADD_FAILURE() << "profile accepted";
    } catch (const profile_error& e) {
        expect_fragments(e.what(), fragments);
    }
}

void expect_invalid(const device_profile& p, const std::vector<std::string>& fragments) {
    expect_error([&] { validate(p); }, fragments);
}

void expect_unreachable(const device_profile& p, bus_range buses,
                        const std::vector<std::string>& fragments) {
    expect_error([&] { validate(p, buses); }, fragments);
}

constexpr uint64_t GiB = uint64_t{1} << 30;

std::string parse_error(const std::string& text) {
    std::istringstream in(text);
    try {
        parse_profile(in, "test.profile");
    } catch (const profile_error& e) {
        return e.what();
    }
    return "";
}

bool same(const device_profile& a, const device_profile& b) {
    auto bars_eq = [](const std::array<bar_spec, 6>& x, const std::array<bar_spec, 6>& y) {
        for (unsigned i = 0; i < 6; ++i) {
            if (x[i].kind != y[i].kind || x[i].prefetchable != y[i].prefetchable ||
                x[i].size != y[i].size) {
                return false;
            }
        }
        return true;
    };
    return a.pf_rid == b.pf_rid && a.vendor_id == b.vendor_id && a.device_id == b.device_id &&
           a.revision_id == b.revision_id && a.class_code == b.class_code &&
           a.subsys_vendor_id == b.subsys_vendor_id && a.subsys_id == b.subsys_id &&
           a.vf_class_code == b.vf_class_code && a.vf_subsys_id == b.vf_subsys_id &&
           bars_eq(a.pf_bars, b.pf_bars) && a.pf_msix_vectors == b.pf_msix_vectors &&
           a.vf_msix_vectors == b.vf_msix_vectors && a.initial_vfs == b.initial_vfs &&
           a.total_vfs == b.total_vfs && a.first_vf_offset == b.first_vf_offset &&
           a.vf_stride == b.vf_stride && a.offset_stride == b.offset_stride &&
           a.vf_device_id == b.vf_device_id && a.supported_page_sizes == b.supported_page_sizes &&
           a.migration_capable == b.migration_capable && bars_eq(a.vf_bars, b.vf_bars) &&
           a.link_gen == b.link_gen && a.link_width == b.link_width &&
           a.reset_ready_ns == b.reset_ready_ns && a.vf_enable_ready_ns == b.vf_enable_ready_ns &&
           a.flr_ready_ns == b.flr_ready_ns && a.ep_cycles == b.ep_cycles &&
           a.ep_clock_mhz == b.ep_clock_mhz;
}

} // namespace

TEST(ConfigProfile, DefaultsAreThe82599) {
    const auto p = device_profile::defaults();
    EXPECT_NO_THROW(validate(p));
    EXPECT_EQ(p.vendor_id, 0x8086);
    EXPECT_EQ(p.device_id, 0x10FB);
    EXPECT_EQ(p.vf_device_id, 0x10ED);
    EXPECT_EQ(p.total_vfs, 64);
    EXPECT_EQ(p.pf_bars[0].kind, bar_kind::mem64);
    EXPECT_EQ(p.pf_bars[0].size, 512u * 1024);
    EXPECT_EQ(p.pf_bars[2].kind, bar_kind::io);
    EXPECT_EQ(p.pf_bars[2].size, 32u);
    EXPECT_EQ(p.pf_bars[4].size, 16u * 1024);
    EXPECT_TRUE(p.vf_bars[0].prefetchable);
    EXPECT_EQ(p.vf_bars[3].kind, bar_kind::mem64);
}

namespace {

// One change to the default device and what validate() must answer: an error
// naming every fragment, or, without fragments, acceptance (the legal side of
// the same rule).
struct profile_change {
    const char* what;
    void (*apply)(device_profile&);
    std::vector<std::string> fragments;
};

// The last VF at 0xFFFF exactly with 255 VFs (offset 1, stride 1 from 0xFF00).
void vfs_up_to_ffff(device_profile& p) {
    p.pf_rid = 0xFF00;
    p.total_vfs = 0xFF;
    p.initial_vfs = 0xFF;
    p.first_vf_offset = 1;
    p.vf_stride = 1;
}

const profile_change validate_cases[] = {
    // SR-IOV 3.3.6: InitialVFs = TotalVFs unless VF Migration Capable.
    {"no initial VFs",
     [](device_profile& p) { p.initial_vfs = 0; },
     {"initial_vfs", "0", "must equal total_vfs = 64", "migration_capable"}},
    {"InitialVFs < TotalVFs without migration",
     [](device_profile& p) { p.initial_vfs = 63; },
     {"initial_vfs", "63", "must equal total_vfs = 64"}},
    {"InitialVFs 0 with migration",
     [](device_profile& p) {
         p.migration_capable = true;
         p.initial_vfs = 0;
     },
     {}},
    {"InitialVFs < TotalVFs with migration",
     [](device_profile& p) {
         p.migration_capable = true;
         p.initial_vfs = 17;
     },
     {}},
    {"InitialVFs = TotalVFs with migration",
     [](device_profile& p) { p.migration_capable = true; },
     {}},
    {"InitialVFs > TotalVFs",
     [](device_profile& p) { p.initial_vfs = 65; },
     {"initial_vfs", "65", "exceeds total_vfs = 64"}},
    {"InitialVFs > TotalVFs with migration",
     [](device_profile& p) {
         p.migration_capable = true;
         p.initial_vfs = 65;
     },
     {"initial_vfs", "65", "exceeds total_vfs = 64"}},
    {"stride 0", [](device_profile& p) { p.vf_stride = 0; }, {"vf_stride", "0"}},
    {"stride 0 with one VF",
     [](device_profile& p) {
         p.vf_stride = 0;
         p.total_vfs = 1;
         p.initial_vfs = 1;
     },
     {}},
    {"VF RIDs past 0xFFFF", // 0x0100 + 0x180 + 32599 * 2 = 0x1012E
     [](device_profile& p) {
         p.total_vfs = 32600;
         p.initial_vfs = 32600;
     },
     {"total_vfs", "32600", "0xFFFF"}},
    {"last VF at 0xFFFF", vfs_up_to_ffff, {}},
    {"last VF past 0xFFFF",
     [](device_profile& p) {
         vfs_up_to_ffff(p);
         p.total_vfs = 0x100;
         p.initial_vfs = 0x100;
     },
     {"total_vfs", "256"}},
    {"offset 0", [](device_profile& p) { p.first_vf_offset = 0; }, {"first_vf_offset", "0"}},
    {"PF BAR size",
     [](device_profile& p) { p.pf_bars[0].size = 3000; },
     {"pf_bar0", "3000", "power of two"}},
    {"VF BAR below 4K",
     [](device_profile& p) { p.vf_bars[0].size = 2048; },
     {"vf_bar0", "2048", "4096"}},
    {"mem32 VF BAR5",
     [](device_profile& p) {
         p.vf_bars[5] = {bar_kind::mem32, false, 8192};
     },
     {}},
    {"mem64 VF BAR5",
     [](device_profile& p) {
         p.vf_bars[5] = {bar_kind::mem64, false, 8192};
     },
     {"vf_bar5", "mem64", "BAR5"}},
    {"PF BAR in a mem64 upper half",
     [](device_profile& p) {
         p.pf_bars[1] = {bar_kind::mem32, false, 4096};
     },
     {"pf_bar1", "upper half"}},
    {"io VF BAR",
     [](device_profile& p) {
         p.vf_bars[2] = {bar_kind::io, false, 32};
     },
     {"vf_bar2", "io"}},
    {"page sizes without 4K",
     [](device_profile& p) { p.supported_page_sizes = 0x552; },
     {"supported_page_sizes", "0x552", "bit 0"}},
    {"no MSI-X vectors",
     [](device_profile& p) { p.pf_msix_vectors = 0; },
     {"pf_msix_vectors", "0"}},
    {"vendor ID 0xFFFF", [](device_profile& p) { p.vendor_id = 0xFFFF; }, {"vendor_id", "0xFFFF"}},
    {"65000 VFs, stride 2", // fits with ARI, not without
     [](device_profile& p) {
         p = ari_scale_profile(p);
         p.vf_stride = 2;
     },
     {"total_vfs", "65000", "stride 2"}},
    {"65000 VFs, stride 1",
     [](device_profile& p) {
         p = ari_scale_profile(p);
         p.vf_stride = 1;
     },
     {}},
};

} // namespace

TEST(ConfigProfile, ValidateRejectsBadDevices) {
    for (const profile_change& c : validate_cases) {
        SCOPED_TRACE(c.what);
        device_profile p = device_profile::defaults();
        c.apply(p);
        if (c.fragments.empty()) {
            EXPECT_NO_THROW(validate(p));
        } else {
            expect_invalid(p, c.fragments);
        }
    }
    for (unsigned g : {0u, 7u}) {
        device_profile p = device_profile::defaults();
        p.link_gen = g;
        expect_invalid(p, {"link_gen", std::to_string(g)});
    }
    for (unsigned w : {0u, 3u, 64u}) {
        device_profile p = device_profile::defaults();
        p.link_width = w;
        expect_invalid(p, {"link_width", std::to_string(w)});
    }
    for (unsigned w : {1u, 2u, 4u, 8u, 12u, 16u, 32u}) {
        device_profile p = device_profile::defaults();
        p.link_width = w;
        EXPECT_NO_THROW(validate(p)) << w;
    }
}

// VF BAR n decodes TotalVFs x max(size, largest page); the sums fit 4 GiB
// (mem32) and 2^64 (all), else windows would overlap.
TEST(ConfigProfileApertures, Mem32SumsFitFourGiB) {
    auto p = device_profile::defaults(); // PF BARs mem64 + io: nothing below 4 GiB yet
    p.vf_bars[0] = {bar_kind::mem32, true, 64u << 20};
    EXPECT_NO_THROW(validate(p)); // 64 x 64 MiB = 4 GiB exactly
    p.vf_bars[0].size = 128u << 20;
    expect_invalid(p, {"vf_bar0 = mem32 prefetchable 134217728", "total_vfs 64 x 0x8000000",
                       "32-bit address space"});

    p = device_profile::defaults();
    p.pf_bars[0] = {bar_kind::mem32, false, 2 * GiB};
    p.pf_bars[1] = {bar_kind::mem32, false, 2 * GiB};
    EXPECT_NO_THROW(validate(p));
    p.vf_bars[0] = {bar_kind::mem32, false, 4096}; // 64 x 4 MiB pages more
    expect_invalid(p, {"vf_bar0", "0x100000000 bytes of the BARs before it", "32-bit"});
    p.pf_bars[2] = {bar_kind::mem32, false, 4096};
    expect_invalid(p, {"pf_bar2", "32-bit address space"}); // PF BARs count first
}

TEST(ConfigProfileApertures, VfBarsWidenToTheLargestSupportedPage) {
    auto p = device_profile::defaults();
    p.vf_bars[0] = {bar_kind::mem32, false, 4096};
    p.total_vfs = 2;
    p.initial_vfs = 2;
    p.supported_page_sizes = 0x1 | (1u << 19); // 4 KiB and 2 GiB pages
    EXPECT_NO_THROW(validate(p));              // 2 x 2 GiB
    p.total_vfs = 3;
    p.initial_vfs = 3;
    expect_invalid(p, {"vf_bar0", "total_vfs 3 x 0x80000000", "32-bit address space"});
    p.total_vfs = 1;
    p.initial_vfs = 1;
    p.supported_page_sizes = 0x1 | (1u << 20); // 4 GiB pages: no mem32 BAR decodes that
    expect_invalid(p, {"vf_bar0 = mem32 4096", "supported_page_sizes 0x100001", "2 GiB"});
}

TEST(ConfigProfileApertures, SumsFitTheSixtyFourBitSpace) {
    auto p = device_profile::defaults();
    p.vf_bars[0] = {bar_kind::mem64, true, uint64_t{1} << 62};
    p.vf_bars[3] = {};
    auto& vf_msix = std::get<msix_params>(p.vf_capabilities[0].params); // out of BAR3
    vf_msix.table_bir = 0;
    vf_msix.pba_bir = 0;
    p.total_vfs = 3;
    p.initial_vfs = 3;
    EXPECT_NO_THROW(validate(p)); // 3 x 2^62 + the PF's 528 KiB
    p.total_vfs = 4;              // 4 x 2^62 = 2^64: the product itself overflows
    p.initial_vfs = 4;
    expect_invalid(p, {"vf_bar0", "total_vfs 4 x 0x4000000000000000", "64-bit address space"});
    p.total_vfs = 3;
    p.initial_vfs = 3;
    p.vf_bars[3] = {bar_kind::mem64, true, uint64_t{1} << 62};
    expect_invalid(p, {"vf_bar3", "0xC000000000084000 bytes of the BARs before it", "64-bit"});
}

// The PF's bus and every VF's lie in the root port's secondary..subordinate range.
TEST(ConfigProfileReach, PfAndEveryVfBehindTheRootPort) {
    auto p = device_profile::defaults(); // VFs 02:10.0 .. 02:1f.6
    EXPECT_NO_THROW(validate(p, {1, 255}));
    EXPECT_NO_THROW(validate(p, {1, 2}));
    expect_unreachable(p, {1, 1}, {"total_vfs = 64", "02:1f.6", "buses 01..01", "stride 2"});
    p.pf_rid = 0x0000;
    expect_unreachable(p, {1, 255}, {"pf_rid = 00:00.0", "bus 00", "buses 01..ff", "UR"});
    p.pf_rid = 0x0500;
    expect_unreachable(p, {1, 4}, {"pf_rid = 05:00.0", "buses 01..04"});
    p.pf_rid = 0x0200; // the PF on the last bus, its VFs past it
    expect_unreachable(p, {1, 2}, {"total_vfs", "03:1f.6"});
    p.initial_vfs = 0; // the profile's own rules come first
    expect_unreachable(p, {1, 255}, {"initial_vfs"});
}

TEST(ConfigProfile, ParseFormat) {
    std::istringstream in(R"(# a comment
pf_rid = 03:00.1   # trailing comment
device_id = 0x1528
total_vfs = 32
initial_vfs = 32
vf_bar0 = mem64 prefetchable 64K
vf_bar3 = mem32 8K
vf_bar4 = none
vf_msix_pba = 0x1003  # BAR3 + 0x1000: the default 0x2000 is past the 8K BAR
offset_stride = ari_dependent
migration_capable = true
link_gen = 4
link_width = 8
flr_ready_ns = 2 ms
vf_enable_ready_ns = 100us
pf_bar0 = mem32 1M
pf_bar1 = none
)");
    const auto p = parse_profile(in, "x");
    EXPECT_EQ(p.pf_rid, 0x0301);
    EXPECT_EQ(p.device_id, 0x1528);
    EXPECT_EQ(p.total_vfs, 32);
    EXPECT_EQ(p.vf_bars[0].kind, bar_kind::mem64);
    EXPECT_TRUE(p.vf_bars[0].prefetchable);
    EXPECT_EQ(p.vf_bars[0].size, 65536u);
    EXPECT_EQ(p.vf_bars[3].kind, bar_kind::mem32);
    EXPECT_FALSE(p.vf_bars[3].prefetchable);
    const auto& vf_msix = std::get<msix_params>(p.vf_capabilities[0].params);
    EXPECT_EQ(vf_msix.pba_bir, 3u);
    EXPECT_EQ(vf_msix.pba_offset, 0x1000u);
    EXPECT_EQ(p.offset_stride, offset_stride_rule::ari_dependent);
    EXPECT_TRUE(p.migration_capable);
    EXPECT_EQ(p.link_gen, 4u);
    EXPECT_EQ(p.flr_ready_ns, 2'000'000u);
    EXPECT_EQ(p.vf_enable_ready_ns, 100'000u);
    EXPECT_EQ(p.pf_bars[0].size, 1u << 20);
    EXPECT_EQ(p.vendor_id, 0x8086); // untouched fields keep defaults
}

TEST(ConfigProfile, ParseErrorsNameLineAndField) {
    const struct {
        const char* text;
        std::vector<std::string> fragments; // each must be in the error message
    } cases[] = {
        {"vendor_id = 0x8086\nbogus_key = 1\n", {"test.profile:2", "bogus_key"}},
        {"\n\nvf_bar0 = mem48 16K\n", {"test.profile:3", "vf_bar0", "mem48"}},
        {"device_id = 0x12345\n", {":1", "device_id"}},
        {"total_vfs 12\n", {":1"}},
        {"total_vfs = 12\ntotal_vfs = 13\n", {":2"}},
        {"vf_bar0 = mem64 16Q\n", {"vf_bar0"}},
        // parses, then validation names the field
        {"initial_vfs = 0\n", {"initial_vfs", "test.profile"}},
        {"migration_capable = maybe\n", {"migration_capable"}},
        {"flr_ready_ns = 5 fortnights\n", {"flr_ready_ns"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.text);
        expect_fragments(parse_error(c.text), c.fragments);
    }
}

TEST(ConfigProfile, ShippedProfiles) {
    const std::string dir = SRIOV_SOURCE_DIR "/profiles/";
    EXPECT_TRUE(same(load_profile(dir + "intel-82599.profile"), device_profile::defaults()));
    const auto large = load_profile(dir + "large-ari.profile");
    EXPECT_GE(large.total_vfs, 32000);
    EXPECT_NO_THROW(validate(large, {1, 255})); // reachable behind the default root port
    EXPECT_THROW(load_profile(dir + "does-not-exist.profile"), profile_error);
}
