// Device descriptions: the TOML file a user writes for their own device
// (docs/device-description.md, examples in profiles/*.toml), read with
// toml++ into a device_description and validated.
#pragma once

#include "sriov/config/device_profile.h"

#include <optional>
#include <string>
#include <string_view>

namespace sriov::config {

// Reads the description `text` (named `source_name` in messages) and
// validates the device; with `buses`, also that it is reachable behind a root
// port forwarding them (validate(p, buses)). Throws profile_error
// "FILE:LINE:COL: key.path = value: reason" (the key that set the refused
// field; "FILE: key.path = value: reason" when the field kept its default).
device_description parse_device_description(std::string_view text, const std::string& source_name,
                                            const std::optional<bus_range>& buses = std::nullopt);

// The same for the file `path`, read with the input limits of
// text::read_input_file (a regular file of at most 1 MiB).
device_description load_device_description(const std::string& path,
                                           const std::optional<bus_range>& buses = std::nullopt);

} // namespace sriov::config
