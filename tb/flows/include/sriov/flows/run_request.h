// What one sriov-sim run is asked to do: the command line, parsed (tb/sim),
// for the flows that build the platform and run it (tb/flows).
#pragma once

#include "sriov/cli/output_paths.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sriov::flows {

// The built-in flow run when no scenario file is given.
enum class builtin_flow : uint8_t {
    windows,            // the Windows bring-up scenario (tb/scenarios/windows_flow.sriov)
    linux_sriov_enable, // the Linux kernel's SR-IOV enable sequence
};

struct run_request {
    std::string scenario; // scenario file; empty: the built-in flow
    builtin_flow flow = builtin_flow::windows;
    // Platform overrides (empty / 0: the scenario's, then the device's).
    std::string device; // device description file (--device, alias --profile)
    unsigned gen = 0;
    unsigned lanes = 0;
    std::string mode;     // "", "lt", "at"
    unsigned num_vfs = 4; // Linux flow
    // Outputs.
    std::string log;
    std::string vcd;            // *.fst: FST (the TLP monitor and the RTL), otherwise VCD
    uint64_t waves_from_ps = 0; // --waves-from/--waves-to: the span the waves show
    uint64_t waves_to_ps = UINT64_MAX;
    std::string out_dir; // the default run's log and VCD folder ("" = waves/out)
    bool no_waves = false;
    std::string dump_config;
    std::string report_log; // --report-log (SystemC writes it): checked like the outputs
    bool quiet = false;
    bool verbose = false;
    // Cross-check against the Verilated RTL.
    bool rtl_check = false;
    std::string rtl_variant;
    std::string rtl_coverage;
};

// The inputs and outputs the command line names, as the run would use them
// (--vcd FILE as the FILE.vcd SystemC writes), each with its option: what
// a file the program writes elsewhere (the report log) must not be.
std::vector<cli::file_arg> named_files(const run_request& r);

// Runs the request: 0 pass, 1 a check failed, 2 bad input or an output that
// cannot be written. Call from sc_main.
int run(run_request request);

} // namespace sriov::flows
