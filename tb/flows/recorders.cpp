#include "recorders.h"

#include "sriov/config/lspci_dump.h"

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

bool recorders::open(const run_request& r, tb::platform& top) {
    if (!r.log.empty()) {
        log = std::make_unique<tb::transaction_log>(r.log);
        if (!log->ok()) {
            std::cerr << "sriov-sim: cannot write log file " << r.log << "\n";
            return false;
        }
        top.link.add_observer(log.get());
    }
    if (!r.vcd.empty()) {
        tf = sc_core::sc_create_vcd_trace_file(vcd_base(r.vcd).c_str());
        tf->set_time_unit(1, sc_core::SC_PS);
        monitor = std::make_unique<tb::tlp_vcd_monitor>("tlp_monitor", top.config().link, tf);
        top.link.add_observer(monitor.get());
    }
    return true;
}

void recorders::close() {
    if (tf != nullptr) {
        sc_core::sc_close_vcd_trace_file(tf);
        tf = nullptr;
    }
}

std::string tlp_vcd_path(const std::string& vcd) {
    return vcd_base(vcd) + ".vcd";
}

std::string rtl_vcd_path(const std::string& vcd) {
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
