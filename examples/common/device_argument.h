// The device description named on the command line (examples (a) and (c)):
// `PROGRAM DEVICE.toml`. Exits 2 with the reader's FILE:LINE:COL message when
// it is missing or refused.
#pragma once

#include <sriov/config/device_description.h>

#include <cstdio>
#include <cstdlib>
#include <exception>

namespace example {

inline sriov::config::device_description device_argument(int argc, char* argv[]) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s DEVICE.toml\n", argv[0]);
        std::exit(2);
    }
    try {
        return sriov::config::load_device_description(argv[1]);
    } catch (const std::exception& e) { // config::profile_error
        std::fprintf(stderr, "%s\n", e.what());
        std::exit(2);
    }
}

} // namespace example
