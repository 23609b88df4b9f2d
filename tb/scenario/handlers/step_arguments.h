// A step's arguments as the handlers use them (the parser filled in defaults).
#pragma once

#include "sriov/scenario/scenario.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace sriov::scenario {

// The number of an integer, boolean or time argument (0 if absent).
uint64_t arg_number(const step& st, const char* name);
// An integer argument as the type it feeds. The command table's ranges make
// every parsed value fit; one that does not is a bug, never cut to fit.
template <typename T>
T arg_as(const step& st, const char* name) {
    const uint64_t v = arg_number(st, name);
    if (v > std::numeric_limits<T>::max()) {
        throw std::logic_error(std::string("scenario argument ") + name +
                               " does not fit its type: the command table lacks its range");
    }
    return static_cast<T>(v);
}
// The argument as written ("" if absent).
const std::string& arg_text(const step& st, const char* name);
// A data argument as bytes: an integer little-endian over the first 8 bytes,
// hex: as given; zero-padded to max(length, 8) bytes, never cut.
std::vector<uint8_t> data_bytes(const value& v, size_t length);

} // namespace sriov::scenario
