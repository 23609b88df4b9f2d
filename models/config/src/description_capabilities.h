// The capability lists of a device description: `[[pf.capability]]` and
// `[[pf.vf.capability]]` onto device_description's capability model
// (docs/device-description.md, "Capabilities").
#pragma once

#include "description_reader.h"

#include "sriov/config/device_profile.h"

#include <cstdint>
#include <vector>

namespace sriov::config::description {

// Reads `function`'s `capability` array, if present, into `list` (it replaces
// the built-in list) and an MSI-X entry's `table_size` into `msix_vectors`.
void read_capabilities(reader& r, const table_ref& function, std::vector<capability>& list,
                       uint16_t& msix_vectors);

} // namespace sriov::config::description
