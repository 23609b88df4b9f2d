// The platform and the stubs' settings a scenario's `platform` lines ask for
// (with command-line overrides already applied to the settings by the caller).
#pragma once

#include "sriov/scenario/scenario.h"
#include "sriov/sw_stubs/config_initiator.h"
#include "sriov/tb/platform.h"

#include <string>

namespace sriov::scenario {

// A relative profile path is taken from the scenario's folder. Throws
// config::profile_error for a bad profile.
tb::platform_config make_platform_config(const platform_settings& s,
                                         const std::string& scenario_dir);
sw_stubs::stub_config make_stub_config(const platform_settings& s);

} // namespace sriov::scenario
