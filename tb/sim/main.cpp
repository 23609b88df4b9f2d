// sriov-sim: the co-simulation program. Builds the platform (root complex,
// link, SR-IOV endpoint), runs the Linux SR-IOV enable sequence through it and
// prints the PF and its VFs; --log, --vcd and --dump-config record the run.
#include "sriov/config/lspci_dump.h"
#include "sriov/tb/host_cpu.h"
#include "sriov/tb/linux_sriov_enable.h"
#include "sriov/tb/platform.h"
#include "sriov/tb/tlp_vcd_monitor.h"
#include "sriov/tb/transaction_log.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <systemc>
#include <tlm>

namespace {

using namespace sriov;

struct options {
    std::string profile;
    unsigned gen = 0;
    unsigned lanes = 0;
    std::string mode = "lt";
    std::string log;
    std::string vcd;
    std::string dump_config;
    unsigned num_vfs = 4;
    bool quiet = false;
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

int run(const options& o) {
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

    std::unique_ptr<tb::transaction_log> log;
    if (!o.log.empty()) {
        log = std::make_unique<tb::transaction_log>(o.log);
        if (!log->ok()) {
            std::cerr << "sriov-sim: cannot write log file " << o.log << "\n";
            return 2;
        }
        top.link.add_observer(log.get());
    }
    sc_core::sc_trace_file* tf = nullptr;
    std::unique_ptr<tb::tlp_vcd_monitor> monitor;
    if (!o.vcd.empty()) {
        std::string base = o.vcd;
        if (base.size() > 4 && base.substr(base.size() - 4) == ".vcd") {
            base.resize(base.size() - 4);
        }
        tf = sc_core::sc_create_vcd_trace_file(base.c_str());
        tf->set_time_unit(1, sc_core::SC_PS);
        monitor = std::make_unique<tb::tlp_vcd_monitor>("tlp_monitor", cfg.link, tf);
        top.link.add_observer(monitor.get());
    }

    sc_core::sc_start();
    if (tf != nullptr) {
        sc_core::sc_close_vcd_trace_file(tf);
    }

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
    if (!o.dump_config.empty()) {
        std::ofstream out(o.dump_config);
        config::write_lspci_dump(out, top.device);
        if (!out) {
            std::cerr << "sriov-sim: cannot write " << o.dump_config << "\n";
            return 2;
        }
    }
    if (!r.ok) {
        std::cerr << "sriov-sim: enable sequence failed: " << r.error << "\n";
        return 1;
    }
    const auto& h = sc_core::sc_report_handler::get_count(sc_core::SC_ERROR);
    return h == 0 ? 0 : 1;
}

} // namespace

int sc_main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0); // the banner is noise in a summary
    CLI::App app{"sriov-sim: SystemC/TLM-2.0 co-simulation of a PCIe SR-IOV device"};
    options o;
    bool verbose = false;
    app.add_option("--profile", o.profile, "device profile file (docs/device-profile.md)")
        ->check(CLI::ExistingFile);
    app.add_option("--gen", o.gen, "PCIe generation 1..6 (default: profile)")
        ->check(CLI::Range(1, 6));
    app.add_option("--lanes", o.lanes, "link width 1,2,4,8,12,16,32 (default: profile)")
        ->check(CLI::IsMember({1, 2, 4, 8, 12, 16, 32}));
    app.add_option("--mode", o.mode, "coding style: lt (loosely timed) or at (approximately timed)")
        ->check(CLI::IsMember({"lt", "at"}));
    app.add_option("--log", o.log, "write the transaction log (JSON Lines) to FILE");
    app.add_option("--vcd", o.vcd, "write a VCD waveform of the TLP stream to FILE");
    app.add_option("--dump-config", o.dump_config,
                   "write PF and VF config space in `lspci -xxxx` format (for lspci -F)");
    app.add_option("--num-vfs", o.num_vfs, "VFs the enable sequence asks for")
        ->check(CLI::Range(0, 65535));
    app.add_flag("--quiet", o.quiet, "print nothing on success");
    app.add_flag("--verbose", verbose, "show SystemC info messages");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    // Informational SystemC chatter (trace timescale, "stopped by user") is
    // noise for a person reading the summary; warnings and errors still print.
    if (!verbose) {
        sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    }
    try {
        return run(o);
    } catch (const config::profile_error& e) {
        std::cerr << "sriov-sim: " << e.what() << "\n";
        return 2;
    }
}
