// One write on the configuration port of rtl/sriov_cfg_port_space.sv
// (docs/rtl-interface.md, "Configurable block"): cfg_sel, cfg_addr, cfg_wdata.
#pragma once

#include <cstdint>

namespace sriov::rtl {

// cfg_sel codes (CFG_* in the RTL). cfg_addr is {pf[19:12], slot or index[11:0]}.
enum class port_table : uint8_t {
    pf_dw = 0, // {valid (bit 10), DW number}
    pf_reset = 1,
    pf_rw = 2,
    pf_rw1c = 3,
    pf_keep = 4,   // bits a Function Level Reset keeps
    pf_sticky = 5, // bits the D3hot->D0 internal reset keeps
    vf_dw = 6,     // vf_* = pf_* + 6
    vf_reset = 7,
    vf_rw = 8,
    vf_rw1c = 9,
    vf_keep = 10,
    vf_sticky = 11,
    pf_scalar = 12,  // index 0: {bar_hi[25:20], ari_dep[16], pf_rid}; 1: VF pool base
    dev_scalar = 13, // addr 0: {lowest PF[23:16], PFs}; 1/2, 3/4, 5/6: reset,
                     // VF Enable, FLR windows (lo/hi); 7: response latency in clocks
};

struct port_write {
    port_table table = port_table::pf_dw;
    uint32_t addr = 0;
    uint32_t data = 0;
};

} // namespace sriov::rtl
