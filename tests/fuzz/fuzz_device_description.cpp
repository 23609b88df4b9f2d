// libFuzzer target for the device description reader (docs/device-description.md:
// TOML through toml++, then the schema and validate()).
// Invariants:
//  - parse_device_description() never crashes, hangs or allocates without bound;
//  - it throws profile_error starting with the source name, and nothing else
//    (no toml++ exception escapes);
//  - an accepted description passes validate() and builds a device (the model
//    never meets a description the reader let through but cannot hold).
#include "sriov/config/device_description.h"
#include "sriov/config/sriov_device.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz_device_description invariant broken: %s: %s\n", what,
                 detail.c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    sriov::config::device_description p;
    try {
        p = sriov::config::parse_device_description(text, "fuzz.toml");
    } catch (const sriov::config::profile_error& e) {
        if (std::string_view(e.what()).substr(0, 9) != "fuzz.toml") {
            fail("an error that does not start with the source name", e.what());
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
        fail("an accepted description the model cannot hold", e.what());
    }
    return 0;
}
