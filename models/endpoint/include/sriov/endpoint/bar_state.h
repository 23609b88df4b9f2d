// Reads the memory-space state bar_decoder needs from the configuration-space
// model: PF Command.MSE and BARs, SR-IOV VF Enable, VF MSE, the VFs that exist
// and each VF BAR's base and aperture (sriov_device applies the System Page
// Size rule to the aperture and the BAR masks).
#pragma once

#include "sriov/config/sriov_device.h"
#include "sriov/endpoint/bar_decoder.h"

#include <cstddef>

namespace sriov::endpoint {

pf_bar_state read_bar_state(const config::sriov_device& device, std::size_t pf = 0);

// A decoder holding every PF of `device` as it is now; build a new one (or
// set_pf again) after software changes BARs, Command, SR-IOV Control or
// System Page Size, or after a reset / FLR.
bar_decoder make_bar_decoder(const config::sriov_device& device);

} // namespace sriov::endpoint
