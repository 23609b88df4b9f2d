// Settings of the tests that drive the Windows API families (sw-stubs) on the
// real platform: the device ready within a microsecond and software waiting
// two, instead of the 100 ms that the PCIe spec and Windows allow, so that
// enabling VFs and resetting them costs little simulated time.
#pragma once

#include "sriov/sw_stubs/config_initiator.h"
#include "sriov/tb/platform.h"

#include <cstdint>

namespace sriov::test {

// VFs are ready this long after VF Enable and after an FLR.
constexpr uint64_t fast_vf_ready_ns = 1000;

// The PF ready at once after reset; `completion_timeout_ps` short, so that
// dropped completions fail fast.
inline tb::platform_config fast_stub_platform(uint64_t completion_timeout_ps) {
    tb::platform_config c;
    c.profile.reset_ready_ns = 0;
    c.profile.vf_enable_ready_ns = c.profile.flr_ready_ns = fast_vf_ready_ns;
    c.rc.completion_timeout_ps = completion_timeout_ps;
    return c;
}

// Software waits after VF Enable and after an FLR: past the device's window.
inline sw_stubs::stub_config fast_stub_waits() {
    sw_stubs::stub_config c;
    c.vf_enable_wait = c.flr_wait = sc_core::sc_time(2.0 * fast_vf_ready_ns, sc_core::SC_NS);
    return c;
}

} // namespace sriov::test
