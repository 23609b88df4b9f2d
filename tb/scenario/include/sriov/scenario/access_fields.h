// The values of a direct access's `status` and `response` fields
// (docs/scenario-format.md) and their names in the scenario language: one
// table for the parser (symbolic values) and the failure messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sriov::scenario {

// `status`: the completion status code of the failing DW (SC when every DW
// completed), or one of these two when there is no completion to report.
namespace access_status {
inline constexpr uint64_t timeout = 0x100; // the failing DW got no completion in time
inline constexpr uint64_t none = 0x200;    // no TLP was sent (address or command error)
} // namespace access_status

// `response`: the TLM response of the ECAM access.
enum class access_response : uint8_t { ok, address_error, command_error, generic_error };

// "SC", "UR", "CRS", "CA", "timeout", "none"; other values in hex.
std::string status_field_name(uint64_t value);
// "ok", "address_error", "command_error", "generic_error"; other values in hex.
std::string response_field_name(uint64_t value);

// The value of a status or response name (scenario files), if it is one.
std::optional<uint64_t> access_field_value(const std::string& name);

} // namespace sriov::scenario
