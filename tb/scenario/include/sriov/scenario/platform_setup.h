// The platform and the stubs' settings a scenario's `platform` lines ask for
// (with command-line overrides already applied to the settings by the caller).
#pragma once

#include "sriov/scenario/scenario.h"
#include "sriov/sw_stubs/config_initiator.h"
#include "sriov/tb/platform.h"

#include <string>

namespace sriov::scenario {

// A relative device description path is taken from the scenario's folder.
// Throws config::profile_error for a bad description.
tb::platform_config make_platform_config(const platform_settings& s,
                                         const std::string& scenario_dir);
sw_stubs::stub_config make_stub_config(const platform_settings& s);

// What the parser cannot check without the device: vf<k> must be a VF the
// device has (k < TotalVFs; config::validate() keeps their routing IDs inside
// 16 bits, a k beyond them would wrap onto another function). Call before the
// simulation starts; throws parse_error "source:line: ...".
void check_against_device(const scenario& sc, const config::device_description& device);

} // namespace sriov::scenario
