// What a scenario drives the platform with: the three Windows API families
// and the host CPU of the direct accesses, all bound to the root complex's
// ECAM socket, and the API calls the stubs report during a step.
#pragma once

#include "sriov/scenario/scenario.h"
#include "sriov/sw_stubs/ndis_pf_miniport.h"
#include "sriov/sw_stubs/pci_virtualization_bus.h"
#include "sriov/sw_stubs/pcivirt_pf_driver.h"
#include "sriov/tb/host_cpu.h"
#include "sriov/tb/platform.h"

#include <vector>

namespace sriov::scenario {

// The call records of the running step (the stubs report each call they make).
class api_call_collector : public sw_stubs::api_call_observer {
public:
    void on_call(const sw_stubs::api_call_record& record) override { calls_.push_back(record); }
    void clear() { calls_.clear(); }
    const std::vector<sw_stubs::api_call_record>& calls() const { return calls_; }

private:
    std::vector<sw_stubs::api_call_record> calls_;
};

// Not a module: constructed inside the runner, its initiators are the runner's children.
struct scenario_bench {
    scenario_bench(tb::platform& platform, const sw_stubs::stub_config& stubs);
    scenario_bench(const scenario_bench&) = delete;
    scenario_bench& operator=(const scenario_bench&) = delete;

    // After a reset or a PF FLR the families' cached SR-IOV state is stale.
    void forget_sriov_state();
    // pf, vf<k> (with the PF's First VF Offset / VF Stride as they are now), or a routing ID.
    routing_id routing_id_of(const function_ref& f) const;
    // The pci.sys interface as an IHV virtual bus driver hands it to the PF
    // miniport (`virtual_bus_driver on`).
    const PCI_VIRTUALIZATION_INTERFACE* virtual_bus_driver() const { return &vbd_; }

    tb::platform& top;
    sw_stubs::pci_virtualization_bus bus;
    sw_stubs::ndis_pf_miniport ndis;
    sw_stubs::pcivirt_pf_driver pcivirt;
    tb::host_cpu cpu; // direct accesses and the Linux flow
    api_call_collector api_calls;

private:
    PCI_VIRTUALIZATION_INTERFACE vbd_{};
};

} // namespace sriov::scenario
