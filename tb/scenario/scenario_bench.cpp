#include "sriov/scenario/scenario_bench.h"

#include <stdexcept>

namespace sriov::scenario {

namespace {

std::string stub_name(const char* family, size_t pf) {
    return pf == 0 ? family : std::string(family) + "_pf" + std::to_string(pf);
}

} // namespace

pf_driver_stack::pf_driver_stack(size_t pf, routing_id pf_rid, const sw_stubs::stub_config& stubs)
    : bus(stub_name("bus", pf).c_str(), pf_rid, stubs),
      ndis(stub_name("ndis", pf).c_str(), pf_rid, stubs),
      pcivirt(stub_name("pcivirt", pf).c_str(), pf_rid, stubs) {
    bus.fill_interface(virtual_bus_driver);
}

void pf_driver_stack::forget_sriov_state() {
    bus.on_device_reset();
    ndis.on_device_reset();
    pcivirt.on_device_reset();
}

scenario_bench::scenario_bench(tb::platform& platform, const sw_stubs::stub_config& stubs)
    : top(platform), cpu("cpu") {
    const auto& pfs = platform.config().profile.pfs;
    for (size_t i = 0; i < pfs.size(); ++i) {
        stacks_.push_back(std::make_unique<pf_driver_stack>(i, routing_id(pfs[i].pf_rid), stubs));
        pf_driver_stack& s = *stacks_.back();
        s.bus.socket.bind(top.rc.ecam);
        s.ndis.socket.bind(top.rc.ecam);
        s.pcivirt.socket.bind(top.rc.ecam);
        s.bus.set_observer(&api_calls);
        s.ndis.set_observer(&api_calls);
        s.pcivirt.set_observer(&api_calls);
    }
    cpu.socket.bind(top.rc.ecam);
    cpu.mmio_socket.bind(top.rc.mmio.host);
}

void scenario_bench::forget_sriov_state() {
    for (auto& s : stacks_) {
        s->forget_sriov_state();
    }
}

void scenario_bench::forget_sriov_state(size_t pf) {
    stacks_.at(pf)->forget_sriov_state();
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
