// The bad-description catalogue as sriov-sim meets it: each description of
// tests/fuzz/corpus/device_description (the fuzz target's seeds), loaded for
// the default root port's buses, is refused with FILE:LINE:COL, the key and
// the value; every shipped description builds a platform.
#include "sriov/config/device_description.h"
#include "sriov/tb/platform.h"

#include <gtest/gtest.h>
#include <string>

using namespace sriov;

namespace sriov::test {
void elaborate() {} // each test builds (and drops) its platform before any sc_start
} // namespace sriov::test

namespace {

const std::string corpus = SRIOV_SOURCE_DIR "/tests/fuzz/corpus/device_description/";

// The message of the profile_error that loading `path` as sriov-sim does and
// building the default platform `name` around it throws ("" when both
// succeed). A built platform's processes outlive it, so each that may succeed
// has its own name.
std::string platform_error(const tb::platform_config& cfg, const char* name) {
    try {
        tb::platform top(name, cfg);
    } catch (const config::profile_error& e) {
        return e.what();
    }
    return "";
}

std::string platform_error(const std::string& path, const char* name = "top") {
    tb::platform_config cfg;
    try {
        cfg.profile = config::load_device_description(
            path, config::bus_range{cfg.rc.secondary_bus, cfg.rc.subordinate_bus});
    } catch (const config::profile_error& e) {
        return e.what();
    }
    return platform_error(cfg, name);
}

struct rejected {
    const char* file;
    const char* message; // after the corpus folder: FILE:LINE:COL: key = value: reason
};

const rejected catalogue[] = {
    {"vf_bar_aperture_64bit.toml",
     "vf_bar_aperture_64bit.toml:11:8: pf.sriov.vf_bars.bar0 = mem64 prefetchable "
     "4611686018427387904: the aperture (pf.sriov.total_vfs 64 x 0x4000000000000000 bytes, each "
     "VF's BAR "
     "at least the largest supported page, 0x400000 bytes) and the 0x84000 bytes of the BARs "
     "before it do not fit the 64-bit address space (2^64 bytes)"},
    {"vf_bar_apertures_sum_64bit.toml",
     "vf_bar_apertures_sum_64bit.toml:13:8: pf.sriov.vf_bars.bar3 = mem64 prefetchable "
     "4611686018427387904: the aperture (pf.sriov.total_vfs 3 x 0x4000000000000000 bytes, each "
     "VF's BAR "
     "at least the largest supported page, 0x400000 bytes) and the 0xC000000000084000 bytes of "
     "the BARs before it do not fit the 64-bit address space (2^64 bytes)"},
    {"vf_bar_aperture_32bit.toml",
     "vf_bar_aperture_32bit.toml:10:16: pf.sriov.vf_bars.bar0 = mem32 prefetchable 134217728: the "
     "aperture (pf.sriov.total_vfs 64 x 0x8000000 bytes, each VF's BAR at least the largest "
     "supported "
     "page, 0x400000 bytes) does not fit the 32-bit address space (4 GiB)"},
    {"vf_bar_mem32_page.toml",
     "vf_bar_mem32_page.toml:13:8: pf.sriov.vf_bars.bar0 = mem32 4096: at the largest supported "
     "page size, 0x100000000 bytes (pf.sriov.supported_page_sizes 0x100001), each VF's BAR is "
     "0x100000000 bytes, above the 2 GiB a mem32 BAR decodes"},
    {"pf_bars_32bit.toml",
     "pf_bars_32bit.toml:9:8: pf.bars.bar2 = mem32 2147483648: its 0x80000000 bytes and the "
     "0x100000000 bytes of the BARs before it do not fit the 32-bit address space (4 GiB)"},
    {"pf_bus0.toml", "pf_bus0.toml:4:7: pf.rid = 00:00.0: bus 00 is outside the root port's "
                     "secondary..subordinate buses 01..ff: the root complex answers UR for it"},
    {"vf_rid_past_bus_ff.toml",
     "vf_rid_past_bus_ff.toml:8:13: pf.sriov.total_vfs = 32449: the last VF's routing ID "
     "0x10000 exceeds 0xFFFF (pf.rid 0x100, first VF offset 384, stride 2)"},
};

} // namespace

TEST(ConfigRejectedDescriptions, EachNamesFileLineKeyAndValue) {
    for (const rejected& r : catalogue) {
        EXPECT_EQ(platform_error(corpus + r.file), corpus + r.message);
    }
}

TEST(ConfigRejectedDescriptions, ShippedDescriptionsBuildAPlatform) {
    const std::string dir = SRIOV_SOURCE_DIR "/profiles/";
    EXPECT_EQ(platform_error(dir + "intel-82599.toml", "intel"), "");
    EXPECT_EQ(platform_error(dir + "large-ari.toml", "large"), "");
}

TEST(ConfigRejectedDescriptions, PlatformChecksItsOwnBusRange) {
    tb::platform_config cfg;
    cfg.rc.secondary_bus = 3; // the default PF, 01:00.0, is now behind no port
    EXPECT_NE(platform_error(cfg, "top")
                  .find("pf_rid = 01:00.0: bus 01 is outside the root "
                        "port's secondary..subordinate buses 03..ff"),
              std::string::npos);
}

TEST(ConfigRejectedDescriptions, PfBehindTheSecondaryBusIsRefused) {
    tb::platform_config cfg;
    cfg.profile.pf_rid = 0x0200; // 02:00.0: behind secondary bus 01, reachable only as Type 1
    EXPECT_NE(platform_error(cfg, "top")
                  .find("pf_rid = 02:00.0: the PF must be on the root "
                        "port's secondary bus 01, not behind it"),
              std::string::npos);
}
