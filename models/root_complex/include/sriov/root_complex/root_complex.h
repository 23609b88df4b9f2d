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
#include "sriov/root_complex/held_tag_queue.h"
#include "sriov/root_complex/mmio_window.h"
#include "sriov/root_complex/nb_multi_target_socket.h"
#include "sriov/root_complex/root_complex_config.h"
#include "sriov/root_complex/root_port.h"
#include "sriov/root_complex/step_queue.h"
#include "sriov/tlp/at_direct_if.h"
#include "sriov/tlp/tlp.h"
#include "sriov/tlp/tlp_direct_if.h"
#include "sriov/tlp/tlp_extension.h"

#include <array>
#include <cstddef>
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
// measurably at 10 M TLPs/s). Initiators call b_transport only; AT
// initiators that use nb_transport bind to `ecam_nb`.
using ecam_socket =
    tlm::tlm_target_socket<32, tlm::tlm_base_protocol_types, 0, sc_core::SC_ZERO_OR_MORE_BOUND>;

class root_complex : public sc_core::sc_module,
                     private tlm::tlm_fw_transport_if<>,
                     private at_completion_if,
                     private tag_allocator {
    // ecam_nb's forward path (root_complex_nb.cpp), named before its socket.
    tlm::tlm_sync_enum nb_fw(int initiator, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                             sc_core::sc_time& delay);

public:
    ecam_socket ecam;
    // AT initiators without a thread per request bind here (any number): the
    // base protocol's BEGIN_REQ is taken at once (TLM_UPDATED, END_REQ), the
    // access runs on the simulated time axis like a blocking one in AT (tags,
    // max_outstanding, CRS retries, timeouts alike) and BEGIN_RESP comes back
    // on nb_transport_bw; initiators must honour its annotated delay (the
    // base protocol's rule): one whole DW without details that completes
    // successfully is answered when the link hands its completion over, the
    // end of the completion pipeline annotated, its tag held until then. A
    // BEGIN_REQ of such a DW with a delay goes to the link at once when no
    // access waits for a tag and one is free at its start: link bookings and
    // tags follow hand-over order (docs/library.md). Any access ecam takes,
    // with the same results and times; b_transport works here too. On an LT
    // root complex BEGIN_REQ completes at once (TLM_COMPLETED, delay annotated).
    nb_multi_target_socket<root_complex, &root_complex::nb_fw> ecam_nb;
    tlm_utils::simple_initiator_socket<root_complex> link_port;
    // The memory path (mmio_window.h): host MMIO to the link's memory lane,
    // and the device's memory writes (MSI-X messages) back.
    mmio_window mmio;

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
    // LT TLPs go to the link by direct call (tlp_direct_if.h), not as a
    // generic payload: known from end_of_elaboration on.
    bool lt_direct() const { return direct_link_ != nullptr; }
    // AT TLPs go to the link by direct call (at_direct_if.h), completions
    // come back the same way: known from end_of_elaboration on.
    bool at_direct() const { return at_link_ != nullptr; }

private:
    struct slot;      // one tag's request in flight (AT)
    struct nb_access; // one access of an ecam_nb initiator (root_complex_nb.cpp)
    // What an nb_access does next, when nb_peq_ hands it back.
    enum class nb_step : uint8_t { arrive, send, answered, root_port, root_port_done };

    // LT and AT: whether the link (and the endpoint behind it) take TLPs by
    // direct call.
    void end_of_elaboration() override;

    // tlm_fw_transport_if (ECAM socket)
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) override;
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override;
    bool get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) override { return false; }
    unsigned transport_dbg(tlm::tlm_generic_payload& gp) override;
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay);
    // at_completion_if (the link's direct call): the completion of the
    // request `gp` carries, arriving `delay` from now; nb_transport_bw's
    // BEGIN_RESP comes here too.
    void completion_at(tlm::tlm_generic_payload& gp, tlp& t, const sc_core::sc_time& delay) final;
    void take_completion(tlm::tlm_generic_payload& gp, const sc_core::sc_time& delay);
    void take_completion(slot& s, const sc_core::sc_time& delay);

    // The nb_transport path (root_complex_nb.cpp, from nb_fw above): each
    // access is a small state machine driven by nb_peq_, no thread.
    [[gnu::cold, gnu::noinline]] tlm::tlm_sync_enum
    nb_fw_not_at_request(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                         sc_core::sc_time& delay);
    void nb_b_transport(int, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
        b_transport(gp, delay);
    }
    unsigned nb_transport_dbg(int, tlm::tlm_generic_payload& gp) { return transport_dbg(gp); }
    nb_access& nb_record(int initiator, tlm::tlm_generic_payload& gp);
    bool nb_tag_sure(const sc_core::sc_time& due, unsigned& free_by_due);
    void put_one_dw_request_of(tlp& t, const tlm::tlm_generic_payload& gp, uint64_t ids,
                               route where);
    void nb_prepare_one_dw(nb_access& a, routing_id rid, route where);
    bool nb_one_dw(int initiator, tlm::tlm_generic_payload& gp, const sc_core::sc_time& delay);
    [[gnu::cold, gnu::noinline]] nb_access& nb_record_of(slot& s);
    void run_nb();           // SC_METHOD on nb_peq_'s event
    void start_waiting_nb(); // SC_METHOD on slot_freed_
    void nb_arrive(nb_access& a);
    bool nb_arrive_ahead(nb_access& a, const sc_core::sc_time& delay);
    bool nb_arrive_one_dw(nb_access& a, const sc_core::sc_time& delay);
    bool nb_answer_at_once(slot& s, tlm::tlm_generic_payload& gp, int initiator, uint64_t ids,
                           nb_access* record, const sc_core::sc_time& arrival);
    void nb_next_dw(nb_access& a);
    void nb_send(nb_access& a);
    void nb_answered(nb_access& a);
    void nb_root_port(nb_access& a);
    void nb_finish(nb_access& a);

    // Sends `request` until it completes (CRS retried, or answered for CRS
    // Software Visibility) and counts its TLPs and retries into `acc`. Returns
    // the completion, which stays valid until the thread next waits, or
    // nullptr when the request timed out.
    tlp* issue(const tlp& request, sc_core::sc_time& delay, config_access_result& acc);
    // Any access at the ECAM socket (b_transport takes one aligned DW in LT
    // without details straight to lt_one_dw); `info` gets the details.
    [[gnu::noinline]] void access(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay,
                                  config_access_result* info);
    // The rules of an access, one DW at a time, shared by access() and the
    // nb_transport path: refusal, routing, the TLP, the answer, the end.
    bool admissible(tlm::tlm_generic_payload& gp, config_access_result* info);
    static bool routed(const ecam::dw_chunk& c, route where, config_access_result& r);
    tlp request_for(routing_id rid, route where, bool write, const ecam::dw_chunk& c,
                    const unsigned char* data) const;
    static bool take_answer(const tlp* cpl, const ecam::dw_chunk& c, bool write,
                            unsigned char* data, config_access_result& r);
    static void conclude(tlm::tlm_generic_payload& gp, config_access_result& r,
                         config_access_result* info, const sc_core::sc_time& start,
                         const sc_core::sc_time& delay);
    // LT, one whole DW, no details (b_transport's hot path): the request built
    // in the LT payload's TLP; the root port's own DWs, UR, and answers other
    // than a matching SC completion out of line (cold).
    void lt_one_dw(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    tlp one_dw_request(routing_id rid, bool type1, bool write, uint16_t dw_index, uint32_t value,
                       uint16_t tag) const;
    [[gnu::cold, gnu::noinline]] void lt_one_dw_local(tlm::tlm_generic_payload& gp, route where,
                                                      uint16_t dw_index, sc_core::sc_time& delay);
    [[gnu::cold, gnu::noinline]] void lt_one_dw_unusual(tlm::tlm_generic_payload& gp, uint64_t ids,
                                                        bool type1, tlp* cpl,
                                                        sc_core::sc_time& delay);
    // LT: carry the request in lt_ext_.value (answered in place); false on
    // timeout (`delay` advanced to it). carry_lt_payload: through lt_gp_.
    bool carry_lt(tlp& t, sc_core::sc_time& delay);
    [[gnu::noinline]] bool carry_lt_payload(sc_core::sc_time& delay);
    // LT / AT: send `request` with a fresh tag; the completion, or nullptr on
    // timeout (LT: `delay` advanced to it).
    tlp* send_lt(const tlp& request, uint16_t& tag, sc_core::sc_time& delay);
    tlp* send_at(const tlp& request, uint16_t& tag);
    // AT: a free slot sends `request` (carried for `nb`, or a blocked thread
    // when nullptr) `delay` from now (`free_by_due` held tags are free by
    // then); release() frees it and gives the completion or nullptr.
    slot* dispatch(const tlp& request, uint16_t& tag, nb_access* nb, const sc_core::sc_time& delay,
                   unsigned free_by_due);
    // dispatch() in two: the slot with its tag and timeout, then the link.
    slot& claim_slot(nb_access* nb, const sc_core::sc_time& due, unsigned free_by_due);
    void send_on_link(slot& s, const sc_core::sc_time& delay);
    tlp* release(slot* s);
    // send_lt / send_at by mode, the TLP counted into `acc`.
    tlp* send(const tlp& request, uint16_t& tag, sc_core::sc_time& delay,
              config_access_result& acc);
    // issue() past the first answer: timeout, mismatch, CRS retries.
    [[gnu::noinline]] tlp* resolve(const tlp& request, uint16_t tag, tlp* cpl,
                                   sc_core::sc_time& delay, config_access_result& acc);
    // Out of line and cold: the per-TLP path stays lean (bench/instructions.sh).
    [[gnu::cold, gnu::noinline]] tlp* mismatched(const tlp& request, uint16_t tag, tlp* cpl);
    bool crs_retry_due(const tlp& request, tlp* cpl, unsigned retries, config_access_result& acc);
    bool final_answer(const tlp& request, uint16_t tag, tlp* cpl, unsigned retries,
                      config_access_result& acc);
    uint16_t next_tag();
    // AT tag bookkeeping, one rule for config and memory requests (root_complex_tags.cpp).
    void wait_for_slot();
    // A tag for a request that starts when `free_by_due` held tags are free.
    uint16_t claim_tag(unsigned free_by_due);
    void free_tag(uint16_t tag);
    // Tags held until a time (an nb access answered ahead, root_complex_nb.cpp):
    // those whose time has come are freed; returns how many of the others
    // are free by `due`. While someone waits for a tag, an event at the next
    // one's time.
    unsigned free_held_tags_by(const sc_core::sc_time& due);
    void free_held_tags() { free_held_tags_by(now()); }
    void wake_at_held_tag_free();
    bool anyone_waits_for_slot() const { return waiting_for_slot_ != 0; }
    // The memory path's tags (tag_allocator, root_complex_tags.cpp).
    uint16_t acquire_tag() override;
    void release_tag(uint16_t tag) override;
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
    uint32_t root_port_dw(bool write, uint16_t dw_index, uint8_t byte_enable, uint32_t data);
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
    // Its TLP is a member, not on the heap: at a fixed offset from `this` on
    // the per-TLP path (the destructor takes it off lt_gp_, which would free it).
    tlp_extension lt_ext_;
    tlm::tlm_generic_payload lt_gp_;
    // LT: the link's direct interface when it reaches the endpoint by direct
    // calls (tlp_direct_if.h); nullptr: lt_gp_ through link_port.
    tlp_direct_if* direct_link_ = nullptr;
    // AT: the link's direct interface (at_direct_if.h); nullptr: link_port.
    at_request_if* at_link_ = nullptr;
    // AT: one payload and event per tag slot.
    std::vector<std::unique_ptr<slot>> slots_;
    // Payloads of timed-out requests whose completion may still arrive (one
    // per timeout whose completion never came).
    std::vector<std::unique_ptr<slot>> timed_out_;
    // The current simulated time, read inline from the module's simulation
    // context (sc_time_stamp() is an out-of-line kernel call per AT TLP).
    const sc_core::sc_time& now() const { return simcontext()->time_stamp(); }
    unsigned in_flight_ = 0;
    sc_core::sc_event slot_freed_; // notified only while someone waits for a slot
    // Threads in wait_for_slot and nb accesses in nb_waiting_: one count, read
    // on every AT TLP.
    unsigned waiting_for_slot_ = 0;
    sc_core::sc_event watchdog_;
    bool watchdog_armed_ = false;
    sc_core::sc_time watchdog_at_; // when the armed watchdog fires
    // Tags of nb accesses answered ahead (BEGIN_RESP with the completion
    // pipeline annotated): in flight, counted against max_outstanding, until
    // their time; then freed lazily (free_held_tags) or by held_tag_free_.
    held_tag_queue held_tags_;
    sc_core::sc_event held_tag_free_; // notified only while someone waits for a slot
    uint16_t tag_counter_ = 0;
    // AT: the tags of busy slots (next_tag skips them). One byte each: a
    // bitset's shift and mask per test, set and reset cost about 15
    // instructions per AT TLP.
    std::array<bool, 256> tags_in_flight_{};
    uint64_t tlps_sent_ = 0;
    uint64_t timeouts_ = 0;
    uint64_t crs_retries_ = 0;
    unsigned max_in_flight_ = 0;
    // The counts of the accesses nobody asked details for: written, never read
    // (not a local: initializing one per TLP costs more than the TLP's counting).
    config_access_result discarded_counts_;
    // nb_transport accesses: records reused, the queue of their next steps,
    // those waiting for a free tag (in arrival order).
    std::vector<std::unique_ptr<nb_access>> nb_records_;
    std::vector<nb_access*> nb_free_;
    step_queue<nb_access*> nb_peq_;
    std::vector<nb_access*> nb_waiting_;
};

} // namespace sriov::root_complex
