// The root complex: takes ECAM-addressed configuration accesses of any length
// and alignment inside one function's 4 KiB at its `ecam` target socket
// (docs/interfaces.md), routes each through its root port (root_port.h): the
// port's own registers are answered inside the root complex (request and
// completion pipelines, no TLP), the secondary bus gets CfgRd0/CfgWr0, buses
// behind it CfgRd1/CfgWr1 on `link_port`, anything else UR without a TLP.
// Completions are turned back into data and a TLM response.
//
// Per DW: request pipeline (request_cycles at the RC clock), the TLP on the
// link, completion pipeline (completion_cycles). A CRS completion is retried
// after crs_retry_interval up to crs_retry_limit times; with CRS Software
// Visibility a Vendor ID read answered with CRS returns 0x0001 instead. A
// request without completion fails after completion_timeout. DWs of one access
// go out one after the other; several initiators share up to max_outstanding
// tags (visible in AT mode, where the RC runs the 4-phase protocol).
#pragma once

#include "sriov/pcie/access.h"
#include "sriov/pcie/config_access.h"
#include "sriov/pcie/ecam.h"
#include "sriov/root_complex/root_complex_config.h"
#include "sriov/root_complex/root_port.h"
#include "sriov/tlp/tlp.h"
#include "sriov/tlp/tlp_extension.h"

#include <cstdint>
#include <memory>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

namespace sriov::root_complex {

// The ECAM socket is a plain TLM target socket that any number of initiators
// bind to (the root complex implements the forward interface itself: every
// config access crosses it, and the multi-socket callback layer costs
// measurably at 10 M TLPs/s). Initiators call b_transport only.
using ecam_socket =
    tlm::tlm_target_socket<32, tlm::tlm_base_protocol_types, 0, sc_core::SC_ZERO_OR_MORE_BOUND>;

class root_complex : public sc_core::sc_module, private tlm::tlm_fw_transport_if<> {
public:
    ecam_socket ecam;
    tlm_utils::simple_initiator_socket<root_complex> link_port;

    root_complex(sc_core::sc_module_name name, const root_complex_config& cfg);
    ~root_complex() override;

    // The configuration it was built with (reset values; the root port's
    // registers hold the current bus numbers and enables).
    const root_complex_config& config() const { return cfg_; }
    const root_port& port() const { return port_; }
    // Root Control CRS Software Visibility Enable, as a config write would set it.
    void set_crs_software_visibility(bool on) { port_.set_crs_software_visibility(on); }
    void set_crs_retry_limit(unsigned n) { cfg_.crs_retry_limit = n; }
    // Device Control 2 Completion Timeout Value (software may reprogram it).
    void set_completion_timeout(const sc_core::sc_time& t) { timeout_ = t; }

    // Statistics.
    uint64_t tlps_sent() const { return tlps_sent_; }
    uint64_t timeouts() const { return timeouts_; }
    uint64_t crs_retries() const { return crs_retries_; }
    unsigned max_outstanding_seen() const { return max_in_flight_; }

private:
    struct slot; // one tag's request in flight (AT)

    // tlm_fw_transport_if (ECAM socket)
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) override;
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override;
    bool get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) override { return false; }
    unsigned transport_dbg(tlm::tlm_generic_payload& gp) override;
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay);

    // Sends `request` until it completes (CRS retried, or answered for CRS
    // Software Visibility) and counts its TLPs and retries into `acc`. Returns
    // the completion, which stays valid until the thread next waits, or
    // nullptr when the request timed out.
    tlp* issue(const tlp& request, sc_core::sc_time& delay, config_access_result& acc);
    // Any access at the ECAM socket (b_transport takes one aligned DW in LT
    // without details straight to access_one_dw); `info` gets the details.
    [[gnu::noinline]] void access(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay,
                                  config_access_result* info);
    void access_one_dw(tlm::tlm_generic_payload& gp, routing_id rid, uint16_t dw_index,
                       sc_core::sc_time& delay);
    // LT / AT: send `request` with a fresh tag; the completion, or nullptr on
    // timeout (LT: `delay` advanced to it).
    tlp* send_lt(const tlp& request, uint16_t& tag, sc_core::sc_time& delay);
    tlp* send_at(const tlp& request, uint16_t& tag);
    // send_lt / send_at by mode, the TLP counted into `acc`.
    tlp* send(const tlp& request, uint16_t& tag, sc_core::sc_time& delay,
              config_access_result& acc);
    // issue() past the first answer: timeout, mismatch, CRS retries.
    [[gnu::noinline]] tlp* resolve(const tlp& request, uint16_t tag, tlp* cpl,
                                   sc_core::sc_time& delay, config_access_result& acc);
    // Out of line and cold: the per-TLP path stays lean (bench/instructions.sh).
    [[gnu::cold, gnu::noinline]] tlp* mismatched(const tlp& request, uint16_t tag, tlp* cpl);
    [[gnu::cold, gnu::noinline]] bool retry_crs(const tlp& request, tlp* cpl, unsigned retries,
                                                sc_core::sc_time& delay, config_access_result& acc);
    uint16_t next_tag();
    // The tag after the last one, 8 bits round robin (next_tag() skips those in flight).
    uint16_t advance_tag() {
        const uint16_t tag = tag_counter_;
        tag_counter_ = static_cast<uint16_t>((tag_counter_ + 1) & 0xFF);
        return tag;
    }
    bool crs_visible(const tlp& request) const;
    // One DW of the root port's own registers: the two RC pipelines, no TLP.
    uint32_t access_root_port(bool write, uint16_t dw_index, uint8_t byte_enable, uint32_t data,
                              sc_core::sc_time& delay);
    // AT completion timeout: one watchdog armed for the oldest deadline
    // instead of a timed wait per request (cancelled timed notifications
    // would pile up in the kernel's queue for the whole timeout).
    void arm_watchdog();
    void check_timeouts();
    void retire(slot* s);

    root_complex_config cfg_;
    root_port port_;
    sc_core::sc_time request_time_;
    sc_core::sc_time completion_time_;
    sc_core::sc_time crs_interval_;
    sc_core::sc_time timeout_;
    // LT: one payload reused for every TLP (b_transport returns before reuse).
    tlm::tlm_generic_payload lt_gp_;
    tlp_extension* lt_ext_ = nullptr;
    // AT: one payload and event per tag slot.
    std::vector<std::unique_ptr<slot>> slots_;
    // Payloads of timed-out requests whose completion may still arrive (one
    // per timeout whose completion never came).
    std::vector<std::unique_ptr<slot>> timed_out_;
    unsigned in_flight_ = 0;
    sc_core::sc_event slot_freed_;
    sc_core::sc_event watchdog_;
    bool watchdog_armed_ = false;
    uint16_t tag_counter_ = 0;
    uint64_t tlps_sent_ = 0;
    uint64_t timeouts_ = 0;
    uint64_t crs_retries_ = 0;
    unsigned max_in_flight_ = 0;
    // The counts of the accesses nobody asked details for: written, never read
    // (not a local: initializing one per TLP costs more than the TLP's counting).
    config_access_result discarded_counts_;
};

} // namespace sriov::root_complex
