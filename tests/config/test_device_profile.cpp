// device_description: defaults and validate() (each bad input names field and
// value). Description files: test_device_description.cpp.
#include "sriov/config/ari_scale_profile.h"
#include "sriov/config/device_profile.h"

#include <gtest/gtest.h>
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

void expect_invalid(const device_description& p, const std::vector<std::string>& fragments) {
    expect_error([&] { validate(p); }, fragments);
}

void expect_unreachable(const device_description& p, bus_range buses,
                        const std::vector<std::string>& fragments) {
    expect_error([&] { validate(p, buses); }, fragments);
}

constexpr uint64_t GiB = uint64_t{1} << 30;

} // namespace

TEST(ConfigProfile, DefaultsAreThe82599) {
    const auto p = device_description::defaults();
    EXPECT_NO_THROW(validate(p));
    EXPECT_EQ(p.pfs[0].vendor_id, 0x8086);
    EXPECT_EQ(p.pfs[0].device_id, 0x10FB);
    EXPECT_EQ(p.pfs[0].vf_device_id, 0x10ED);
    EXPECT_EQ(p.pfs[0].total_vfs, 64);
    EXPECT_EQ(p.pfs[0].pf_bars[0].kind, bar_kind::mem64);
    EXPECT_EQ(p.pfs[0].pf_bars[0].size, 512u * 1024);
    EXPECT_EQ(p.pfs[0].pf_bars[2].kind, bar_kind::io);
    EXPECT_EQ(p.pfs[0].pf_bars[2].size, 32u);
    EXPECT_EQ(p.pfs[0].pf_bars[4].size, 16u * 1024);
    EXPECT_TRUE(p.pfs[0].vf_bars[0].prefetchable);
    EXPECT_EQ(p.pfs[0].vf_bars[3].kind, bar_kind::mem64);
}

namespace {

// One change to the default device and what validate() must answer: an error
// naming every fragment, or, without fragments, acceptance (the legal side of
// the same rule).
struct profile_change {
    const char* what;
    void (*apply)(device_description&);
    std::vector<std::string> fragments;
};

// The last VF at 0xFFFF exactly with 255 VFs (offset 1, stride 1 from 0xFF00).
void vfs_up_to_ffff(device_description& p) {
    p.pfs[0].pf_rid = 0xFF00;
    p.pfs[0].total_vfs = 0xFF;
    p.pfs[0].initial_vfs = 0xFF;
    p.pfs[0].first_vf_offset = 1;
    p.pfs[0].vf_stride = 1;
}

const profile_change validate_cases[] = {
    // SR-IOV 3.3.6: InitialVFs = TotalVFs unless VF Migration Capable.
    {"no initial VFs",
     [](device_description& p) { p.pfs[0].initial_vfs = 0; },
     {"initial_vfs", "0", "must equal total_vfs = 64", "migration_capable"}},
    {"InitialVFs < TotalVFs without migration",
     [](device_description& p) { p.pfs[0].initial_vfs = 63; },
     {"initial_vfs", "63", "must equal total_vfs = 64"}},
    {"InitialVFs 0 with migration",
     [](device_description& p) {
         p.pfs[0].migration_capable = true;
         p.pfs[0].initial_vfs = 0;
     },
     {}},
    {"InitialVFs < TotalVFs with migration",
     [](device_description& p) {
         p.pfs[0].migration_capable = true;
         p.pfs[0].initial_vfs = 17;
     },
     {}},
    {"InitialVFs = TotalVFs with migration",
     [](device_description& p) { p.pfs[0].migration_capable = true; },
     {}},
    {"InitialVFs > TotalVFs",
     [](device_description& p) { p.pfs[0].initial_vfs = 65; },
     {"initial_vfs", "65", "exceeds total_vfs = 64"}},
    {"InitialVFs > TotalVFs with migration",
     [](device_description& p) {
         p.pfs[0].migration_capable = true;
         p.pfs[0].initial_vfs = 65;
     },
     {"initial_vfs", "65", "exceeds total_vfs = 64"}},
    {"stride 0", [](device_description& p) { p.pfs[0].vf_stride = 0; }, {"vf_stride", "0"}},
    {"stride 0 with one VF",
     [](device_description& p) {
         p.pfs[0].vf_stride = 0;
         p.pfs[0].total_vfs = 1;
         p.pfs[0].initial_vfs = 1;
     },
     {}},
    {"VF RIDs past 0xFFFF", // 0x0100 + 0x180 + 32599 * 2 = 0x1012E
     [](device_description& p) {
         p.pfs[0].total_vfs = 32600;
         p.pfs[0].initial_vfs = 32600;
     },
     {"total_vfs", "32600", "0xFFFF"}},
    {"last VF at 0xFFFF", vfs_up_to_ffff, {}},
    {"last VF past 0xFFFF",
     [](device_description& p) {
         vfs_up_to_ffff(p);
         p.pfs[0].total_vfs = 0x100;
         p.pfs[0].initial_vfs = 0x100;
     },
     {"total_vfs", "256"}},
    {"offset 0",
     [](device_description& p) { p.pfs[0].first_vf_offset = 0; },
     {"first_vf_offset", "0"}},
    {"PF BAR size",
     [](device_description& p) { p.pfs[0].pf_bars[0].size = 3000; },
     {"pf_bar0", "3000", "power of two"}},
    {"VF BAR below 4K",
     [](device_description& p) { p.pfs[0].vf_bars[0].size = 2048; },
     {"vf_bar0", "2048", "4096"}},
    {"mem32 VF BAR5",
     [](device_description& p) {
         p.pfs[0].vf_bars[5] = {bar_kind::mem32, false, 8192};
     },
     {}},
    {"mem64 VF BAR5",
     [](device_description& p) {
         p.pfs[0].vf_bars[5] = {bar_kind::mem64, false, 8192};
     },
     {"vf_bar5", "mem64", "BAR5"}},
    {"PF BAR in a mem64 upper half",
     [](device_description& p) {
         p.pfs[0].pf_bars[1] = {bar_kind::mem32, false, 4096};
     },
     {"pf_bar1", "upper half"}},
    {"io VF BAR",
     [](device_description& p) {
         p.pfs[0].vf_bars[2] = {bar_kind::io, false, 32};
     },
     {"vf_bar2", "io"}},
    {"page sizes without 4K",
     [](device_description& p) { p.pfs[0].supported_page_sizes = 0x552; },
     {"supported_page_sizes", "0x552", "bit 0"}},
    {"no MSI-X vectors",
     [](device_description& p) { p.pfs[0].pf_msix_vectors = 0; },
     {"pf_msix_vectors", "0"}},
    {"vendor ID 0xFFFF",
     [](device_description& p) { p.pfs[0].vendor_id = 0xFFFF; },
     {"vendor_id", "0xFFFF"}},
    {"65000 VFs, stride 2", // fits with ARI, not without
     [](device_description& p) {
         p = ari_scale_profile(p);
         p.pfs[0].vf_stride = 2;
     },
     {"total_vfs", "65000", "stride 2"}},
    {"65000 VFs, stride 1",
     [](device_description& p) {
         p = ari_scale_profile(p);
         p.pfs[0].vf_stride = 1;
     },
     {}},
};

} // namespace

TEST(ConfigProfile, ValidateRejectsBadDevices) {
    for (const profile_change& c : validate_cases) {
        SCOPED_TRACE(c.what);
        device_description p = device_description::defaults();
        c.apply(p);
        if (c.fragments.empty()) {
            EXPECT_NO_THROW(validate(p));
        } else {
            expect_invalid(p, c.fragments);
        }
    }
    for (unsigned g : {0u, 7u}) {
        device_description p = device_description::defaults();
        p.link_gen = g;
        expect_invalid(p, {"link_gen", std::to_string(g)});
    }
    for (unsigned w : {0u, 3u, 64u}) {
        device_description p = device_description::defaults();
        p.link_width = w;
        expect_invalid(p, {"link_width", std::to_string(w)});
    }
    for (unsigned w : {1u, 2u, 4u, 8u, 12u, 16u, 32u}) {
        device_description p = device_description::defaults();
        p.link_width = w;
        EXPECT_NO_THROW(validate(p)) << w;
    }
}

// VF BAR n decodes TotalVFs x max(size, largest page); the sums fit 4 GiB
// (mem32) and 2^64 (all), else windows would overlap.
TEST(ConfigProfileApertures, Mem32SumsFitFourGiB) {
    auto p = device_description::defaults(); // PF BARs mem64 + io: nothing below 4 GiB yet
    p.pfs[0].vf_bars[0] = {bar_kind::mem32, true, 64u << 20};
    EXPECT_NO_THROW(validate(p)); // 64 x 64 MiB = 4 GiB exactly
    p.pfs[0].vf_bars[0].size = 128u << 20;
    expect_invalid(p, {"vf_bar0 = mem32 prefetchable 134217728", "total_vfs 64 x 0x8000000",
                       "32-bit address space"});

    p = device_description::defaults();
    p.pfs[0].pf_bars[0] = {bar_kind::mem32, false, 2 * GiB};
    p.pfs[0].pf_bars[1] = {bar_kind::mem32, false, 2 * GiB};
    EXPECT_NO_THROW(validate(p));
    p.pfs[0].vf_bars[0] = {bar_kind::mem32, false, 4096}; // 64 x 4 MiB pages more
    expect_invalid(p, {"vf_bar0", "0x100000000 bytes of the BARs before it", "32-bit"});
    p.pfs[0].pf_bars[2] = {bar_kind::mem32, false, 4096};
    expect_invalid(p, {"pf_bar2", "32-bit address space"}); // PF BARs count first
}

TEST(ConfigProfileApertures, VfBarsWidenToTheLargestSupportedPage) {
    auto p = device_description::defaults();
    p.pfs[0].vf_bars[0] = {bar_kind::mem32, false, 4096};
    p.pfs[0].total_vfs = 2;
    p.pfs[0].initial_vfs = 2;
    p.pfs[0].supported_page_sizes = 0x1 | (1u << 19); // 4 KiB and 2 GiB pages
    EXPECT_NO_THROW(validate(p));                     // 2 x 2 GiB
    p.pfs[0].total_vfs = 3;
    p.pfs[0].initial_vfs = 3;
    expect_invalid(p, {"vf_bar0", "total_vfs 3 x 0x80000000", "32-bit address space"});
    p.pfs[0].total_vfs = 1;
    p.pfs[0].initial_vfs = 1;
    p.pfs[0].supported_page_sizes = 0x1 | (1u << 20); // 4 GiB pages: no mem32 BAR decodes that
    expect_invalid(p, {"vf_bar0 = mem32 4096", "supported_page_sizes 0x100001", "2 GiB"});
}

TEST(ConfigProfileApertures, SumsFitTheSixtyFourBitSpace) {
    auto p = device_description::defaults();
    p.pfs[0].vf_bars[0] = {bar_kind::mem64, true, uint64_t{1} << 62};
    p.pfs[0].vf_bars[3] = {};
    auto& vf_msix = std::get<msix_params>(p.pfs[0].vf_capabilities[0].params); // out of BAR3
    vf_msix.table_bir = 0;
    vf_msix.pba_bir = 0;
    p.pfs[0].total_vfs = 3;
    p.pfs[0].initial_vfs = 3;
    EXPECT_NO_THROW(validate(p)); // 3 x 2^62 + the PF's 528 KiB
    p.pfs[0].total_vfs = 4;       // 4 x 2^62 = 2^64: the product itself overflows
    p.pfs[0].initial_vfs = 4;
    expect_invalid(p, {"vf_bar0", "total_vfs 4 x 0x4000000000000000", "64-bit address space"});
    p.pfs[0].total_vfs = 3;
    p.pfs[0].initial_vfs = 3;
    p.pfs[0].vf_bars[3] = {bar_kind::mem64, true, uint64_t{1} << 62};
    expect_invalid(p, {"vf_bar3", "0xC000000000084000 bytes of the BARs before it", "64-bit"});
}

// The PF's bus and every VF's lie in the root port's secondary..subordinate range.
TEST(ConfigProfileReach, PfAndEveryVfBehindTheRootPort) {
    auto p = device_description::defaults(); // VFs 02:10.0 .. 02:1f.6
    EXPECT_NO_THROW(validate(p, {1, 255}));
    EXPECT_NO_THROW(validate(p, {1, 2}));
    expect_unreachable(p, {1, 1}, {"total_vfs = 64", "02:1f.6", "buses 01..01", "stride 2"});
    p.pfs[0].pf_rid = 0x0000;
    expect_unreachable(p, {1, 255}, {"pf_rid = 00:00.0", "bus 00", "buses 01..ff", "UR"});
    p.pfs[0].pf_rid = 0x0500;
    expect_unreachable(p, {1, 4}, {"pf_rid = 05:00.0", "buses 01..04"});
    p.pfs[0].pf_rid = 0x0200; // the PF on the last bus, its VFs past it
    expect_unreachable(p, {1, 2}, {"total_vfs", "03:1f.6"});
    p.pfs[0].initial_vfs = 0; // the profile's own rules come first
    expect_unreachable(p, {1, 255}, {"initial_vfs"});
}
