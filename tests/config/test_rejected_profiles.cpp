// The bad-profile catalogue as sriov-sim meets it: each profile of
// tests/fuzz/corpus/profile_parse (the fuzz target's seeds) loaded and put
// into a tb::platform is refused with a profile_error naming the field; every
// shipped profile builds a platform.
#include "sriov/config/device_profile.h"
#include "sriov/tb/platform.h"

#include <gtest/gtest.h>
#include <string>

using namespace sriov;

namespace sriov::test {
void elaborate() {} // each test builds (and drops) its platform before any sc_start
} // namespace sriov::test

namespace {

const std::string corpus = SRIOV_SOURCE_DIR "/tests/fuzz/corpus/profile_parse/";

// The message of the profile_error that loading `path` and building the
// default platform `name` around it throws ("" when both succeed). A built
// platform's processes outlive it, so each that may succeed has its own name.
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
        cfg.profile = config::load_profile(path);
    } catch (const config::profile_error& e) {
        return e.what();
    }
    return platform_error(cfg, name);
}

struct rejected {
    const char* file;
    const char* message; // field = value: the start of the reason
};

const rejected catalogue[] = {
    {"vf_bar_aperture_64bit.profile",
     "vf_bar0 = mem64 prefetchable 4611686018427387904: the aperture (total_vfs 64 x "},
    {"vf_bar_apertures_sum_64bit.profile",
     "vf_bar3 = mem64 prefetchable 4611686018427387904: the aperture (total_vfs 3 x "},
    {"vf_bar_aperture_32bit.profile",
     "vf_bar0 = mem32 prefetchable 134217728: the aperture (total_vfs 64 x "},
    {"vf_bar_mem32_page.profile", "vf_bar0 = mem32 4096: at the largest supported page size"},
    {"pf_bars_32bit.profile", "pf_bar2 = mem32 2147483648: its 0x80000000 bytes and the "},
    {"pf_bus0.profile", "pf_rid = 00:00.0: bus 00 is outside the root port's"},
    {"vf_rid_past_bus_ff.profile", "total_vfs = 32449: the last VF's routing ID 0x10000"},
};

} // namespace

TEST(ConfigRejectedProfiles, EachNamesItsField) {
    for (const rejected& r : catalogue) {
        const std::string e = platform_error(corpus + r.file);
        EXPECT_NE(e.find(r.message), std::string::npos) << r.file << ": " << e;
    }
}

TEST(ConfigRejectedProfiles, ShippedProfilesBuildAPlatform) {
    const std::string dir = SRIOV_SOURCE_DIR "/profiles/";
    EXPECT_EQ(platform_error(dir + "intel-82599.profile", "intel"), "");
    EXPECT_EQ(platform_error(dir + "large-ari.profile", "large"), "");
}

TEST(ConfigRejectedProfiles, PlatformChecksItsOwnBusRange) {
    tb::platform_config cfg;
    cfg.rc.secondary_bus = 3; // the default PF, 01:00.0, is now behind no port
    EXPECT_NE(platform_error(cfg, "top")
                  .find("pf_rid = 01:00.0: bus 01 is outside the root "
                        "port's secondary..subordinate buses 03..ff"),
              std::string::npos);
}

TEST(ConfigRejectedProfiles, PfBehindTheSecondaryBusIsRefused) {
    tb::platform_config cfg;
    cfg.profile.pf_rid = 0x0200; // 02:00.0: behind secondary bus 01, reachable only as Type 1
    EXPECT_NE(platform_error(cfg, "top")
                  .find("pf_rid = 02:00.0: the PF must be on the root "
                        "port's secondary bus 01, not behind it"),
              std::string::npos);
}
