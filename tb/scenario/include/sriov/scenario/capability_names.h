// The capability names a scenario's CAP+OFFSET may use: the `type` names of
// device descriptions (docs/device-description.md), each with the ID software
// looks for when it walks a function's capability list.
#pragma once

#include <cstdint>
#include <string>

namespace sriov::scenario {

struct capability_name {
    const char* name; // "pm", "msix", "sriov", ...
    bool extended;    // in the extended list (from 0x100)
    uint16_t id;      // capability ID (standard) or extended capability ID
};

// The capability called `name`, or nullptr.
const capability_name* find_capability_name(const std::string& name);
// "pm, msi, msix, ..." for messages.
std::string capability_name_list();

} // namespace sriov::scenario
