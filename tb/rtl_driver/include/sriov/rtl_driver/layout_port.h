// The layout of a device description, as the configuration port of
// rtl/sriov_cfg_port_space.sv takes it (docs/rtl-interface.md, "Configurable
// block"): per PF and function kind, a table of DW slots (DW number, reset
// value, RW / RW1C / FLR-keep / sticky masks) with the DWs behaviour acts on
// at fixed slots, plus per-PF and device scalars. Only the static layout
// comes from the model's register tables; the block's behaviour is its own.
#pragma once

#include "sriov/config/sriov_device.h"
#include "sriov/rtl_driver/port_write.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace sriov::rtl {

// The block's storage parameters (its Verilated build's -G values).
struct port_sizes {
    unsigned max_pfs = 2;
    unsigned pf_slots = 128;
    unsigned vf_slots = 64;
    unsigned vf_mut = 16;
    unsigned max_vfs = 256;
};

#ifdef SRIOV_RTL_PORT_MAX_PFS
// The sizes the Verilated builds in sriov::rtl were given (rtl/CMakeLists.txt).
inline constexpr port_sizes built_port_sizes{SRIOV_RTL_PORT_MAX_PFS, SRIOV_RTL_PORT_PF_SLOTS,
                                             SRIOV_RTL_PORT_VF_SLOTS, SRIOV_RTL_PORT_VF_MUT,
                                             SRIOV_RTL_PORT_MAX_VFS};
#endif

// Thrown when a description needs more storage than `port_sizes` gives.
class layout_too_large : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Every port write that loads `device`'s layout (its PFs' and VFs' register
// tables as the model's description built them). Throws layout_too_large.
std::vector<port_write> layout_writes(const config::sriov_device& device, const port_sizes& sizes);

} // namespace sriov::rtl
