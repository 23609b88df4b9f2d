// A scenario run (docs/scenario-format.md): `--scenario FILE`, or the built-in
// Windows flow whose log and VCD go to waves/out/ by default. Builds the
// platform the scenario asks for (the command line overrides it), runs the
// scenario runner with its observers (summary, step log, VCD activity), the
// optional RTL cross-check, and prints the verdict.
#pragma once

#include "sriov/flows/run_request.h"

namespace sriov::flows {

// The exit status of the run (run_request.h). Throws scenario::parse_error
// and config::profile_error.
int run_scenario_flow(run_request r);

} // namespace sriov::flows
