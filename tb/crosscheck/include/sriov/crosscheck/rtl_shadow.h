// The RTL shadow of the cross-check: a transactor plus a scoreboard.
//
// Attached to the TLM endpoint as a request_observer, it sees every config
// TLP at the simulated time the endpoint applied it (now_ns: the LT annotated
// delay is already folded in, so the delay is consumed before the pins are
// driven). The transactor turns the TLP into a pin-level request to a
// C++-mode Verilated sriov_cfg_space through rtl::rtl_driver at that same
// time (the RTL's now_ns pin and VCD time = now_ns, 1 ps resolution), and the
// scoreboard compares completion status, read data and the cycles the RTL
// took against the endpoint model's cycles (profile.ep_cycles).
//
// sweep() compares the PFs and every enabled VF in both models at a
// checkpoint: every DW of each PF and of its VFs; of a PF with more than 64
// enabled VFs, every DW of its first and last VF and the VF layout's DWs of
// the VFs between. The first mismatches are reported (SC_REPORT_ERROR,
// type "sriov/crosscheck", displayed and counted but not thrown) with the TLP,
// both answers, the simulated time, the seed and the reproduce command.
#pragma once

#include "sriov/config/device_profile.h"
#include "sriov/config/sriov_device.h"
#include "sriov/crosscheck/functional_coverage.h"
#include "sriov/crosscheck/profile_difference.h"
#include "sriov/endpoint/sriov_endpoint.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// Verilator's headers must not meet SystemC's in one translation unit
// (verilated_funcs.h then calls an unqualified sc_time_stamp()): the driver is
// only forward-declared here.
namespace sriov::rtl {
class cfg_space_model;
class rtl_driver;
} // namespace sriov::rtl

namespace sriov::crosscheck {

inline constexpr const char* msg_type = "sriov/crosscheck";

struct mismatch {
    std::string what; // "status", "data", "cycles", "sweep status", "sweep data"
    tlp request;
    completion_status tlm_status = completion_status::successful;
    uint32_t tlm_data = 0;
    unsigned tlm_cycles = 0;
    completion_status rtl_status = completion_status::successful;
    uint32_t rtl_data = 0;
    unsigned rtl_cycles = 0;
    uint64_t now_ns = 0;
    uint64_t index = 0; // request number (1-based) or sweep read number
};

struct shadow_options {
    uint64_t seed = 0;
    std::string reproduce;    // command printed with a mismatch
    unsigned max_reports = 5; // mismatches reported in full (all are counted)
    bool check_cycles = true; // compare the RTL's cycles with the endpoint's
};

class rtl_shadow : public endpoint::request_observer {
public:
    // `device` is the TLM configuration space the endpoint uses; the RTL is
    // reset at construction with the device's reset time (0).
    rtl_shadow(config::sriov_device& device, std::unique_ptr<rtl::cfg_space_model> rtl,
               shadow_options options = {});
    ~rtl_shadow() override;
    rtl_shadow(const rtl_shadow&) = delete;
    rtl_shadow& operator=(const rtl_shadow&) = delete;

    void on_request(const tlp& request, const tlp* completion, uint64_t now_ns) override;
    void on_reset(uint64_t now_ns) override;

    // Reads the PFs and every enabled VF in both models at now_ns (readiness
    // applies to both) and compares; returns mismatches found. Every DW of
    // each PF and its VFs; of a PF with more than 64 enabled VFs, every DW of
    // its first and last VF and, of the others, every DW that holds a
    // register of the PF's VF layout.
    uint64_t sweep(uint64_t now_ns);

    // Also samples the configurable block's layout load (functional_coverage.h).
    void set_coverage(functional_coverage* cov);
    void open_trace(const std::string& path); // .fst: FST, otherwise VCD
    void close_trace();
    // Only [from_ps, to_ps] of the simulated time is dumped (--waves-from/-to).
    void set_trace_window(uint64_t from_ps, uint64_t to_ps);
    void write_coverage(const std::string& path);
    const char* variant_name() const;

    uint64_t checked() const { return checked_; }         // TLPs compared
    uint64_t skipped() const { return skipped_; }         // no completion / Type 1
    uint64_t sweep_reads() const { return sweep_reads_; } // DWs compared by sweeps
    uint64_t sweeps() const { return sweeps_; }
    uint64_t mismatch_count() const { return mismatch_count_; }
    const std::vector<mismatch>& mismatches() const { return first_; } // first max_reports
    rtl::rtl_driver& driver() { return *drv_; }
    std::string describe(const mismatch& m) const;

private:
    // Counts a mismatch between the TLM's and the RTL's answer to `request`
    // and reports the first max_reports in full.
    void report(const char* what, const tlp& request, const config_response& tlm,
                const config_response& rtl, unsigned rtl_cycles, uint64_t now_ns, uint64_t index);
    function_kind kind_of(routing_id rid) const;
    void sweep_read(routing_id fn, uint16_t dw, uint64_t now_ns); // one DW of sweep()

    config::sriov_device& device_;
    std::unique_ptr<rtl::rtl_driver> drv_;
    shadow_options opt_;
    functional_coverage* cov_ = nullptr;
    unsigned ep_cycles_;
    bool logs_headers_; // the block takes each request's header (AER Header Log)
    uint64_t checked_ = 0;
    uint64_t skipped_ = 0;
    uint64_t sweep_reads_ = 0;
    uint64_t sweeps_ = 0;
    uint64_t mismatch_count_ = 0;
    std::vector<mismatch> first_;
};

} // namespace sriov::crosscheck
