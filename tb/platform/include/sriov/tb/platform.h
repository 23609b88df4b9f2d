// The simulated system: host-side root complex, the PCIe link and the SR-IOV
// endpoint with its configuration space. Initiators (the Linux flow, the
// Windows API stubs, scenario steps) bind to rc.ecam; memory accesses to the
// functions' BARs go to rc.mmio.host.
#pragma once

#include "sriov/config/device_profile.h"
#include "sriov/config/sriov_device.h"
#include "sriov/endpoint/mmio_port.h"
#include "sriov/endpoint/sriov_endpoint.h"
#include "sriov/link/pcie_link.h"
#include "sriov/root_complex/root_complex.h"

#include <systemc>

namespace sriov::tb {

struct platform_config {
    config::device_description profile = config::device_description::defaults();
    link::link_config link = default_link();
    root_complex::root_complex_config rc;

    // Gen3 x4 with 200 ns PHY + flight latency per direction: together with
    // the RC's 150 + 150 cycles at 1 GHz and the endpoint's 4 cycles at
    // 250 MHz an isolated CfgWr0 round trip is about 0.73 us (README, Timing).
    static link::link_config default_link();
};

class platform : public sc_core::sc_module {
public:
    // Throws config::profile_error when the profile is invalid or the device
    // (PF or any VF) is not on a bus the root complex forwards.
    explicit platform(sc_core::sc_module_name name, const platform_config& cfg = {});

    const platform_config& config() const { return cfg_; }

    platform_config cfg_;
    config::sriov_device device;
    root_complex::root_complex rc;
    link::pcie_link link;
    endpoint::sriov_endpoint ep;
    // The data path: rc.mmio.host takes the host's memory accesses; MRd/MWr
    // cross link.mem to ep_mmio (BAR decode, MSI-X, function targets); MSI-X
    // messages come back up to rc.mmio (docs/data-path.md).
    endpoint::mmio_port ep_mmio;
};

} // namespace sriov::tb
