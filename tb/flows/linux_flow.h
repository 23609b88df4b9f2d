// --flow linux: the platform, the Linux kernel's SR-IOV enable sequence run
// by the host CPU, and its report (plus --log, --vcd, --dump-config,
// --rtl-check).
#pragma once

#include "sriov/flows/run_request.h"

namespace sriov::flows {

// The exit status of the run (run_request.h). Throws config::profile_error.
int run_linux_flow(const run_request& r);

} // namespace sriov::flows
