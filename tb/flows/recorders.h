// The outputs a run records beside its own report: the transaction log
// (--log), the VCD of the TLP stream (--vcd) and the lspci-format config
// dump (--dump-config).
#pragma once

#include "sriov/flows/run_request.h"
#include "sriov/tb/platform.h"
#include "sriov/tb/tlp_vcd_monitor.h"
#include "sriov/tb/transaction_log.h"

#include <memory>
#include <string>
#include <systemc>

namespace sriov::flows {

// Log and VCD attached to a platform for the length of a run.
struct recorders {
    std::unique_ptr<tb::transaction_log> log;
    sc_core::sc_trace_file* tf = nullptr;
    std::unique_ptr<tb::tlp_vcd_monitor> monitor;

    // False (with a message) when the log cannot be written.
    bool open(const run_request& r, tb::platform& top);
    void close();
};

// The file SystemC writes for --vcd FILE (it appends .vcd to the base name).
std::string tlp_vcd_path(const std::string& vcd);
// FILE.vcd -> FILE.rtl.vcd
std::string rtl_vcd_path(const std::string& vcd);

// --dump-config FILE: 0, or 2 when the file cannot be written.
int dump_config(const run_request& r, tb::platform& top);

} // namespace sriov::flows
