// sriov-sim --import-dump: a device description from a real device's dumped
// configuration space (docs/device-description.md, "Importing a device").
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace sriov::cli {

struct import_request {
    std::vector<std::string> dumps; // lspci -xxxx text or sysfs config files
    std::string out;                // the description to write
    std::vector<std::string> bar_sizes;
    bool allow_differences = false;
};

// --import-dump, --write-device, --bar-size, --allow-differences.
void add_import_options(CLI::App& app, import_request& r);

// Imports and writes the description (to a temporary file renamed over
// `out`, so a refused import leaves no partial file). Returns the exit status:
// 0, or 2 with "sriov-sim: FILE:LINE: reason" on stderr.
int run_import(const import_request& r);

} // namespace sriov::cli
