// sriov-sim: the co-simulation program. Builds the platform (root complex,
// link, SR-IOV endpoint) and runs either a scenario (docs/scenario-format.md):
// the built-in Windows flow by default, or `--scenario FILE`; or the Linux
// SR-IOV enable flow (`--flow linux`). --log, --vcd and --dump-config record
// the run; the default run writes its log and VCD under waves/out/.
// --rtl-check attaches the Verilated RTL shadow to the endpoint (every config
// TLP is replayed on the RTL at the same simulated time and compared) and
// fails on any mismatch; with --vcd the RTL's signals go to FILE.rtl.vcd and are
// merged into FILE, on the same ps time axis (docs/verification.md).
#include "sriov/config/lspci_dump.h"
#include "sriov/crosscheck/rtl_shadow.h"
#include "sriov/crosscheck/variants.h"
#include "sriov/scenario/runner.h"
#include "sriov/scenario/scenario.h"
#include "sriov/tb/host_cpu.h"
#include "sriov/tb/linux_sriov_enable.h"
#include "sriov/tb/platform.h"
#include "sriov/tb/tlp_vcd_monitor.h"
#include "sriov/tb/transaction_log.h"
#include "sriov/tb/vcd_merge.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <systemc>
#include <tlm>

#ifndef SRIOV_WAVES_OUT
#define SRIOV_WAVES_OUT "waves/out"
#endif

namespace {

using namespace sriov;

struct options {
    std::string profile;
    unsigned gen = 0;
    unsigned lanes = 0;
    std::string mode;
    std::string log;
    std::string vcd;
    std::string dump_config;
    std::string scenario;
    std::string flow = "windows";
    std::string out_dir;
    bool no_waves = false;
    unsigned num_vfs = 4;
    bool quiet = false;
    bool verbose = false;
    bool rtl_check = false;
    std::string rtl_variant;
    std::string rtl_coverage;
};

class linux_driver : public sc_core::sc_module {
public:
    tb::host_cpu cpu;
    tb::enable_options opt;
    tb::enable_report report;

    linux_driver(sc_core::sc_module_name name, const tb::enable_options& o)
        : sc_core::sc_module(name), cpu("cpu"), opt(o) {
        SC_HAS_PROCESS(linux_driver);
        SC_THREAD(run);
    }

private:
    void run() {
        report = tb::linux_sriov_enable(cpu, opt);
        cpu.sync();
        sc_core::sc_stop();
    }
};

// Log and VCD attached to a platform for the length of a run.
struct recorders {
    std::unique_ptr<tb::transaction_log> log;
    sc_core::sc_trace_file* tf = nullptr;
    std::unique_ptr<tb::tlp_vcd_monitor> monitor;

    bool open(const options& o, tb::platform& top) {
        if (!o.log.empty()) {
            log = std::make_unique<tb::transaction_log>(o.log);
            if (!log->ok()) {
                std::cerr << "sriov-sim: cannot write log file " << o.log << "\n";
                return false;
            }
            top.link.add_observer(log.get());
        }
        if (!o.vcd.empty()) {
            std::string base = o.vcd;
            if (base.size() > 4 && base.substr(base.size() - 4) == ".vcd") {
                base.resize(base.size() - 4);
            }
            tf = sc_core::sc_create_vcd_trace_file(base.c_str());
            tf->set_time_unit(1, sc_core::SC_PS);
            monitor = std::make_unique<tb::tlp_vcd_monitor>("tlp_monitor", top.config().link, tf);
            top.link.add_observer(monitor.get());
        }
        return true;
    }
    void close() {
        if (tf != nullptr) {
            sc_core::sc_close_vcd_trace_file(tf);
            tf = nullptr;
        }
    }
};

// The file SystemC writes for --vcd FILE (it appends .vcd to the base name).
std::string tlp_vcd_path(const std::string& vcd) {
    const bool has_ext = vcd.size() > 4 && vcd.substr(vcd.size() - 4) == ".vcd";
    return has_ext ? vcd : vcd + ".vcd";
}

// FILE.vcd -> FILE.rtl.vcd
std::string rtl_vcd_path(const std::string& vcd) {
    std::string base = vcd;
    if (base.size() > 4 && base.substr(base.size() - 4) == ".vcd") {
        base.resize(base.size() - 4);
    }
    return base + ".rtl.vcd";
}

// The RTL shadow of --rtl-check, attached to the platform's endpoint.
struct rtl_checker {
    std::unique_ptr<crosscheck::rtl_shadow> shadow;
    std::string rtl_vcd;

    // Returns 0, or 2 when no RTL variant describes the platform's profile.
    int open(const options& o, tb::platform& top) {
        if (!o.rtl_check) {
            return 0;
        }
        const config::device_profile& p = top.device.profile();
        const crosscheck::rtl_variant* v = nullptr;
        if (!o.rtl_variant.empty()) {
            v = crosscheck::find_rtl_variant(o.rtl_variant);
            if (v == nullptr) {
                std::cerr << "sriov-sim: unknown RTL variant " << o.rtl_variant << "\n";
                return 2;
            }
            if (const std::string d = crosscheck::profile_difference(p, v->profile); !d.empty()) {
                std::cerr << "sriov-sim: --rtl-check: RTL variant " << v->name
                          << " was built for another profile (" << d << ")\n";
                return 2;
            }
        } else {
            v = crosscheck::rtl_variant_for(p, !o.vcd.empty());
            if (v == nullptr) {
                std::cerr << "sriov-sim: --rtl-check: no Verilated RTL variant matches this "
                             "device profile (first difference from the default build: "
                          << crosscheck::profile_difference(
                                 p, crosscheck::find_rtl_variant("default")->profile)
                          << "); see docs/verification.md\n";
                return 2;
            }
        }
        crosscheck::shadow_options so;
        so.reproduce = "(rerun the same sriov-sim command)";
        shadow = crosscheck::make_shadow(*v, top.device, so);
        top.ep.add_observer(shadow.get());
        if (!o.vcd.empty()) {
            if (!v->traced) {
                std::cerr << "sriov-sim: RTL variant " << v->name << " has no VCD tracing\n";
                return 2;
            }
            rtl_vcd = rtl_vcd_path(o.vcd);
            shadow->open_trace(rtl_vcd);
        }
        return 0;
    }
    // Final checkpoint (full sweep of both models) and summary; false on a mismatch.
    bool finish(const options& o) {
        if (!shadow) {
            return true;
        }
        shadow->sweep(static_cast<uint64_t>(sc_core::sc_time_stamp().value() /
                                            sc_core::sc_time(1, sc_core::SC_NS).value()));
        shadow->close_trace();
        if (!rtl_vcd.empty()) {
            // One file for one viewer window: the TLP monitor's VCD gets the RTL's too.
            const std::string tlp_vcd = tlp_vcd_path(o.vcd);
            if (const std::string err = tb::merge_vcd(tlp_vcd, rtl_vcd, tlp_vcd); !err.empty()) {
                std::fprintf(stderr, "sriov-sim: cannot merge %s into %s: %s\n", rtl_vcd.c_str(),
                             tlp_vcd.c_str(), err.c_str());
                return false;
            }
        }
        if (!o.rtl_coverage.empty()) {
            shadow->write_coverage(o.rtl_coverage);
        }
        const bool ok = shadow->mismatch_count() == 0;
        if (!o.quiet || !ok) {
            std::printf("rtl-check: %s: %llu TLPs cross-checked against the Verilated RTL (%s), "
                        "%llu sweep reads, %llu mismatches\n",
                        ok ? "PASS" : "FAIL", static_cast<unsigned long long>(shadow->checked()),
                        shadow->variant_name(),
                        static_cast<unsigned long long>(shadow->sweep_reads()),
                        static_cast<unsigned long long>(shadow->mismatch_count()));
            if (!rtl_vcd.empty()) {
                std::printf("rtl vcd: %s (also merged into %s)\n", rtl_vcd.c_str(),
                            tlp_vcd_path(o.vcd).c_str());
            }
        }
        return ok;
    }
};

int dump_config(const options& o, tb::platform& top) {
    if (o.dump_config.empty()) {
        return 0;
    }
    std::ofstream out(o.dump_config);
    config::write_lspci_dump(out, top.device);
    if (!out) {
        std::cerr << "sriov-sim: cannot write " << o.dump_config << "\n";
        return 2;
    }
    return 0;
}

int run_linux(const options& o) {
    tb::platform_config cfg;
    if (!o.profile.empty()) {
        cfg.profile = config::load_profile(o.profile);
    }
    if (o.gen != 0) {
        cfg.link.gen = static_cast<link::generation>(o.gen);
        cfg.profile.link_gen = o.gen;
    }
    if (o.lanes != 0) {
        cfg.link.width = o.lanes;
        cfg.profile.link_width = o.lanes;
    }
    config::validate(cfg.profile);
    cfg.rc.mode = o.mode == "at" ? root_complex::coding_style::at : root_complex::coding_style::lt;
    tlm::tlm_global_quantum::instance().set(sc_core::sc_time(10, sc_core::SC_US));

    tb::platform top("top", cfg);
    tb::enable_options eo;
    eo.pf = routing_id(cfg.profile.pf_rid);
    eo.num_vfs = static_cast<uint16_t>(o.num_vfs);
    linux_driver drv("linux", eo);
    drv.cpu.socket.bind(top.rc.ecam);

    recorders rec;
    if (!rec.open(o, top)) {
        return 2;
    }
    rtl_checker chk;
    if (int rc = chk.open(o, top); rc != 0) {
        return rc;
    }
    sc_core::sc_start();
    rec.close();
    const bool rtl_ok = chk.finish(o);

    const tb::enable_report& r = drv.report;
    if (!o.quiet) {
        std::printf("sriov-sim: %s, %s mode, PF %s, %u config accesses, %llu TLPs, simulated %s\n",
                    link::to_string(cfg.link).c_str(), root_complex::to_string(cfg.rc.mode),
                    to_string(routing_id(cfg.profile.pf_rid)).c_str(), r.config_accesses,
                    static_cast<unsigned long long>(top.rc.tlps_sent()),
                    sc_core::sc_time_stamp().to_string().c_str());
        std::printf("isolated CfgWr0 round trip: %.1f ns\n", r.cfg_write_latency_ps / 1000.0);
        std::fputs(tb::format_report(r, cfg.profile.vendor_id).c_str(), stdout);
    }
    if (int rc = dump_config(o, top); rc != 0) {
        return rc;
    }
    if (!r.ok) {
        std::cerr << "sriov-sim: enable sequence failed: " << r.error << "\n";
        return 1;
    }
    if (!rtl_ok) {
        return 1;
    }
    return sc_core::sc_report_handler::get_count(sc_core::SC_ERROR) == 0 ? 0 : 1;
}

int run_scenario(options o, scenario::scenario sc, const std::string& dir) {
    // Command-line options override the scenario's platform line.
    if (!o.profile.empty()) {
        sc.platform.profile = std::filesystem::absolute(o.profile).string();
    }
    if (o.gen != 0) {
        sc.platform.gen = o.gen;
    }
    if (o.lanes != 0) {
        sc.platform.lanes = o.lanes;
    }
    if (!o.mode.empty()) {
        sc.platform.mode = o.mode;
    }
    const tb::platform_config cfg = scenario::make_platform_config(sc.platform, dir);
    tlm::tlm_global_quantum::instance().set(sc_core::sc_time(10, sc_core::SC_US));

    tb::platform top("top", cfg);
    scenario::runner run("scenario", top, sc, scenario::make_stub_config(sc.platform));
    run.set_output(o.quiet ? nullptr : stdout);
    recorders rec;
    if (!rec.open(o, top)) {
        return 2;
    }
    run.set_log(rec.log.get());
    run.set_vcd(rec.monitor.get());
    rtl_checker chk;
    if (int rc = chk.open(o, top); rc != 0) {
        return rc;
    }
    if (!o.quiet) {
        std::printf("sriov-sim: scenario %s%s%s\n", sc.source.c_str(), sc.title.empty() ? "" : ": ",
                    sc.title.c_str());
        std::printf("platform: %s, %s mode, PF %s (%04x:%04x), %u steps\n\n",
                    link::to_string(cfg.link).c_str(), root_complex::to_string(cfg.rc.mode),
                    to_string(routing_id(cfg.profile.pf_rid)).c_str(), cfg.profile.vendor_id,
                    cfg.profile.device_id, static_cast<unsigned>(sc.steps.size()));
    }
    sc_core::sc_start();
    rec.close();
    const bool rtl_ok = chk.finish(o);
    if (int rc = dump_config(o, top); rc != 0) {
        return rc;
    }
    const bool sc_errors = sc_core::sc_report_handler::get_count(sc_core::SC_ERROR) != 0;
    const bool pass = run.finished() && run.failures() == 0 && !sc_errors && rtl_ok;
    if (!o.quiet || !pass) {
        std::printf("\n%s: %s: %zu of %zu steps run, %u expectations, %u failed; %llu TLPs, "
                    "simulated %s\n",
                    pass ? "PASS" : "FAIL", sc.source.c_str(), run.results().size(),
                    sc.steps.size(), run.expectations(), run.failures(),
                    static_cast<unsigned long long>(top.rc.tlps_sent()),
                    sc_core::sc_time_stamp().to_string().c_str());
        if (!o.log.empty()) {
            std::printf("log: %s\n", o.log.c_str());
        }
        if (!o.vcd.empty()) {
            std::printf("vcd: %s\n", o.vcd.c_str());
        }
    }
    if (!pass) {
        for (const auto& m : run.failure_messages()) {
            std::fprintf(stderr, "sriov-sim: FAIL %s\n", m.c_str());
        }
        if (!run.finished()) {
            std::fprintf(stderr, "sriov-sim: the scenario did not finish\n");
        }
        if (sc_errors) {
            std::fprintf(stderr, "sriov-sim: SystemC errors were reported\n");
        }
        if (!rtl_ok) {
            std::fprintf(stderr, "sriov-sim: the RTL cross-check found mismatches\n");
        }
    }
    return pass ? 0 : 1;
}

// waves/out/ of the source tree if it can be created there, else ./waves/out.
std::string waves_dir(const std::string& requested) {
    for (const std::string& d :
         {requested, std::string(SRIOV_WAVES_OUT), std::string("waves/out")}) {
        if (d.empty()) {
            continue;
        }
        std::error_code ec;
        std::filesystem::create_directories(d, ec);
        if (!ec) {
            return d;
        }
        if (!requested.empty()) {
            break; // an explicit --out-dir that cannot be created is an error
        }
    }
    return "";
}

} // namespace

int sc_main(int argc, char* argv[]) {
    CLI::App app{"sriov-sim: SystemC/TLM-2.0 co-simulation of a PCIe SR-IOV device.\n"
                 "With no arguments: the Windows SR-IOV flow (tb/scenarios/windows_flow.sriov),\n"
                 "log and VCD under waves/out/."};
    options o;
    app.add_option("--scenario", o.scenario, "run a scenario file (docs/scenario-format.md)")
        ->check(CLI::ExistingFile);
    app.add_option("--flow", o.flow,
                   "built-in flow when no --scenario: windows (default) or linux (the Linux "
                   "SR-IOV enable sequence)")
        ->check(CLI::IsMember({"windows", "linux"}));
    app.add_option("--profile", o.profile, "device profile file (docs/device-profile.md)")
        ->check(CLI::ExistingFile);
    app.add_option("--gen", o.gen, "PCIe generation 1..6 (default: scenario, then profile)")
        ->check(CLI::Range(1, 6));
    app.add_option("--lanes", o.lanes, "link width 1,2,4,8,12,16,32 (default: profile)")
        ->check(CLI::IsMember({1, 2, 4, 8, 12, 16, 32}));
    app.add_option("--mode", o.mode, "coding style: lt (loosely timed) or at (approximately timed)")
        ->check(CLI::IsMember({"lt", "at"}));
    app.add_option("--log", o.log, "write the transaction log (JSON Lines) to FILE");
    app.add_option("--vcd", o.vcd, "write a VCD waveform of the TLP stream to FILE");
    app.add_option("--out-dir", o.out_dir,
                   "folder for the default run's log and VCD (default: waves/out)");
    app.add_flag("--no-waves", o.no_waves, "default run: do not write the log and VCD");
    app.add_option("--dump-config", o.dump_config,
                   "write PF and VF config space in `lspci -xxxx` format (for lspci -F)");
    app.add_option("--num-vfs", o.num_vfs, "--flow linux: VFs the enable sequence asks for")
        ->check(CLI::Range(0, 65535));
    app.add_flag("--rtl-check", o.rtl_check,
                 "replay every config TLP on the Verilated RTL at the same simulated time, "
                 "compare status/data/cycles (and full sweeps at the end); fail on a mismatch. "
                 "With --vcd, the RTL's signals go to FILE.rtl.vcd");
    app.add_option("--rtl-variant", o.rtl_variant,
                   "--rtl-check: Verilated variant (default: the one matching the profile)");
    app.add_option("--rtl-coverage", o.rtl_coverage,
                   "--rtl-check: write the RTL coverage database (coverage variants)");
    app.add_flag("--quiet", o.quiet, "print nothing on success");
    app.add_flag("--verbose", o.verbose, "show SystemC info messages and stub warnings");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    // Informational SystemC chatter (trace timescale, "stopped by user") is
    // noise for a person reading the summary; warnings and errors still print.
    // The stubs' in-flight failure warnings are in the summary already.
    if (!o.verbose) {
        sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
        for (const char* t : {"sriov/sw_stubs/pci_virtualization", "sriov/sw_stubs/ndis",
                              "sriov/sw_stubs/pcivirt"}) {
            sc_core::sc_report_handler::set_actions(t, sc_core::SC_WARNING, sc_core::SC_DO_NOTHING);
        }
    }
    try {
        if (o.scenario.empty() && o.flow == "linux") {
            return run_linux(o);
        }
        scenario::scenario sc;
        std::string dir;
        if (!o.scenario.empty()) {
            sc = scenario::load(o.scenario);
            dir = std::filesystem::path(o.scenario).parent_path().string();
        } else {
            std::istringstream in(scenario::default_scenario_text);
            sc = scenario::parse(in, scenario::default_scenario_name);
            if (!o.no_waves && (o.log.empty() || o.vcd.empty())) {
                const std::string d = waves_dir(o.out_dir);
                if (d.empty()) {
                    std::cerr << "sriov-sim: cannot create the output folder "
                              << (o.out_dir.empty() ? SRIOV_WAVES_OUT : o.out_dir) << "\n";
                    return 2;
                }
                if (o.log.empty()) {
                    o.log = d + "/windows_flow.jsonl";
                }
                if (o.vcd.empty()) {
                    o.vcd = d + "/windows_flow.vcd";
                }
            }
        }
        return run_scenario(o, std::move(sc), dir);
    } catch (const scenario::parse_error& e) {
        std::cerr << "sriov-sim: " << e.what() << "\n";
        return 2;
    } catch (const config::profile_error& e) {
        std::cerr << "sriov-sim: " << e.what() << "\n";
        return 2;
    }
}

// Our own main(): SystemC prints its banner in sc_elab_and_sim() before
// sc_main() runs, so the switch that silences it must be set here.
int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
