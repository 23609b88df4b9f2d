// Throughput of the RTL cross-check, in one run, on one recorded TLP stream:
//   tlm    the TLM endpoint alone (sriov_endpoint::handle, no observer)
//   rtl    the Verilated block alone through rtl_driver (C++ mode, -O3, no
//          tracing: the xcheck variant), and the same with tracing compiled in
//   xcheck the endpoint with the RTL shadow attached: every TLP applied to
//          both, status/data/cycles compared (what sriov-xcheck does per TLP)
// The stream is the seeded random sequence of tb/crosscheck (PF/VF accesses
// of every size, NumVFs/VF Enable, page size, VF BARs, FLRs, absent
// functions, readiness windows), recorded once against the TLM model.
// Prints the median over the repetitions and the TLM/RTL ratio.
// `only` runs one path (tlm, rtl or xcheck) after recording the stream, so
// that callgrind counts of two repetition counts differ by that path alone
// (bench/instructions.sh).
//
//   bench_rtl [tlps=1000000] [reps=5] [seed=1] [all|tlm|rtl|xcheck]
#include "sriov/rtl_driver/cfg_space_model.h"
#include "sriov/rtl_driver/rtl_driver.h"

#include "sriov/crosscheck/stimulus.h"
#include "sriov/crosscheck/tlp_source.h"
#include "sriov/crosscheck/variants.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <systemc>
#include <utility>
#include <vector>

namespace {

using namespace sriov;
using namespace sriov::crosscheck;

struct entry {
    bool reset = false;
    tlp request;
    uint64_t now_ns = 0;
};

// Records the random sequence while applying it to a TLM device directly.
class recorder : public tlp_host {
public:
    explicit recorder(config::sriov_device& d) : dev_(d) {}
    tlp send(const tlp& request) override {
        stream.push_back({false, request, now_});
        // The device decides a Type 1 request itself (claimed for VFs above the
        // PF's bus, else UR), as the endpoint lets it.
        const config_response r = dev_.access(to_config_request(request), now_);
        const tlp cpl = make_completion(request, r.status, r.read_data);
        now_ += 16; // endpoint processing, 4 cycles at 250 MHz
        return cpl;
    }
    void advance_ns(uint64_t ns) override { now_ += ns; }
    uint64_t now_ns() const override { return now_; }
    void reset() override {
        dev_.reset(now_);
        stream.push_back({true, {}, now_});
    }
    void checkpoint() override {}
    std::vector<entry> stream;

private:
    config::sriov_device& dev_;
    uint64_t now_ = 0;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// TLPs per second of one pass of `body` over the stream; `n` gets its TLP count.
template <class F>
double rate(const std::vector<entry>& s, F&& body, uint64_t& n) {
    const auto t0 = std::chrono::steady_clock::now();
    n = body(s);
    const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return static_cast<double>(n) / dt;
}

// The stream on the Verilated block alone. Type 1 requests are left out: the
// RTL shadow forwards only those the TLM device claims, which the recorded
// stream does not say.
uint64_t rtl_only(const rtl_variant& v, const std::vector<entry>& s) {
    rtl::rtl_driver drv(v.make(), 4000);
    drv.reset(0);
    uint64_t n = 0;
    unsigned cycles = 0;
    for (const entry& e : s) {
        if (e.reset) {
            drv.reset(e.now_ns);
        } else if (e.request.type != tlp_type::cfg_rd1 && e.request.type != tlp_type::cfg_wr1) {
            drv.access(to_config_request(e.request), e.now_ns, &cycles);
            ++n;
        }
    }
    return n;
}

// The random stream the paths replay, recorded from the TLM device.
std::vector<entry> record_stream(const rtl_variant& var, uint64_t seed, uint64_t tlps) {
    config::sriov_device dev(var.profile);
    recorder rec(dev);
    stimulus_options so;
    so.seed = seed;
    so.tlps = tlps;
    run_sequence(sequence_kind::random, rec, dev, so);
    return std::move(rec.stream);
}

// The stream through the TLM endpoint alone; the TLPs applied.
uint64_t tlm_only(config::sriov_device& dev, endpoint::sriov_endpoint& ep,
                  const std::vector<entry>& s) {
    dev.reset(0);
    uint64_t n = 0;
    tlp cpl;
    for (const entry& e : s) {
        if (e.reset) {
            dev.reset(e.now_ns);
        } else {
            ep.handle(e.request, e.now_ns, cpl);
            ++n;
        }
    }
    return n;
}

// The stream through the TLM endpoint with the RTL shadow attached; the TLPs checked.
uint64_t cross_checked(config::sriov_device& dev, endpoint::sriov_endpoint& ep, rtl_shadow& shadow,
                       const std::vector<entry>& s) {
    dev.reset(0);
    shadow.on_reset(0);
    const uint64_t before = shadow.checked();
    tlp cpl;
    for (const entry& e : s) {
        if (e.reset) {
            dev.reset(e.now_ns);
            shadow.on_reset(e.now_ns);
        } else {
            ep.handle(e.request, e.now_ns, cpl);
        }
    }
    return shadow.checked() - before;
}

} // namespace

int sc_main(int argc, char* argv[]) {
    const uint64_t tlps = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
    const int reps = argc > 2 ? std::atoi(argv[2]) : 5;
    const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
    const std::string only = argc > 4 ? argv[4] : "all";
    if (only != "all" && only != "tlm" && only != "rtl" && only != "xcheck") {
        std::fprintf(stderr, "bench_rtl: unknown path '%s' (all, tlm, rtl, xcheck)\n",
                     only.c_str());
        return 2;
    }
    auto runs = [&only](const char* what) { return only == "all" || only == what; };
    sc_core::sc_report_handler::set_actions("sriov/config", sc_core::SC_WARNING,
                                            sc_core::SC_DO_NOTHING);
    const rtl_variant& var = *find_rtl_variant("xcheck");

    const std::vector<entry> stream = record_stream(var, seed, tlps);

    config::sriov_device tlm_dev(var.profile);
    endpoint::sriov_endpoint tlm_ep("tlm_ep", tlm_dev);
    config::sriov_device xc_dev(var.profile);
    endpoint::sriov_endpoint xc_ep("xc_ep", xc_dev);
    // The endpoints' sockets must be bound; the bench calls handle() directly.
    tlp_source bind_tlm("bind_tlm", tlm_ep, nullptr);
    tlp_source bind_xc("bind_xc", xc_ep, nullptr);
    sc_core::sc_start(sc_core::SC_ZERO_TIME); // end of elaboration

    auto shadow = make_shadow(var, xc_dev);
    xc_ep.add_observer(shadow.get());
    const rtl_variant& traced = *find_rtl_variant("xcheck_trace");
    std::vector<double> r_tlm, r_rtl, r_rtl_traced, r_xc;
    uint64_t n_tlm = 0, n_rtl = 0, n_rtl_traced = 0, n_xc = 0;
    uint64_t mismatches = 0;
    // One pass of `body` when `on`: its rate into `rates`, its TLP count into `n`.
    auto measure = [&stream](bool on, std::vector<double>& rates, uint64_t& n, auto&& body) {
        if (on) {
            rates.push_back(rate(stream, body, n));
        }
    };
    for (int rep = 0; rep < reps; ++rep) {
        measure(runs("tlm"), r_tlm, n_tlm,
                [&](const std::vector<entry>& s) { return tlm_only(tlm_dev, tlm_ep, s); });
        measure(runs("rtl"), r_rtl, n_rtl,
                [&](const std::vector<entry>& s) { return rtl_only(var, s); });
        measure(only == "all", r_rtl_traced, n_rtl_traced,
                [&](const std::vector<entry>& s) { return rtl_only(traced, s); });
        measure(runs("xcheck"), r_xc, n_xc, [&](const std::vector<entry>& s) {
            return cross_checked(xc_dev, xc_ep, *shadow, s);
        });
    }
    mismatches = shadow->mismatch_count();
    const double tlm = median(r_tlm), rtl = median(r_rtl), xc = median(r_xc);
    const double rtl_traced = median(r_rtl_traced);
    std::printf("bench_rtl: %zu TLPs (seed %llu, variant %s), median of %d\n", stream.size(),
                static_cast<unsigned long long>(seed), var.name.c_str(), reps);
    std::printf("  tlm    (endpoint only)          %12.0f TLPs/s\n", tlm);
    std::printf("  rtl    (Verilated block only)   %12.0f TLPs/s\n", rtl);
    std::printf("  rtl    (same, tracing compiled) %12.0f TLPs/s\n", rtl_traced);
    std::printf("  xcheck (endpoint + RTL shadow)  %12.0f TLPs/s  (target >= 2,000,000)\n", xc);
    std::printf("  tlm / rtl ratio                 %12.1f x      (target >= 10)\n", tlm / rtl);
    std::printf("  tlm / rtl ratio (traced build)  %12.1f x\n", tlm / rtl_traced);
    std::printf("  mismatches                      %12llu\n",
                static_cast<unsigned long long>(mismatches));
    // TLPs one repetition of each path applies (the divisor of bench/instructions.sh).
    std::printf("  TLPs per repetition             tlm %llu, rtl %llu, xcheck %llu\n",
                static_cast<unsigned long long>(n_tlm), static_cast<unsigned long long>(n_rtl),
                static_cast<unsigned long long>(n_xc));
    for (const auto& [path, r] : {std::pair{"tlm", tlm}, {"rtl", rtl}, {"xcheck", xc}}) {
        if (runs(path)) {
            std::printf("median %s %.0f\n", path, r); // for bench/instructions.sh
        }
    }
    return mismatches == 0 ? 0 : 1;
}
