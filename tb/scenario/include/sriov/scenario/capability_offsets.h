// CAP+OFFSET in a step (docs/scenario-format.md): resolved when the step runs,
// as software finds a capability, by walking the target function's capability
// list through configuration reads at the root complex (capability_walk.h).
// The reads are the step's and show in its TLP log; a peek walks the model's
// registers instead (no TLP, as peek promises).
#pragma once

#include "sriov/scenario/scenario.h"
#include "sriov/scenario/scenario_bench.h"

#include <string>

namespace sriov::scenario {

struct resolved_offsets {
    step st;           // the step with every offset and data slice absolute
    std::string note;  // what the walk found ("sriov at 0x160"), for the summary
    unsigned tlps = 0; // request TLPs the walk put on the link
    std::string error; // why a capability could not be found ("" when all were)
};

// True when an offset or an expectation's data slice of `st` is CAP+OFFSET.
bool has_capability_offsets(const step& st);

// Runs the walks `st` needs (one per capability) on the runner's SC_THREAD.
resolved_offsets resolve_capability_offsets(const step& st, scenario_bench& bench);

} // namespace sriov::scenario
