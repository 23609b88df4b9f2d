// sriov-sim: the co-simulation program's command line. The options become a
// run request; the flows (tb/flows) build the platform and run it: a scenario
// (docs/scenario-format.md), the built-in Windows flow by default or
// `--scenario FILE`, or the Linux SR-IOV enable flow (`--flow linux`).
#include "sriov/flows/run_request.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <string>
#include <systemc>

namespace {

using sriov::flows::run_request;

void add_run_options(CLI::App& app, run_request& r, std::string& flow) {
    app.add_option("--scenario", r.scenario, "run a scenario file (docs/scenario-format.md)")
        ->check(CLI::ExistingFile);
    app.add_option("--flow", flow,
                   "built-in flow when no --scenario: windows (default) or linux (the Linux "
                   "SR-IOV enable sequence)")
        ->check(CLI::IsMember({"windows", "linux"}));
    app.add_option("--profile", r.profile, "device profile file (docs/device-profile.md)")
        ->check(CLI::ExistingFile);
    app.add_option("--gen", r.gen, "PCIe generation 1..6 (default: scenario, then profile)")
        ->check(CLI::Range(1, 6));
    app.add_option("--lanes", r.lanes, "link width 1,2,4,8,12,16,32 (default: profile)")
        ->check(CLI::IsMember({1, 2, 4, 8, 12, 16, 32}));
    app.add_option("--mode", r.mode, "coding style: lt (loosely timed) or at (approximately timed)")
        ->check(CLI::IsMember({"lt", "at"}));
}

void add_output_options(CLI::App& app, run_request& r) {
    app.add_option("--log", r.log, "write the transaction log (JSON Lines) to FILE");
    app.add_option("--vcd", r.vcd, "write a VCD waveform of the TLP stream to FILE");
    app.add_option("--out-dir", r.out_dir,
                   "folder for the default run's log and VCD (default: waves/out)");
    app.add_flag("--no-waves", r.no_waves, "default run: do not write the log and VCD");
    app.add_option("--dump-config", r.dump_config,
                   "write PF and VF config space in `lspci -xxxx` format (for lspci -F)");
    app.add_option("--num-vfs", r.num_vfs, "--flow linux: VFs the enable sequence asks for")
        ->check(CLI::Range(0, 65535));
}

void add_check_options(CLI::App& app, run_request& r) {
    app.add_flag("--rtl-check", r.rtl_check,
                 "replay every config TLP on the Verilated RTL at the same simulated time, "
                 "compare status/data/cycles (and full sweeps at the end); fail on a mismatch. "
                 "With --vcd, the RTL's signals go to FILE.rtl.vcd");
    app.add_option("--rtl-variant", r.rtl_variant,
                   "--rtl-check: Verilated variant (default: the one matching the profile)");
    app.add_option("--rtl-coverage", r.rtl_coverage,
                   "--rtl-check: write the RTL coverage database (coverage variants)");
    app.add_flag("--quiet", r.quiet, "print nothing on success");
    app.add_flag("--verbose", r.verbose, "show SystemC info messages and stub warnings");
}

} // namespace

int sc_main(int argc, char* argv[]) {
    CLI::App app{"sriov-sim: SystemC/TLM-2.0 co-simulation of a PCIe SR-IOV device.\n"
                 "With no arguments: the Windows SR-IOV flow (tb/scenarios/windows_flow.sriov),\n"
                 "log and VCD under waves/out/."};
    run_request request;
    std::string flow = "windows";
    add_run_options(app, request, flow);
    add_output_options(app, request);
    add_check_options(app, request);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    request.flow = flow == "linux" ? sriov::flows::builtin_flow::linux_sriov_enable
                                   : sriov::flows::builtin_flow::windows;
    return sriov::flows::run(std::move(request));
}

// Our own main(): SystemC prints its banner in sc_elab_and_sim() before
// sc_main() runs, so the switch that silences it must be set here.
int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
