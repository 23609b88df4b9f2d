// libFuzzer target for the device-profile parser (docs/device-profile.md).
// Invariants:
//  - parse_profile() never crashes, hangs or allocates without bound;
//  - it throws profile_error naming the source, and nothing else;
//  - an accepted profile passes validate() and builds a device (the model
//    never meets a profile the parser let through but cannot hold).
#include "sriov/config/device_profile.h"
#include "sriov/config/sriov_device.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz_profile_parse invariant broken: %s: %s\n", what, detail.c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    sriov::config::device_profile p;
    try {
        p = sriov::config::parse_profile(in, "fuzz.profile");
    } catch (const sriov::config::profile_error& e) {
        if (std::string(e.what()).find("fuzz.profile") == std::string::npos) {
            fail("profile error without the source name", e.what());
        }
        return 0;
    } catch (const std::exception& e) {
        fail("an exception other than profile_error", e.what());
    }
    try {
        sriov::config::validate(p);
        sriov::config::sriov_device dev(p);
        dev.reset(0);
    } catch (const std::exception& e) {
        fail("an accepted profile the model cannot hold", e.what());
    }
    return 0;
}
