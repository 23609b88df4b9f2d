#include "linux_flow.h"

#include "recorders.h"
#include "rtl_check.h"
#include "sriov/config/device_description.h"
#include "sriov/tb/host_cpu.h"
#include "sriov/tb/linux_sriov_enable.h"
#include "sriov/tb/platform.h"

#include <fmt/format.h>
#include <iostream>
#include <systemc>

namespace sriov::flows {

namespace {

// The host CPU's thread: the enable sequence, then the end of the simulation.
class linux_driver : public sc_core::sc_module {
public:
    tb::host_cpu cpu;
    tb::enable_options opt;
    std::vector<tb::enable_report> reports; // one per PF, in scan order

    linux_driver(sc_core::sc_module_name name, const tb::enable_options& o)
        : sc_core::sc_module(name), cpu("cpu"), opt(o) {
        SC_HAS_PROCESS(linux_driver);
        SC_THREAD(run);
    }

private:
    void run() {
        reports = tb::linux_enable_device(cpu, opt);
        cpu.sync();
        sc_core::sc_stop();
    }
};

// The default platform with the command line's profile, link and coding style.
tb::platform_config linux_platform(const run_request& r) {
    tb::platform_config cfg;
    if (!r.device.empty()) {
        cfg.profile = config::load_device_description(
            r.device, config::bus_range{cfg.rc.secondary_bus, cfg.rc.subordinate_bus});
    }
    if (r.gen != 0) {
        cfg.link.gen = static_cast<link::generation>(r.gen);
        cfg.profile.link_gen = r.gen;
    }
    if (r.lanes != 0) {
        cfg.link.width = r.lanes;
        cfg.profile.link_width = r.lanes;
    }
    config::validate(cfg.profile);
    cfg.rc.mode = r.mode == "at" ? root_complex::coding_style::at : root_complex::coding_style::lt;
    return cfg;
}

void print_report(const tb::platform& top, const std::vector<tb::enable_report>& reps) {
    const tb::platform_config& cfg = top.config();
    std::string pfs;
    unsigned accesses = 0;
    for (const tb::enable_report& rep : reps) {
        pfs += (pfs.empty() ? "" : ", ") + to_string(rep.pf);
        accesses += rep.config_accesses;
    }
    fmt::print("sriov-sim: {}, {} mode, PF{} {}, {} config accesses, {} TLPs, simulated {}\n",
               link::to_string(cfg.link), root_complex::to_string(cfg.rc.mode),
               reps.size() > 1 ? "s" : "", pfs, accesses, top.rc.tlps_sent(),
               sc_core::sc_time_stamp().to_string());
    fmt::print("isolated CfgWr0 round trip: {:.1f} ns\n",
               static_cast<double>(reps.front().cfg_write_latency_ps) / 1000.0);
    for (size_t i = 0; i < reps.size(); ++i) {
        const uint16_t vendor_id =
            cfg.profile.pfs[top.device.pf_of(reps[i].pf).value_or(0)].vendor_id;
        std::fputs(tb::format_report(reps[i], vendor_id).c_str(), stdout);
    }
}

// The first PF whose sequence failed, or nullptr.
const tb::enable_report* first_failure(const std::vector<tb::enable_report>& reps) {
    for (const tb::enable_report& rep : reps) {
        if (!rep.ok) {
            return &rep;
        }
    }
    return nullptr;
}

} // namespace

int run_linux_flow(const run_request& r) {
    tb::platform top("top", linux_platform(r));
    tb::enable_options eo;
    eo.pf = routing_id(top.config().profile.pfs[0].pf_rid);
    eo.num_vfs = static_cast<uint16_t>(r.num_vfs);
    linux_driver drv("linux", eo);
    drv.cpu.socket.bind(top.rc.ecam);

    recorders rec;
    if (!rec.open(r, top)) {
        return 2;
    }
    rtl_check chk;
    if (int rc = chk.open(r, top); rc != 0) {
        return rc;
    }
    sc_core::sc_start();
    rec.close();
    const bool rtl_ok = chk.finish(r);
    if (!r.quiet) {
        print_report(top, drv.reports);
    }
    if (int rc = dump_config(r, top); rc != 0) {
        return rc;
    }
    if (const tb::enable_report* failed = first_failure(drv.reports)) {
        std::cerr << "sriov-sim: enable sequence failed: " << failed->error << "\n";
        return 1;
    }
    if (!rtl_ok) {
        return 1;
    }
    return sc_core::sc_report_handler::get_count(sc_core::SC_ERROR) == 0 ? 0 : 1;
}

} // namespace sriov::flows
