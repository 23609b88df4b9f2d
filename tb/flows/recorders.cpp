#include "recorders.h"

#include "rtl_check.h"
#include "sriov/config/lspci_dump.h"
#include "sriov/crosscheck/variants.h"
#include "sriov/pcie/sim_time.h"

#include <fmt/format.h>

#include <fstream>
#include <iostream>

namespace sriov::flows {

namespace {

// FILE.vcd -> FILE (SystemC adds the extension).
std::string vcd_base(const std::string& vcd) {
    const bool has_ext = vcd.size() > 4 && vcd.substr(vcd.size() - 4) == ".vcd";
    return has_ext ? vcd.substr(0, vcd.size() - 4) : vcd;
}

} // namespace

std::vector<cli::file_arg> output_files(const run_request& r, const out_dir_files& d) {
    std::vector<cli::file_arg> files;
    // Every output's missing folder is created (waves/out/x.vcd on a fresh clone).
    files.push_back({d.log ? "--out-dir" : "--log", r.log, true});
    if (!r.vcd.empty()) {
        files.push_back({d.vcd ? "--out-dir" : "--vcd", tlp_vcd_path(r.vcd), true});
        if (r.rtl_check) {
            files.push_back(
                {d.vcd ? "--out-dir --rtl-check" : "--vcd --rtl-check", rtl_vcd_path(r.vcd), true});
        }
    }
    files.push_back({"--dump-config", r.dump_config, true});
    files.push_back({"--rtl-coverage", r.rtl_coverage, true});
    // SystemC opens it at the first logged report: a default-named output
    // it would share is refused here (named ones before any report, in tb/sim).
    files.push_back({"--report-log", r.report_log, false});
    return files;
}

std::vector<cli::file_arg> named_files(const run_request& r) {
    std::vector<cli::file_arg> files{{"--scenario", r.scenario}, {"--device", r.device}};
    run_request named = r;
    named.report_log.clear();
    for (cli::file_arg& f : output_files(named)) {
        files.push_back(std::move(f));
    }
    return files;
}

int prepare_outputs(const run_request& r, const std::vector<cli::file_arg>& inputs,
                    const out_dir_files& d) {
    if (const std::string err = cli::prepare_outputs(inputs, output_files(r, d)); !err.empty()) {
        fmt::print(stderr, "sriov-sim: {}\n", err);
        return 2;
    }
    return 0;
}

bool recorders::open(const run_request& r, tb::platform& top) {
    if (r.rtl_check && rtl_check_variant(r, top.device.profile()) == nullptr) {
        return false;
    }
    if (!r.log.empty()) {
        log = std::make_unique<tb::transaction_log>(r.log);
        if (!log->ok()) {
            std::cerr << "sriov-sim: cannot write log file " << r.log << "\n";
            return false;
        }
        top.link.add_observer(log.get());
        // Memory writes from the device (MSI-X messages) as the host model sees them.
        top.rc.mmio.on_write([l = log.get()](const root_complex::upstream_write& w) {
            nlohmann::ordered_json j;
            j["time_ps"] = time_to_ps(w.time);
            j["event"] = "interrupt";
            j["requester"] = to_string(w.requester);
            j["address"] = fmt::format("0x{:X}", w.address);
            j["data"] = fmt::format("0x{:X}", w.data);
            l->write(j);
        });
    }
    if (!r.vcd.empty()) {
        return open_waves(r, top);
    }
    return true;
}

bool recorders::open_waves(const run_request& r, tb::platform& top) {
    if (crosscheck::wave_format_of(r.vcd) == crosscheck::wave_format::fst) {
        fst = std::make_unique<tb::fst_wave_file>(r.vcd);
        if (!fst->ok()) {
            std::cerr << "sriov-sim: cannot write FST file " << r.vcd << "\n";
            return false;
        }
    } else {
        tf = sc_core::sc_create_vcd_trace_file(vcd_base(r.vcd).c_str());
        tf->set_time_unit(1, sc_core::SC_PS);
    }
    monitor = std::make_unique<tb::tlp_vcd_monitor>("tlp_monitor", top.config().link, tf);
    if (fst) {
        monitor->trace_to(*fst);
    }
    monitor->set_window(r.waves_from_ps, r.waves_to_ps);
    top.link.add_observer(monitor.get());
    return true;
}

void recorders::close() {
    if (tf != nullptr) {
        sc_core::sc_close_vcd_trace_file(tf);
        tf = nullptr;
    }
    if (fst) {
        fst->close();
    }
}

std::string tlp_vcd_path(const std::string& vcd) {
    return crosscheck::wave_format_of(vcd) == crosscheck::wave_format::fst ? vcd
                                                                           : vcd_base(vcd) + ".vcd";
}

std::string rtl_vcd_path(const std::string& vcd) {
    if (crosscheck::wave_format_of(vcd) == crosscheck::wave_format::fst) {
        return vcd.substr(0, vcd.size() - 4) + ".rtl.fst";
    }
    return vcd_base(vcd) + ".rtl.vcd";
}

int dump_config(const run_request& r, tb::platform& top) {
    if (r.dump_config.empty()) {
        return 0;
    }
    std::ofstream out(r.dump_config);
    config::write_lspci_dump(out, top.device);
    if (!out) {
        std::cerr << "sriov-sim: cannot write " << r.dump_config << "\n";
        return 2;
    }
    return 0;
}

} // namespace sriov::flows
