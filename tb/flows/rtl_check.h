// --rtl-check: the Verilated RTL shadow attached to the platform's endpoint
// (every config TLP is replayed on the RTL at the same simulated time and
// compared); with --vcd the RTL's pins go to FILE.rtl.vcd and are merged into
// FILE after the run (docs/verification.md).
#pragma once

#include "sriov/crosscheck/rtl_shadow.h"
#include "sriov/flows/run_request.h"
#include "sriov/tb/platform.h"

#include <memory>
#include <string>

namespace sriov::crosscheck {
struct rtl_variant;
} // namespace sriov::crosscheck

namespace sriov::flows {

// The RTL variant --rtl-check uses for a platform with profile `p`: the one
// --rtl-variant names or the one built for the profile. nullptr (with a
// message) when there is none, it was built for another profile, or --vcd
// asks for a trace it cannot write. Attaches nothing, creates no file.
const crosscheck::rtl_variant* rtl_check_variant(const run_request& r,
                                                 const config::device_description& p);

class rtl_check {
public:
    // 0, or 2 when rtl_check_variant() finds no variant (nothing attached
    // when the request has no --rtl-check).
    int open(const run_request& r, tb::platform& top);
    // Final checkpoint (full sweep of both models), VCD merge and summary;
    // false on a mismatch.
    bool finish(const run_request& r);

private:
    std::unique_ptr<crosscheck::rtl_shadow> shadow_;
    std::string rtl_vcd_;
};

} // namespace sriov::flows
