#include "sriov/endpoint/sriov_endpoint.h"

#include "sriov/link/pcie_link.h"
#include "sriov/tlp/tlp_extension.h"
#include "sriov/tlp/tlp_format.h"

#include <algorithm>
#include <string>

namespace sriov::endpoint {

namespace {

constexpr const char* msg_type = "sriov/endpoint";

// validate() accepts only config requests and completions; the endpoint takes requests.
[[gnu::always_inline]] inline bool well_formed(const tlp& request) {
    return validate(request) == decode_error::none && is_config_request(request.type);
}

completion_status status_of(fault_kind k) {
    switch (k) {
    case fault_kind::completer_abort:
        return completion_status::completer_abort;
    case fault_kind::config_retry:
        return completion_status::config_request_retry;
    case fault_kind::unsupported_request:
    case fault_kind::drop_completion:
        break;
    }
    return completion_status::unsupported_request;
}

} // namespace

bool claims_type1(const config::sriov_device& device, routing_id target) {
    return device.vf_bus_above_pf(target.bus());
}

const char* to_string(fault_kind k) {
    switch (k) {
    case fault_kind::unsupported_request:
        return "UR";
    case fault_kind::completer_abort:
        return "CA";
    case fault_kind::config_retry:
        return "CRS";
    case fault_kind::drop_completion:
        return "no completion";
    }
    return "unknown fault";
}

sriov_endpoint::sriov_endpoint(sc_core::sc_module_name name, config::sriov_device& device)
    : sc_core::sc_module(name), port("port"), device_(device), request_peq_("request_peq") {
    const auto& p = device_.profile();
    // ep_cycles clocks of 1/ep_clock_mhz us each, exact in picoseconds.
    processing_ =
        sc_core::sc_time(static_cast<double>(p.ep_cycles) * 1e6 / p.ep_clock_mhz, sc_core::SC_PS);
    port.bind(*this);
    SC_HAS_PROCESS(sriov_endpoint);
    SC_METHOD(run_requests);
    sensitive << request_peq_.event();
    dont_initialize();
}

void sriov_endpoint::reset() {
    const uint64_t now_ns = to_ns(now());
    device_.reset(now_ns);
    for (auto* obs : observers_) {
        obs->on_reset(now_ns);
    }
}

void sriov_endpoint::remove_observer(request_observer* obs) {
    observers_.erase(std::remove(observers_.begin(), observers_.end(), obs), observers_.end());
}

void sriov_endpoint::set_drop_completions(bool drop) {
    drop_completions_ = drop;
    faults_armed_ = drop_completions_ || plan_active_;
}

void sriov_endpoint::inject_fault(const fault_plan& plan) {
    plan_ = plan;
    plan_active_ = true;
    faults_armed_ = true;
}

void sriov_endpoint::clear_faults() {
    plan_active_ = false;
    faults_armed_ = drop_completions_;
}

void sriov_endpoint::notify(const tlp& request, const tlp* model_answer, uint64_t now_ns) {
    for (auto* obs : observers_) {
        obs->on_request(request, model_answer, now_ns);
    }
}

// Observers are notified where each outcome is known: no extra test of the
// outcome on the per-request path. Inline into b_transport (every LT TLP);
// a malformed request or a fault plan takes screen() out of line.
[[gnu::always_inline]] inline bool sriov_endpoint::answer(const tlp& request, uint64_t now_ns,
                                                          tlp& completion, bool observed) {
    ++requests_;
    // validate()'s inline accept (a well-formed config request) and no fault
    // armed: one predictable branch on the usual path. Anything else is
    // screened out of line, where well_formed() decides.
    if (!accepted_config_request(request) || faults_armed_) {
        const fault_outcome f = screen(request, now_ns, completion);
        if (f != fault_outcome::pass) {
            return f == fault_outcome::completed;
        }
    }
    // A Type 1 request the device does not claim (claims_type1) is answered
    // UR by the device model in the same call.
    const bool write = is_write(request.type); // read once, before the access
    const config_response rsp = device_.access(request, now_ns);
    if (&completion != &request) {
        completion = request;
    }
    complete_in_place(completion, rsp.status, rsp.read_data, write);
    if (observed) {
        notify(request, &completion, now_ns);
    }
    return true;
}

bool sriov_endpoint::handle(const tlp& request, uint64_t now_ns, tlp& completion) {
    return answer(request, now_ns, completion, !observers_.empty());
}

// A malformed request is dropped (logged, reported, observed); a well-formed
// one meets the fault plan, if any.
sriov_endpoint::fault_outcome sriov_endpoint::screen(const tlp& request, uint64_t now_ns,
                                                     tlp& completion) {
    if (!well_formed(request)) {
        ++malformed_;
        const std::string msg = "malformed TLP dropped (" +
                                std::string(to_string(validate(request))) +
                                "): " + to_text(request);
        SC_REPORT_WARNING(msg_type, msg.c_str());
        device_.log_malformed_tlp(request);
        notify(request, nullptr, now_ns);
        return fault_outcome::dropped;
    }
    const fault_outcome f = take_fault(request, completion);
    if (f != fault_outcome::pass) {
        notify(request, nullptr, now_ns); // not the model's answer
    }
    return f;
}

// The fault, if any, for the next well-formed request; the plan advances.
sriov_endpoint::fault_outcome sriov_endpoint::take_fault(const tlp& request, tlp& completion) {
    if (drop_completions_) {
        return fault_outcome::dropped;
    }
    if (!plan_active_) {
        return fault_outcome::pass;
    }
    if (plan_.after > 0) {
        --plan_.after;
        return fault_outcome::pass;
    }
    const fault_kind kind = plan_.kind;
    if (plan_.count != 0 && --plan_.count == 0) {
        clear_faults();
    }
    ++faults_injected_;
    SC_REPORT_INFO_VERB(
        msg_type,
        (std::string("injected fault (") + to_string(kind) + "): " + to_text(request)).c_str(),
        sc_core::SC_HIGH);
    if (kind == fault_kind::drop_completion) {
        return fault_outcome::dropped;
    }
    completion = make_completion(request, status_of(kind));
    return fault_outcome::completed;
}

// Without observers the completion replaces the request in place; an
// observer sees both, so the request is kept until it has. LT and AT alike.
[[gnu::always_inline]] inline bool sriov_endpoint::answer_in_place(tlp& t, uint64_t now_ns) {
    if (observers_.empty()) {
        return answer(t, now_ns, t, false);
    }
    tlp completion;
    const bool answered = answer(t, now_ns, completion, true);
    if (answered) {
        t = completion;
    }
    return answered;
}

[[gnu::always_inline]] inline bool sriov_endpoint::arrive(tlp& t, sc_core::sc_time& delay) {
    const bool answered = answer_in_place(t, to_ns(now() + delay));
    if (answered) {
        delay += processing_;
    }
    return answered;
}

bool sriov_endpoint::transport_tlp(tlp& t, sc_core::sc_time& delay) {
    return arrive(t, delay);
}

bool sriov_endpoint::transport_through(link::pcie_link& link, tlp& t, sc_core::sc_time& delay) {
    return link.carry_lt(t, delay,
                         [this, &t](sc_core::sc_time& ep_delay) { return arrive(t, ep_delay); });
}

void sriov_endpoint::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    auto* ext = gp.get_extension<tlp_extension>();
    if (ext == nullptr) {
        SC_REPORT_ERROR(msg_type, "transaction without a TLP extension");
        gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    gp.set_response_status(transport_tlp(ext->value, delay) ? tlm::TLM_OK_RESPONSE
                                                            : tlm::TLM_INCOMPLETE_RESPONSE);
}

tlm::tlm_sync_enum sriov_endpoint::nb_transport_fw(tlm::tlm_generic_payload& gp,
                                                   tlm::tlm_phase& phase, sc_core::sc_time& delay) {
    if (phase == tlm::END_RESP) {
        return tlm::TLM_COMPLETED;
    }
    if (phase != tlm::BEGIN_REQ) {
        SC_REPORT_ERROR(msg_type, "unexpected phase on the endpoint port");
        return tlm::TLM_COMPLETED;
    }
    auto* ext = gp.get_extension<tlp_extension>();
    request_peq_.notify(arrival{&gp, ext != nullptr ? &ext->value : nullptr, false, false}, delay);
    phase = tlm::END_REQ;
    return tlm::TLM_UPDATED;
}

// A request has arrived: start it when the previous one is finished. Inline
// into run_requests (every AT request).
[[gnu::always_inline]] inline void sriov_endpoint::on_request(const arrival& r,
                                                              const sc_core::sc_time& now) {
    tlm::tlm_generic_payload& gp = *r.gp;
    if (r.booked) {
        // Its turn, booked when it arrived: busy_until_ already covers it.
    } else if (now < busy_until_) {
        // Still processing an earlier request: this one waits its turn, so the
        // access is applied at the simulated time the endpoint really starts it.
        // The turn is booked now: a memory request arriving later (take_turn)
        // goes after it, in arrival order.
        request_peq_.notify(arrival{r.gp, r.t, r.direct, true}, busy_until_ - now);
        busy_until_ += processing_;
        return;
    } else {
        busy_until_ = now + processing_;
    }
    if (r.t == nullptr || !answer_in_place(*r.t, to_ns(now))) {
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        return; // no completion will be sent
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    // The completion leaves when processing ends: annotated, not queued here.
    if (r.direct) {
        at_back_->completion_at(gp, *r.t, processing_);
        return;
    }
    tlm::tlm_phase ph = tlm::BEGIN_RESP;
    sc_core::sc_time done = processing_;
    port->nb_transport_bw(gp, ph, done);
}

void sriov_endpoint::run_requests() {
    request_peq_.drain([this](const arrival& r, const sc_core::sc_time& now)
                           __attribute__((always_inline)) { on_request(r, now); });
}

sc_core::sc_time sriov_endpoint::take_turn() {
    const sc_core::sc_time now = this->now();
    const sc_core::sc_time start = busy_until_ > now ? busy_until_ : now;
    busy_until_ = start + processing_;
    return start - now;
}

} // namespace sriov::endpoint
