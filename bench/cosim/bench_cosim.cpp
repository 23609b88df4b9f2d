// Configuration TLPs simulated per wall-clock second through root complex,
// link and endpoint, in LT and AT, side by side in one run, with a bare LT
// b_transport round trip as the yardstick. 50/50 reads and writes, PF and
// VF targets. Prints the median of several repetitions of each. `step` is
// the AT yardstick: one timed SystemC kernel step per iteration and nothing
// else, the floor of any AT TLP the model acts on at one instant.
//
//   bench_cosim [tlps_per_rep=2000000] [reps=5] [all|bare|lt|at|at_nb|mmio|step]
#include "sriov/endpoint/bar_state.h"
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

// What a driver runs (its targets, `count` accesses `reps` times, after
// `start_after`) and what it measured.
struct run_record {
    std::vector<routing_id> targets;
    unsigned count;
    unsigned reps;
    result res;
    uint64_t errors = 0;
    sc_core::sc_event* start_after = nullptr;
    sc_core::sc_event done;

    run_record(std::string label, unsigned c, unsigned r) : count(c), reps(r) {
        res.name = std::move(label);
    }
};

// Access i of the stream (`data` is gp's buffer): even ones read, odd ones
// write, the targets in turn. Reads: the Command/Status DW. Writes: the
// Command register's DW (Bus Master Enable toggles; Status RW1C bits written
// as 0).
[[gnu::always_inline]] inline void set_access(tlm::tlm_generic_payload& gp, uint32_t& data,
                                              const std::vector<routing_id>& targets, unsigned i) {
    const routing_id fn = targets[i % targets.size()];
    const bool write = (i & 1) != 0;
    gp.set_address(ecam::address(fn, reg::command));
    gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    data = write ? (i & 2) << 1 : 0;
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

// The MMIO stream: access i reads (even) or writes (odd) one DW register in
// the BAR window `windows[i % n]` (one MRd + CplD or one MWr each).
[[gnu::always_inline]] inline void set_mmio_access(tlm::tlm_generic_payload& gp, uint32_t& data,
                                                   const std::vector<uint64_t>& windows,
                                                   unsigned i) {
    const bool write = (i & 1) != 0;
    gp.set_address(windows[i % windows.size()] + 0x10);
    gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    data = write ? i : 0;
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

// Issues `count` accesses per repetition: even ones read, odd ones write,
// alternating between the PF and VFs 0..7 (4-byte, DW-aligned: one TLP each);
// with Mmio, memory accesses to the VFs' BAR0 windows (rc.mmio.host).
template <bool Mmio>
struct driver_t : sc_core::sc_module, run_record {
    tlm_utils::simple_initiator_socket<driver_t> socket;
    std::vector<uint64_t> windows; // Mmio: the BAR windows' bases

    driver_t(sc_core::sc_module_name n, std::string label, unsigned c, unsigned r)
        : sc_core::sc_module(n), run_record(std::move(label), c, r), socket("socket") {
        SC_HAS_PROCESS(driver_t);
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
                if constexpr (Mmio) {
                    set_mmio_access(gp, data, windows, i);
                } else {
                    set_access(gp, data, targets, i);
                }
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

using driver = driver_t<false>;
using mmio_driver = driver_t<true>;

// The driver's stream from an AT initiator without a thread per request: it
// sends BEGIN_REQ on rc.ecam_nb and the next access when BEGIN_RESP of the
// previous one arrives (one outstanding, as the blocking driver).
struct nb_driver : sc_core::sc_module, run_record, tlm::tlm_bw_transport_if<> {
    tlm::tlm_initiator_socket<> socket{"socket"};

    nb_driver(sc_core::sc_module_name n, std::string label, unsigned c, unsigned r)
        : sc_core::sc_module(n), run_record(std::move(label), c, r) {
        socket.bind(*this);
        gp_.set_data_ptr(reinterpret_cast<unsigned char*>(&data_));
        gp_.set_data_length(4);
        gp_.set_streaming_width(4);
        SC_HAS_PROCESS(nb_driver);
        SC_THREAD(run);
    }

    void run() {
        if (start_after != nullptr) {
            wait(*start_after);
        }
        for (unsigned rep = 0; rep < reps && count != 0; ++rep) {
            const auto t0 = std::chrono::steady_clock::now();
            next_ = 0;
            issue(sc_core::SC_ZERO_TIME);
            wait(rep_done_);
            const double s =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            res.per_second.push_back(count / s);
        }
        done.notify();
    }

    // Access i of the driver's stream, starting `delay` from now.
    void issue(const sc_core::sc_time& start) {
        set_access(gp_, data_, targets, next_);
        tlm::tlm_phase phase = tlm::BEGIN_REQ;
        sc_core::sc_time delay = start;
        if (socket->nb_transport_fw(gp_, phase, delay) == tlm::TLM_COMPLETED) {
            completed(delay); // no TLP was needed (never in this stream)
        }
    }

    // The access is complete `delay` from now (BEGIN_RESP's annotation, which
    // the base protocol says to honour): the next one starts then.
    void completed(const sc_core::sc_time& delay) {
        errors += gp_.get_response_status() != tlm::TLM_OK_RESPONSE;
        if (++next_ < count) {
            issue(delay);
        } else {
            rep_done_.notify(delay);
        }
    }

    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload&, tlm::tlm_phase&,
                                       sc_core::sc_time& delay) override {
        completed(delay);
        return tlm::TLM_COMPLETED;
    }
    void invalidate_direct_mem_ptr(sc_dt::uint64, sc_dt::uint64) override {}

private:
    tlm::tlm_generic_payload gp_;
    uint32_t data_ = 0;
    unsigned next_ = 0;
    sc_core::sc_event rep_done_;
};

// The AT yardstick: a method that notifies its own event 1 ns ahead `count`
// times per repetition (one sc_event::notify, one timed kernel step, one
// method activation each), as the endpoint's arrival of an AT TLP costs the
// kernel.
struct step_driver : sc_core::sc_module, run_record {
    step_driver(sc_core::sc_module_name n, std::string label, unsigned c, unsigned r)
        : sc_core::sc_module(n), run_record(std::move(label), c, r) {
        SC_HAS_PROCESS(step_driver);
        SC_THREAD(run);
        SC_METHOD(step);
        sensitive << tick_;
        dont_initialize();
    }
    void run() {
        if (start_after != nullptr) {
            wait(*start_after);
        }
        for (unsigned rep = 0; rep < reps && count != 0; ++rep) {
            const auto t0 = std::chrono::steady_clock::now();
            left_ = count;
            tick_.notify(sc_core::SC_ZERO_TIME);
            wait(rep_done_);
            const double s =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            res.per_second.push_back(count / s);
        }
        done.notify();
    }
    void step() {
        if (--left_ != 0) {
            tick_.notify(one_ns_);
        } else {
            rep_done_.notify(sc_core::SC_ZERO_TIME);
        }
    }

private:
    const sc_core::sc_time one_ns_{1, sc_core::SC_NS};
    sc_core::sc_event tick_;
    sc_core::sc_event rep_done_;
    unsigned left_ = 0;
};

tb::platform_config bench_config(root_complex::coding_style mode, uint16_t vfs) {
    tb::platform_config cfg;
    auto& pf = cfg.profile.pfs[0];
    pf.total_vfs = std::max(pf.total_vfs, vfs);
    pf.initial_vfs = std::max(pf.initial_vfs, vfs);
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

// VF BAR0 (64-bit) at 2_0000_0000 and VF MSE on: the VFs' BAR0 windows.
std::vector<uint64_t> map_vf_bar0(config::sriov_device& dev) {
    const routing_id pf(dev.profile().pfs[0].pf_rid);
    const uint16_t sriov = dev.pf_layout().capability_offset(config::capability_kind::sriov);
    dev.write(pf, static_cast<uint16_t>(sriov + sriov_field::vf_bar(0)), 4, 0, 0);
    dev.write(pf, static_cast<uint16_t>(sriov + sriov_field::vf_bar(1)), 4, 2, 0);
    dev.write(pf, static_cast<uint16_t>(sriov + sriov_field::ctrl), 2,
              bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse, 0);
    std::vector<uint64_t> w;
    for (const endpoint::bar_hit& h : endpoint::make_bar_decoder(dev).windows()) {
        if (h.is_vf && h.bar == 0) {
            w.push_back(h.window_base);
        }
    }
    return w;
}

} // namespace

int sc_main(int argc, char* argv[]) {
    const unsigned count =
        argc > 1 ? static_cast<unsigned>(std::strtoul(argv[1], nullptr, 10)) : 2000000;
    const unsigned reps = argc > 2 ? static_cast<unsigned>(std::strtoul(argv[2], nullptr, 10)) : 5;
    const std::string only = argc > 3 ? argv[3] : "all";
    const auto vfs = static_cast<uint16_t>(argc > 4 ? std::strtoul(argv[4], nullptr, 10) : 8);
    auto runs = [&only](const char* what) { return only == "all" || only == what; };
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    tlm::tlm_global_quantum::instance().set(sc_core::sc_time(10, sc_core::SC_US));

    bare_target bare("bare");
    driver bare_drv("bare_drv", "bare b_transport (LT, quantum 10 us)", runs("bare") ? count : 0,
                    reps);
    bare_drv.targets = {routing_id(0x0100)};
    bare_drv.socket.bind(bare.socket);

    tb::platform lt("lt", bench_config(root_complex::coding_style::lt, vfs));
    enable_vfs(lt.device, vfs);
    driver lt_drv("lt_drv", "RC+link+EP, LT", runs("lt") ? count : 0, reps);
    lt_drv.targets = targets_of(lt.device);
    lt_drv.socket.bind(lt.rc.ecam);
    lt_drv.start_after = &bare_drv.done;

    tb::platform at("at", bench_config(root_complex::coding_style::at, vfs));
    enable_vfs(at.device, vfs);
    driver at_drv("at_drv", "RC+link+EP, AT", runs("at") ? count / 4 : 0, reps);
    at_drv.targets = targets_of(at.device);
    at_drv.socket.bind(at.rc.ecam);
    at_drv.start_after = &lt_drv.done;

    tb::platform at_nb("at_nb", bench_config(root_complex::coding_style::at, vfs));
    enable_vfs(at_nb.device, vfs);
    nb_driver at_nb_drv("at_nb_drv", "RC+link+EP, AT nb_transport", runs("at_nb") ? count / 4 : 0,
                        reps);
    at_nb_drv.targets = targets_of(at_nb.device);
    at_nb_drv.socket.bind(at_nb.rc.ecam_nb);
    at_nb_drv.start_after = &at_drv.done;

    // MMIO round trips (MRd + CplD, MWr) to the VFs' BAR0 through RC + link + EP, LT.
    tb::platform mmio("mmio", bench_config(root_complex::coding_style::lt, vfs));
    enable_vfs(mmio.device, vfs);
    mmio_driver mmio_drv("mmio_drv", "MMIO RC+link+EP, LT", runs("mmio") ? count : 0, reps);
    mmio_drv.windows = map_vf_bar0(mmio.device);
    mmio_drv.socket.bind(mmio.rc.mmio.host);
    mmio_drv.start_after = &at_nb_drv.done;

    step_driver step_drv("step_drv", "kernel step (the AT yardstick)", runs("step") ? count / 4 : 0,
                         reps);
    step_drv.start_after = &mmio_drv.done;

    sc_core::sc_start();

    const std::pair<const char*, result*> paths[] = {
        {"bare", &bare_drv.res},   {"lt", &lt_drv.res},     {"at", &at_drv.res},
        {"at_nb", &at_nb_drv.res}, {"mmio", &mmio_drv.res}, {"step", &step_drv.res}};
    const unsigned counts[] = {bare_drv.count,  lt_drv.count,   at_drv.count,
                               at_nb_drv.count, mmio_drv.count, step_drv.count};
    std::printf("%-40s %14s %12s\n", "path", "TLPs/s median", "ns/TLP");
    for (unsigned k = 0; k < 6; ++k) {
        if (counts[k] != 0) {
            const double m = paths[k].second->median();
            std::printf("%-40s %14.0f %12.1f   (%u reps of %u)\n", paths[k].second->name.c_str(), m,
                        1e9 / m, reps, counts[k]);
        }
    }
    const uint64_t errors = lt_drv.errors + at_drv.errors + at_nb_drv.errors + mmio_drv.errors;
    std::printf("errors %llu\n", static_cast<unsigned long long>(errors));
    for (unsigned k = 0; k < 6; ++k) {
        if (counts[k] != 0) { // bench/instructions.sh
            std::printf("median %s %.0f\n", paths[k].first, paths[k].second->median());
        }
    }
    return errors == 0 ? 0 : 1;
}
