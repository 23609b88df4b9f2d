// The SR-IOV endpoint: receives config request TLPs from the link, routes
// them by completer ID to the PF or VF k of its sriov_device, applies them and
// answers with a completion after ep_cycles clocks of processing.
//
// - CfgRd0/CfgWr0: applied to the configuration-space model; its status (SC,
//   UR for an absent function, CRS inside a readiness window) is the
//   completion status.
// - CfgRd1/CfgWr1: claimed when they target a bus number the device's
//   enabled VFs occupy above the PF's (claims_type1) and then applied like
//   CfgRd0/CfgWr0; any other Type 1 request completes with UR and changes
//   nothing (an endpoint is not a bridge, PCIe 7.3.3).
// - A malformed TLP (tlp::validate fails) is dropped without a completion, as
//   a receiver does with a Malformed TLP; the root complex then times out.
// - Fault injection (inject_fault, set_drop_completions): a faulted request
//   is not applied to the configuration model; it completes with the
//   planned status or gets no completion at all.
//
// Requests are processed one at a time in arrival order. In LT the request is
// applied at its annotated arrival time; in AT the payload event queue
// delivers it at arrival, it is applied when the endpoint starts it (arrival,
// or when the previous request finishes) and its completion is sent with the
// processing time as the annotated delay.
#pragma once

#include "sriov/config/sriov_device.h"
#include "sriov/link/lt_completer.h"
#include "sriov/tlp/at_direct_if.h"
#include "sriov/tlp/step_queue.h"
#include "sriov/tlp/tlp.h"
#include "sriov/tlp/tlp_direct_if.h"

#include <systemc>
#include <tlm>
#include <vector>

namespace sriov::endpoint {

// Sees every request the endpoint handled, at the simulated time it was
// applied (e.g. the RTL shadow of the cross-check). `completion` is the
// configuration model's answer; it is null when the model gave none: a
// malformed request, dropped completions, or an injected fault (whatever was
// sent, the model never saw the request, so a shadow of it must skip it).
class request_observer {
public:
    virtual ~request_observer() = default;
    virtual void on_request(const tlp& request, const tlp* completion, uint64_t now_ns) = 0;
    // A conventional reset of the device (sriov_endpoint::reset()).
    virtual void on_reset(uint64_t /*now_ns*/) {}
};

// A fault the endpoint answers instead of the configuration model.
enum class fault_kind : uint8_t {
    unsupported_request, // completion with UR
    completer_abort,     // completion with CA
    config_retry,        // completion with CRS (the RC retries it)
    drop_completion,     // no completion: the RC's completion timeout expires
};
const char* to_string(fault_kind k);

// Which well-formed requests (any function, any type, CRS retries included)
// get the fault, counted from inject_fault().
struct fault_plan {
    fault_kind kind = fault_kind::unsupported_request;
    unsigned after = 0; // requests let through first (0: the next request)
    unsigned count = 1; // requests that get the fault; 0: every request until clear_faults()
};

// SR-IOV VFs on additional bus numbers (PCIe Base 6.x, 9.1 and 9.2.1.2): all
// PFs sit on the device's captured bus; a VF may sit on a higher bus number
// ("the captured Bus Number plus any additional Bus Numbers configured by
// software"), which the root port reaches with Type 1 requests; the device
// captures no bus number from them. The additional buses "are not actually
// used until VF Enable is Set". So a Type 1 request is the device's when VF
// Enable is set and its bus lies above the PF's bus, up to the bus of the
// last enabled VF.
bool claims_type1(const config::sriov_device& device, routing_id target);

// lt_completer first: the primary base, so the link's call through it needs
// no this-adjusting thunk (the per-TLP path; docs/performance.md).
class sriov_endpoint : public link::lt_completer,
                       public sc_core::sc_module,
                       public tlm::tlm_fw_transport_if<>,
                       public tlp_direct_if,
                       public at_request_if {
public:
    tlm::tlm_target_socket<> port; // plain socket: no callback indirection per TLP

    sriov_endpoint(sc_core::sc_module_name name, config::sriov_device& device);

    config::sriov_device& device() { return device_; }
    sc_core::sc_time processing_time() const { return processing_; }
    // AT: a request of another path (a memory request, mmio_port) that
    // arrived now takes its turn after the requests before it, config ones
    // included, in arrival order: returns the wait until it starts; the
    // endpoint is busy for the processing time from then on.
    sc_core::sc_time take_turn();

    // Fault injection: while set, requests get no completion (the RC times out).
    void set_drop_completions(bool drop);
    // Replaces the fault plan in progress (one plan at a time); a plan ends
    // after its `count` faults or at clear_faults(). LT and AT alike.
    void inject_fault(const fault_plan& plan);
    void clear_faults();
    uint64_t faults_injected() const { return faults_injected_; }

    // Conventional reset of the device at the current simulated time.
    void reset();

    void add_observer(request_observer* obs) { observers_.push_back(obs); }
    // Not from inside an observer's on_request (the list is being walked).
    void remove_observer(request_observer* obs);

    uint64_t requests() const { return requests_; }
    uint64_t malformed() const { return malformed_; }

    // Applies one request TLP at time now_ns; returns false when the request
    // gets no completion (malformed, or completions dropped or injected as
    // dropped), otherwise `completion` holds the answer (the model's, or an
    // injected fault's). `completion` may be `request` itself when no
    // observer is attached (observers see the request and its answer).
    bool handle(const tlp& request, uint64_t now_ns, tlp& completion);

    // LT: the request in `t` arrives after `delay`; its completion replaces it
    // and `delay` grows by the processing time. b_transport unwraps its
    // payload's extension and calls this; the link's direct call runs it
    // inside transport_through().
    bool transport_tlp(tlp& t, sc_core::sc_time& delay) final;
    bool direct_all_the_way() final { return true; } // the completer itself
    // The link's direct call: its timing (pcie_link::carry_lt) around
    // transport_tlp()'s answer in one function.
    bool transport_through(link::pcie_link& link, tlp& t, sc_core::sc_time& delay) final;

    // AT by direct call (at_direct_if.h, the link's): nb_transport_fw's
    // BEGIN_REQ without the phase and the extension lookup; the completion
    // goes back to `back` the same way.
    bool connect_at(at_completion_if& back) final {
        at_back_ = &back;
        return true;
    }
    void request_at(tlm::tlm_generic_payload& gp, tlp& t, const sc_core::sc_time& delay) final {
        request_peq_.notify(arrival{&gp, &t, true, false}, delay);
    }

private:
    enum class fault_outcome : uint8_t { pass, completed, dropped };
    // handle() itself, inline into b_transport; `observed`: observers are
    // attached (false: no notify loop on the per-TLP path).
    bool answer(const tlp& request, uint64_t now_ns, tlp& completion, bool observed);
    // answer() with the completion in `t` (the request kept for observers).
    bool answer_in_place(tlp& t, uint64_t now_ns);
    // transport_tlp() itself, inline into transport_through.
    bool arrive(tlp& t, sc_core::sc_time& delay);
    [[gnu::noinline]] fault_outcome screen(const tlp& request, uint64_t now_ns, tlp& completion);
    fault_outcome take_fault(const tlp& request, tlp& completion);
    void notify(const tlp& request, const tlp* model_answer, uint64_t now_ns);
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) override;
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override;
    bool get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) override { return false; }
    unsigned transport_dbg(tlm::tlm_generic_payload&) override { return 0; }
    // An AT request in the queue: its payload, its TLP (nullptr: the payload
    // had no TLP extension), whether it came by direct call (request_at) and
    // whether it comes back at the turn booked when it arrived.
    struct arrival {
        tlm::tlm_generic_payload* gp;
        tlp* t;
        bool direct;
        bool booked;
    };
    void run_requests(); // SC_METHOD on request_peq_'s event
    void on_request(const arrival& r, const sc_core::sc_time& now);

    config::sriov_device& device_;
    sc_core::sc_time processing_;
    // The value of 1 ns at the kernel's resolution, read once: simulated
    // times become the model's nanoseconds with one division per request.
    const sc_core::sc_time::value_type one_ns_ = sc_core::sc_time(1, sc_core::SC_NS).value();
    uint64_t to_ns(const sc_core::sc_time& t) const { return t.value() / one_ns_; }
    // The current simulated time, read inline from the module's simulation
    // context (sc_time_stamp() is an out-of-line kernel call per request).
    const sc_core::sc_time& now() const { return simcontext()->time_stamp(); }
    sc_core::sc_time busy_until_ = sc_core::SC_ZERO_TIME;
    // AT requests due at their arrival (or their turn), in the order they
    // were notified (peq_with_cb_and_phase walked a sorted list per request,
    // copied a phase and tested its delta lists on every activation).
    step_queue<arrival> request_peq_;
    at_completion_if* at_back_ = nullptr; // connect_at()
    // The per-request fast path tests faults_armed_ only: drop_completions_
    // or a plan in progress.
    bool faults_armed_ = false;
    bool drop_completions_ = false;
    bool plan_active_ = false;
    fault_plan plan_;
    uint64_t faults_injected_ = 0;
    std::vector<request_observer*> observers_;
    uint64_t requests_ = 0;
    uint64_t malformed_ = 0;
};

} // namespace sriov::endpoint
