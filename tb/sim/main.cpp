// sriov-sim: the co-simulation program's command line. The options become a
// run request; the flows (tb/flows) build the platform and run it: a scenario
// (docs/scenario-format.md), the built-in Windows flow by default or
// `--scenario FILE`, or the Linux SR-IOV enable flow (`--flow linux`);
// or, with --import-dump, no run: a device description from a dump.
// Exit status (sriov/cli/command_line.h): 0 pass, 1 a check failed, 2 usage
// or input error.
#include "sriov/cli/command_line.h"
#include "sriov/cli/import_command.h"
#include "sriov/cli/report_options.h"
#include "sriov/cli/waves_window.h"
#include "sriov/flows/run_request.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <string>
#include <systemc>

namespace {

using sriov::flows::run_request;

// The options a refused combination names.
struct option_refs {
    CLI::Option* scenario = nullptr;
    CLI::Option* flow = nullptr;
    CLI::Option* num_vfs = nullptr;
    CLI::Option* log = nullptr;
    CLI::Option* vcd = nullptr;
    CLI::Option* out_dir = nullptr;
    CLI::Option* no_waves = nullptr;
};

void add_run_options(CLI::App& app, run_request& r, std::string& flow, option_refs& o) {
    o.scenario =
        app.add_option("--scenario", r.scenario, "run a scenario file (docs/scenario-format.md)")
            ->check(CLI::ExistingFile);
    o.flow = app.add_option("--flow", flow,
                            "built-in flow when no --scenario: windows (default) or linux (the "
                            "Linux SR-IOV enable sequence)")
                 ->check(CLI::IsMember({"windows", "linux"}))
                 ->excludes(o.scenario);
    app.add_option("--device,--profile", r.device,
                   "device description file (TOML, docs/device-description.md; examples in "
                   "profiles/)")
        ->check(CLI::ExistingFile);
    app.add_option("--gen", r.gen, "PCIe generation 1..6 (default: scenario, then device)")
        ->check(CLI::Range(1, 6));
    app.add_option("--lanes", r.lanes, "link width 1,2,4,8,12,16,32 (default: device)")
        ->check(CLI::IsMember({1, 2, 4, 8, 12, 16, 32}));
    app.add_option("--mode", r.mode, "coding style: lt (loosely timed) or at (approximately timed)")
        ->check(CLI::IsMember({"lt", "at"}));
    o.num_vfs = app.add_option("--num-vfs", r.num_vfs,
                               "--flow linux only: VFs the enable sequence asks for")
                    ->check(CLI::Range(0, 65535));
}

void add_output_options(CLI::App& app, run_request& r, option_refs& o) {
    o.log = app.add_option("--log", r.log, "write the transaction log (JSON Lines) to FILE");
    o.vcd = app.add_option("--vcd", r.vcd,
                           "write a VCD waveform of the TLP stream to FILE (.vcd is appended "
                           "when FILE does not end in it); FST when FILE ends in .fst");
    o.out_dir = app.add_option("--out-dir", r.out_dir,
                               "default run only (no --scenario, no --flow linux): folder of the "
                               "log and VCD not named by --log/--vcd (default: waves/out, created)")
                    ->excludes(o.scenario);
    o.no_waves = app.add_flag("--no-waves", r.no_waves,
                              "default run only: no log and VCD in the out-dir (--log and --vcd "
                              "are still written)")
                     ->excludes(o.scenario)
                     ->excludes(o.out_dir);
    app.add_option("--dump-config", r.dump_config,
                   "write PF and VF config space in `lspci -xxxx` format (for lspci -F)");
}

void add_check_options(CLI::App& app, run_request& r) {
    CLI::Option* rtl =
        app.add_flag("--rtl-check", r.rtl_check,
                     "replay every config TLP on the Verilated RTL at the same simulated time, "
                     "compare status/data/cycles (and full sweeps at the end); fail on a mismatch. "
                     "With --vcd, the RTL's signals go to FILE.rtl.vcd (FILE.rtl.fst for FST)");
    app.add_option("--rtl-variant", r.rtl_variant,
                   "--rtl-check: Verilated variant (default: the one matching the device)")
        ->needs(rtl);
    app.add_option("--rtl-coverage", r.rtl_coverage,
                   "--rtl-check: write the RTL coverage database (coverage variants)")
        ->needs(rtl);
}

// Combinations that depend on a value (CLI11's excludes/needs see only
// whether an option was given).
void refuse_meaningless(const option_refs& o, const std::string& flow) {
    const bool linux_flow = flow == "linux";
    if (o.num_vfs->count() != 0 && !linux_flow) {
        throw CLI::ValidationError("--num-vfs", "needs --flow linux");
    }
    if (linux_flow && o.out_dir->count() != 0) {
        throw CLI::ValidationError("--out-dir", "applies to the default run, not to --flow linux");
    }
    if (linux_flow && o.no_waves->count() != 0) {
        throw CLI::ValidationError("--no-waves", "applies to the default run, not to --flow linux");
    }
    if (o.out_dir->count() != 0 && o.log->count() != 0 && o.vcd->count() != 0) {
        throw CLI::ValidationError("--out-dir", "unused: --log and --vcd name both files");
    }
}

} // namespace

int sc_main(int argc, char* argv[]) {
    CLI::App app{"sriov-sim: SystemC/TLM-2.0 co-simulation of a PCIe SR-IOV device.\n"
                 "With no arguments: the Windows SR-IOV flow (tb/scenarios/windows_flow.sriov),\n"
                 "log and VCD under waves/out/."};
    sriov::cli::add_contract(app, "sriov-sim");
    run_request request;
    std::string flow = "windows";
    option_refs refs;
    add_run_options(app, request, flow, refs);
    add_output_options(app, request, refs);
    add_check_options(app, request);
    sriov::cli::waves_window window;
    sriov::cli::add_waves_window(app, window);
    sriov::cli::report_request reports;
    sriov::cli::add_report_options(app, reports);
    sriov::cli::import_request import;
    sriov::cli::add_import_options(app, import);
    // An import runs nothing: the options of a run mean nothing with it.
    for (const char* run_option :
         {"--scenario", "--flow", "--num-vfs", "--log", "--vcd", "--dump-config", "--rtl-check",
          "--out-dir", "--no-waves", "--waves-from", "--waves-to"}) {
        app.get_option("--import-dump")->excludes(app.get_option(run_option));
    }
    app.final_callback([&] {
        refuse_meaningless(refs, flow);
        sriov::cli::check_waves_window(window);
    });
    if (const std::optional<int> rc = sriov::cli::parse(app, argc, argv)) {
        return *rc;
    }
    request.waves_from_ps = window.from_ps;
    request.waves_to_ps = window.to_ps;
    if (!import.dumps.empty()) {
        return sriov::cli::run_import(import);
    }
    // The stubs' in-flight failure warnings are in the run's summary already.
    const std::string bad = sriov::cli::apply_report_options(
        reports,
        {"sriov/sw_stubs/pci_virtualization", "sriov/sw_stubs/ndis", "sriov/sw_stubs/pcivirt"},
        sriov::flows::named_files(request));
    if (!bad.empty()) {
        std::cerr << "sriov-sim: " << bad << "\n";
        return sriov::cli::exit_usage;
    }
    request.report_log = reports.log;
    request.quiet = reports.quiet;
    request.verbose = reports.verbose;
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
