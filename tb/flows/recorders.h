// The outputs a run records beside its own report: the transaction log
// (--log), the VCD of the TLP stream (--vcd) and the lspci-format config
// dump (--dump-config). Every output file (these and --rtl-check's) is
// checked before the platform runs, so that a refused run writes nothing.
#pragma once

#include "sriov/cli/output_paths.h"
#include "sriov/flows/run_request.h"
#include "sriov/tb/fst_wave_file.h"
#include "sriov/tb/platform.h"
#include "sriov/tb/tlp_vcd_monitor.h"
#include "sriov/tb/transaction_log.h"

#include <memory>
#include <string>
#include <systemc>
#include <vector>

namespace sriov::flows {

// Which of the log and VCD the default run puts in its out-dir (--log and
// --vcd do not name them).
struct out_dir_files {
    bool log = false;
    bool vcd = false;
};

// The files the request writes, each with the option that names it.
std::vector<cli::file_arg> output_files(const run_request& r, const out_dir_files& d = {});

// 0 when every output can be written and names no input and no other output
// (then the missing folders of the outputs are created); 2 with a message
// otherwise. Nothing is created or truncated before this passes.
int prepare_outputs(const run_request& r, const std::vector<cli::file_arg>& inputs,
                    const out_dir_files& d = {});

// Log and VCD attached to a platform for the length of a run.
struct recorders {
    std::unique_ptr<tb::transaction_log> log;
    sc_core::sc_trace_file* tf = nullptr;
    std::unique_ptr<tb::fst_wave_file> fst; // --vcd FILE.fst
    std::unique_ptr<tb::tlp_vcd_monitor> monitor;

    // The last step before files are created: false (with a message) when
    // --rtl-check has no RTL variant for the platform, or the log cannot be
    // written. Checking the variant here keeps a refused run from leaving
    // an empty log behind.
    bool open(const run_request& r, tb::platform& top);
    void close();

private:
    bool open_waves(const run_request& r, tb::platform& top); // the TLP monitor
};

// The file the TLP monitor writes for --vcd FILE: FILE when it ends in .fst,
// otherwise the one SystemC writes (it appends .vcd to the base name).
std::string tlp_vcd_path(const std::string& vcd);
// FILE.vcd -> FILE.rtl.vcd, FILE.fst -> FILE.rtl.fst
std::string rtl_vcd_path(const std::string& vcd);

// --dump-config FILE: 0, or 2 when the file cannot be written.
int dump_config(const run_request& r, tb::platform& top);

} // namespace sriov::flows
