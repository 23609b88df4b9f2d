#include "sriov/scenario/scenario_bench.h"

namespace sriov::scenario {

scenario_bench::scenario_bench(tb::platform& platform, const sw_stubs::stub_config& stubs)
    : top(platform), bus("bus", routing_id(platform.config().profile.pfs[0].pf_rid), stubs),
      ndis("ndis", routing_id(platform.config().profile.pfs[0].pf_rid), stubs),
      pcivirt("pcivirt", routing_id(platform.config().profile.pfs[0].pf_rid), stubs), cpu("cpu") {
    bus.socket.bind(top.rc.ecam);
    ndis.socket.bind(top.rc.ecam);
    pcivirt.socket.bind(top.rc.ecam);
    cpu.socket.bind(top.rc.ecam);
    bus.set_observer(&api_calls);
    ndis.set_observer(&api_calls);
    pcivirt.set_observer(&api_calls);
}

void scenario_bench::forget_sriov_state() {
    bus.on_device_reset();
    ndis.on_device_reset();
    pcivirt.on_device_reset();
}

} // namespace sriov::scenario
