// A step's arguments as the handlers use them (the parser filled in defaults).
#pragma once

#include "sriov/scenario/scenario.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sriov::scenario {

// The number of an integer, boolean or time argument (0 if absent).
uint64_t arg_number(const step& st, const char* name);
// The argument as written ("" if absent).
const std::string& arg_text(const step& st, const char* name);
// A data argument as bytes: an integer little-endian over the first 8 bytes,
// hex: as given; zero-padded to max(length, 8) bytes.
std::vector<uint8_t> data_bytes(const value& v, size_t length);

} // namespace sriov::scenario
