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

#include <memory>
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

// One PF's Windows driver stack: pci.sys's interface for the PF's device,
// the PF's NDIS miniport and its pcivirt.h PF driver. Not a module.
struct pf_driver_stack {
    // Stub names: "bus", "ndis", "pcivirt" for PF 0, "bus_pf1", ... for the others.
    pf_driver_stack(size_t pf, routing_id pf_rid, const sw_stubs::stub_config& stubs);

    void forget_sriov_state();

    sw_stubs::pci_virtualization_bus bus;
    sw_stubs::ndis_pf_miniport ndis;
    sw_stubs::pcivirt_pf_driver pcivirt;
    // pci.sys's interface as an IHV virtual bus driver hands it to the PF
    // miniport (`virtual_bus_driver on`).
    PCI_VIRTUALIZATION_INTERFACE virtual_bus_driver{};
};

// Not a module: constructed inside the runner, its initiators are the runner's children.
struct scenario_bench {
    scenario_bench(tb::platform& platform, const sw_stubs::stub_config& stubs);
    scenario_bench(const scenario_bench&) = delete;
    scenario_bench& operator=(const scenario_bench&) = delete;

    // After a reset every PF's driver stack has stale SR-IOV state; after a
    // PF FLR that PF's.
    void forget_sriov_state();
    void forget_sriov_state(size_t pf);
    // pf<n>, vf<k> (with the PF's First VF Offset / VF Stride as they are now), or a routing ID.
    routing_id routing_id_of(const function_ref& f) const;

    // The API commands are calls of one PF's drivers: PF 0's until `driver pf<n>`.
    void select_driver(size_t pf) { active_ = pf; }
    size_t driver_pf() const { return active_; }
    sw_stubs::pci_virtualization_bus& bus() { return stacks_[active_]->bus; }
    sw_stubs::ndis_pf_miniport& ndis() { return stacks_[active_]->ndis; }
    sw_stubs::pcivirt_pf_driver& pcivirt() { return stacks_[active_]->pcivirt; }
    const PCI_VIRTUALIZATION_INTERFACE* virtual_bus_driver() const {
        return &stacks_[active_]->virtual_bus_driver;
    }

    tb::platform& top;
    tb::host_cpu cpu; // direct accesses and the Linux flow
    api_call_collector api_calls;

private:
    std::vector<std::unique_ptr<pf_driver_stack>> stacks_; // one per PF, the description's order
    size_t active_ = 0;
};

} // namespace sriov::scenario
