#include "sriov/scenario/scenario_bench.h"

#include <stdexcept>

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
    bus.fill_interface(vbd_);
}

void scenario_bench::forget_sriov_state() {
    bus.on_device_reset();
    ndis.on_device_reset();
    pcivirt.on_device_reset();
}

routing_id scenario_bench::routing_id_of(const function_ref& f) const {
    switch (f.type) {
    case function_ref::kind::pf:
        // check_against_device() keeps n below the PF count and k below TotalVFs.
        return routing_id(top.config().profile.pfs.at(f.pf).pf_rid);
    case function_ref::kind::vf:
        if (f.index >= top.config().profile.pfs.at(f.pf).total_vfs) {
            throw std::logic_error("vf<k> beyond TotalVFs reached the run");
        }
        return top.device.vf_rid(f.index, f.pf);
    case function_ref::kind::rid:
        break;
    }
    return routing_id(f.index);
}

} // namespace sriov::scenario
