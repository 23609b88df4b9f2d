// Configuration TLPs simulated per wall-clock second through root complex,
// link and endpoint, in LT and AT, side by side in one run, with a bare LT
// b_transport round trip as the yardstick. 50/50 reads and writes, PF and
// VF targets. Prints the median of several repetitions of each.
//
//   bench_cosim [tlps_per_rep=2000000] [reps=5] [all|bare|lt|at]
#include "sriov/pcie/ecam.h"
#include "sriov/pcie/registers.h"
#include "sriov/tb/platform.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <utility>
#include <vector>

namespace {

using namespace sriov;

// A target that does nothing but answer: the cost of TLM itself.
struct bare_target : sc_core::sc_module {
    tlm_utils::simple_target_socket<bare_target> socket;
    uint32_t reg = 0;
    explicit bare_target(sc_core::sc_module_name n) : sc_core::sc_module(n), socket("socket") {
        socket.register_b_transport(this, &bare_target::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
        if (gp.is_write()) {
            std::memcpy(&reg, gp.get_data_ptr(), 4);
        } else {
            std::memcpy(gp.get_data_ptr(), &reg, 4);
        }
        delay += sc_core::sc_time(10, sc_core::SC_NS);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

struct result {
    std::string name;
    std::vector<double> per_second;
    double median() const {
        std::vector<double> v = per_second;
        std::sort(v.begin(), v.end());
        return v.empty() ? 0 : v[v.size() / 2];
    }
};

// Issues `count` accesses per repetition: even ones read, odd ones write,
// alternating between the PF and VFs 0..7 (4-byte, DW-aligned: one TLP each).
struct driver : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<driver> socket;
    std::vector<routing_id> targets;
    unsigned count;
    unsigned reps;
    result res;
    uint64_t errors = 0;
    sc_core::sc_event* start_after = nullptr;
    sc_core::sc_event done;

    driver(sc_core::sc_module_name n, std::string label, unsigned c, unsigned r)
        : sc_core::sc_module(n), socket("socket"), count(c), reps(r) {
        res.name = std::move(label);
        SC_HAS_PROCESS(driver);
        SC_THREAD(run);
    }

    void run() {
        if (start_after != nullptr) {
            wait(*start_after);
        }
        tlm_utils::tlm_quantumkeeper qk;
        qk.reset();
        tlm::tlm_generic_payload gp;
        uint32_t data = 0;
        gp.set_data_ptr(reinterpret_cast<unsigned char*>(&data));
        gp.set_data_length(4);
        gp.set_streaming_width(4);
        for (unsigned rep = 0; rep < reps; ++rep) {
            const auto t0 = std::chrono::steady_clock::now();
            for (unsigned i = 0; i < count; ++i) {
                const routing_id fn = targets[i % targets.size()];
                const bool write = (i & 1) != 0;
                // Reads: Command/Status DW. Writes: the Command register's DW
                // (Bus Master Enable toggles; Status RW1C bits written as 0).
                gp.set_address(ecam::address(fn, reg::command));
                gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
                data = write ? (i & 2) << 1 : 0;
                gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
                sc_core::sc_time local = qk.get_local_time();
                socket->b_transport(gp, local);
                qk.set(local);
                if (qk.need_sync()) {
                    qk.sync();
                }
                errors += gp.get_response_status() != tlm::TLM_OK_RESPONSE;
            }
            qk.sync();
            const double s =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (count != 0) {
                res.per_second.push_back(count / s);
            }
        }
        done.notify();
    }
};

tb::platform_config bench_config(root_complex::coding_style mode) {
    tb::platform_config cfg;
    cfg.profile.reset_ready_ns = 0;
    cfg.profile.vf_enable_ready_ns = 0;
    cfg.profile.flr_ready_ns = 0;
    cfg.rc.mode = mode;
    return cfg;
}

void enable_vfs(config::sriov_device& dev, uint16_t n) {
    const routing_id pf(dev.profile().pfs[0].pf_rid);
    const uint16_t sriov = dev.pf_layout().capability_offset(config::capability_kind::sriov);
    dev.write(pf, static_cast<uint16_t>(sriov + sriov_field::num_vfs), 2, n, 0);
    dev.write(pf, static_cast<uint16_t>(sriov + sriov_field::ctrl), 2, bits::sriov_ctrl_vf_enable,
              0);
}

std::vector<routing_id> targets_of(const config::sriov_device& dev) {
    std::vector<routing_id> t{routing_id(dev.profile().pfs[0].pf_rid)};
    for (uint16_t k = 0; k < dev.active_vfs(); ++k) {
        t.push_back(dev.vf_rid(k));
    }
    return t;
}

} // namespace

int sc_main(int argc, char* argv[]) {
    const unsigned count =
        argc > 1 ? static_cast<unsigned>(std::strtoul(argv[1], nullptr, 10)) : 2000000;
    const unsigned reps = argc > 2 ? static_cast<unsigned>(std::strtoul(argv[2], nullptr, 10)) : 5;
    const std::string only = argc > 3 ? argv[3] : "all";
    auto runs = [&only](const char* what) { return only == "all" || only == what; };
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    tlm::tlm_global_quantum::instance().set(sc_core::sc_time(10, sc_core::SC_US));

    bare_target bare("bare");
    driver bare_drv("bare_drv", "bare b_transport (LT, quantum 10 us)", runs("bare") ? count : 0,
                    reps);
    bare_drv.targets = {routing_id(0x0100)};
    bare_drv.socket.bind(bare.socket);

    tb::platform lt("lt", bench_config(root_complex::coding_style::lt));
    enable_vfs(lt.device, 8);
    driver lt_drv("lt_drv", "RC+link+EP, LT", runs("lt") ? count : 0, reps);
    lt_drv.targets = targets_of(lt.device);
    lt_drv.socket.bind(lt.rc.ecam);
    lt_drv.start_after = &bare_drv.done;

    tb::platform at("at", bench_config(root_complex::coding_style::at));
    enable_vfs(at.device, 8);
    driver at_drv("at_drv", "RC+link+EP, AT", runs("at") ? count / 4 : 0, reps);
    at_drv.targets = targets_of(at.device);
    at_drv.socket.bind(at.rc.ecam);
    at_drv.start_after = &lt_drv.done;

    sc_core::sc_start();

    std::printf("%-40s %14s %12s\n", "path", "TLPs/s median", "ns/TLP");
    for (const driver* d : {&bare_drv, &lt_drv, &at_drv}) {
        if (d->count == 0) {
            continue;
        }
        const double m = d->res.median();
        std::printf("%-40s %14.0f %12.1f   (%u reps of %u, errors %llu)\n", d->res.name.c_str(), m,
                    1e9 / m, reps, d->count, static_cast<unsigned long long>(d->errors));
    }
    std::printf("ratio bare/LT %.2f, LT/AT %.2f\n", bare_drv.res.median() / lt_drv.res.median(),
                lt_drv.res.median() / at_drv.res.median());
    for (const auto& [path, d] : {std::pair{"bare", &bare_drv}, {"lt", &lt_drv}, {"at", &at_drv}}) {
        if (d->count != 0) {
            std::printf("median %s %.0f\n", path, d->res.median()); // bench/instructions.sh
        }
    }
    return lt_drv.errors + at_drv.errors == 0 ? 0 : 1;
}
