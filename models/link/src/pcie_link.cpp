#include "sriov/link/pcie_link.h"

#include "sriov/pcie/sim_time.h"
#include "sriov/tlp/tlp_extension.h"

#include <algorithm>
#include <string>

namespace sriov::link {

namespace {

constexpr const char* msg_type = "sriov/link";

// Out of line and cold: the per-TLP path keeps no report code.
[[gnu::cold, gnu::noinline]] void report_no_extension() {
    SC_REPORT_FATAL(msg_type, "transaction without a TLP extension reached the link");
}

tlp& tlp_of(tlm::tlm_generic_payload& gp) {
    auto* ext = gp.get_extension<tlp_extension>();
    if (ext == nullptr) {
        report_no_extension();
    }
    return ext->value;
}

[[gnu::cold, gnu::noinline]] void report_phase(const char* from) {
    SC_REPORT_ERROR(msg_type, (std::string("unexpected phase from ") + from).c_str());
}

// The phase the link expects from `from` in the base protocol; any other is
// reported (and the transaction completed by the caller).
inline bool is_phase(const tlm::tlm_phase& phase, const tlm::tlm_phase& expected,
                     const char* from) {
    if (phase == expected) {
        return true;
    }
    report_phase(from);
    return false;
}

} // namespace

pcie_link::pcie_link(sc_core::sc_module_name name, const link_config& cfg)
    : sc_core::sc_module(name), upstream_port("upstream_port"), downstream_port("downstream_port"),
      cfg_(cfg), mem("mem", *this) {
    if (!is_valid(cfg_)) {
        const std::string msg = "invalid link configuration: gen " +
                                std::to_string(static_cast<unsigned>(cfg_.gen)) + " width x" +
                                std::to_string(cfg_.width);
        SC_REPORT_ERROR(msg_type, msg.c_str());
    }
    ack_time_ = time_from_ps(dllp_time_ps(cfg_));
    phy_down_ = time_from_ps(cfg_.phy_latency_down_ps);
    phy_up_ = time_from_ps(cfg_.phy_latency_up_ps);
    wire_no_data_ = time_from_ps(tlp_time_ps(cfg_, 12));
    wire_with_data_ = time_from_ps(tlp_time_ps(cfg_, 16));
    upstream_port.bind(*this);
    downstream_port.bind(*this);
}

// Room for the bookings of some 120 TLPs (and their ACKs) before forget_over()
// runs: it then keeps the few not over.
constexpr std::size_t occupancy_room = 256;

pcie_link::occupancy::occupancy() {
    busy_.reserve(occupancy_room);
    busy_.push_back(interval{});
}

void pcie_link::occupancy::forget_over(const sc_core::sc_time& now) {
    // The intervals do not overlap, so their ends are in order too: those
    // over are a prefix, and the few not over are found from the back.
    auto live = busy_.end();
    while (live != busy_.begin() && (live - 1)->end > now) {
        --live;
    }
    busy_.erase(busy_.begin(), live);
}

sc_core::sc_time pcie_link::occupancy::reserve_among(const sc_core::sc_time& now,
                                                     const sc_core::sc_time& ready,
                                                     const sc_core::sc_time& duration) {
    forget_over(now); // the last interval ends after `ready`: it stays
    sc_core::sc_time start = ready;
    auto it = busy_.begin();
    for (; it != busy_.end(); ++it) {
        if (start + duration <= it->start) {
            break; // fits in the gap before this interval
        }
        start = std::max(start, it->end);
    }
    busy_.insert(it, interval{start, start + duration});
    return start;
}

void pcie_link::notify(const sc_core::sc_time& when, direction dir, const tlp& t) {
    for (auto* obs : observers_) {
        obs->on_tlp(time_to_ps(when), dir, t);
    }
}

void pcie_link::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    carry_lt(tlp_of(gp), delay, [this, &gp](sc_core::sc_time& ep_delay) {
        downstream_port->b_transport(gp, ep_delay);
        return gp.get_response_status() != tlm::TLM_INCOMPLETE_RESPONSE;
    });
}

bool pcie_link::via_direct_if::transport_through(pcie_link& link, tlp& t, sc_core::sc_time& delay) {
    return link.carry_lt(t, delay, [this, &t](sc_core::sc_time& ep_delay) {
        return target->transport_tlp(t, ep_delay);
    });
}

bool pcie_link::direct_all_the_way() {
    tlp_direct_if* target = direct_target_of(downstream_port);
    if (target == nullptr) {
        completer_ = nullptr;
        return false;
    }
    // The endpoint: the link's timing and its answer in one call.
    completer_ = dynamic_cast<lt_completer*>(downstream_port.operator->());
    if (completer_ == nullptr) {
        via_direct_.target = target;
        completer_ = &via_direct_;
    }
    return true;
}

// The one AT booking rule of config and memory TLPs: `wire` on `dir` no
// earlier than `delay` from now, and the receiver's ACK on the other direction
// when the TLP arrives. Returns the transfer's start.
template <bool at_end>
[[gnu::always_inline]] inline sc_core::sc_time
pcie_link::book(direction dir, const sc_core::sc_time& now, const sc_core::sc_time& wire,
                const sc_core::sc_time& delay) {
    const bool down = dir == direction::downstream;
    occupancy& out = down ? down_ : up_;
    occupancy& back = down ? up_ : down_;
    // Copies, read before the first booking stores an interval (an sc_time).
    const sc_core::sc_time phy = down ? phy_down_ : phy_up_;
    const sc_core::sc_time ack = ack_time_;
    const sc_core::sc_time start =
        at_end ? out.append(now + delay, wire) : out.reserve(now, now + delay, wire);
    const sc_core::sc_time arrival = start + wire + phy;
    if (at_end) {
        back.append(arrival, ack);
    } else {
        back.reserve(now, arrival, ack);
    }
    return start;
}

sc_core::sc_time pcie_link::book_at(direction dir, const sc_core::sc_time& wire,
                                    const sc_core::sc_time& delay) {
    const sc_core::sc_time now = this->now();
    ++mem_tlps_at_;
    return book(dir, now, wire, delay) - now;
}

// Inline into nb_transport_fw and nb_transport_bw: every AT TLP takes it.
[[gnu::always_inline]] inline sc_core::sc_time pcie_link::send_at(direction dir, const tlp& t,
                                                                  const sc_core::sc_time& delay) {
    const bool down = dir == direction::downstream;
    const sc_core::sc_time now = this->now();
    const sc_core::sc_time wire = wire_time(t);
    const sc_core::sc_time start = book(dir, now, wire, delay);
    if (observed()) {
        notify(start, dir, t);
    }
    ++(down ? tlps_down_ : tlps_up_);
    return start + wire + (down ? phy_down_ : phy_up_) - now;
}

[[gnu::always_inline]] inline bool pcie_link::send_at_end(direction dir, const tlp& t,
                                                          const sc_core::sc_time& delay,
                                                          sc_core::sc_time& to_arrival) {
    const bool down = dir == direction::downstream;
    occupancy& out = down ? down_ : up_;
    occupancy& back = down ? up_ : down_;
    const sc_core::sc_time now = this->now();
    const sc_core::sc_time wire = wire_time(t);
    const sc_core::sc_time ready = now + delay;
    const sc_core::sc_time arrival = ready + wire + (down ? phy_down_ : phy_up_);
    if (observed() || !out.free_from(ready) || !back.free_from(arrival)) {
        return false;
    }
    // What send_at() does then, with the TLP's start at `ready`.
    book<true>(dir, now, wire, delay);
    ++(down ? tlps_down_ : tlps_up_);
    to_arrival = arrival - now;
    return true;
}

// AT, request phase from the root complex: the link takes the TLP at once
// (END_REQ), books its wire time and the ACK coming back, and hands it to the
// endpoint with its arrival time as the annotated delay.
tlm::tlm_sync_enum pcie_link::nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                              sc_core::sc_time& delay) {
    if (phase == tlm::END_RESP) {
        return tlm::TLM_COMPLETED;
    }
    if (!is_phase(phase, tlm::BEGIN_REQ, "the root complex")) {
        return tlm::TLM_COMPLETED;
    }
    tlm::tlm_phase ph = tlm::BEGIN_REQ;
    sc_core::sc_time to_arrival = send_at(direction::downstream, tlp_of(gp), delay);
    downstream_port->nb_transport_fw(gp, ph, to_arrival);
    phase = tlm::END_REQ;
    delay = sc_core::SC_ZERO_TIME;
    return tlm::TLM_UPDATED;
}

bool pcie_link::connect_at(at_completion_if& back) {
    at_requester_ = &back;
    at_completer_ = connect_at_target_of(downstream_port, *this);
    return true;
}

// nb_transport_fw's BEGIN_REQ by direct call.
void pcie_link::request_at(tlm::tlm_generic_payload& gp, tlp& t, const sc_core::sc_time& delay) {
    if (send_at_end(direction::downstream, t, delay, to_endpoint_)) {
        pass_request(gp, t, to_endpoint_);
        return;
    }
    request_at_booked(gp, t, delay);
}

void pcie_link::request_at_booked(tlm::tlm_generic_payload& gp, tlp& t,
                                  const sc_core::sc_time& delay) {
    pass_request(gp, t, send_at(direction::downstream, t, delay));
}

[[gnu::always_inline]] inline void pcie_link::pass_request(tlm::tlm_generic_payload& gp, tlp& t,
                                                           const sc_core::sc_time& to_arrival) {
    if (at_completer_ != nullptr) {
        at_completer_->request_at(gp, t, to_arrival);
        return;
    }
    request_by_socket(gp, to_arrival);
}

void pcie_link::request_by_socket(tlm::tlm_generic_payload& gp,
                                  const sc_core::sc_time& to_arrival) {
    tlm::tlm_phase ph = tlm::BEGIN_REQ;
    sc_core::sc_time delay = to_arrival;
    downstream_port->nb_transport_fw(gp, ph, delay);
}

// nb_transport_bw's BEGIN_RESP by direct call: only the endpoint's answers to
// request_at() come here, so the requester is the one that connected.
void pcie_link::completion_at(tlm::tlm_generic_payload& gp, tlp& t, const sc_core::sc_time& delay) {
    if (send_at_end(direction::upstream, t, delay, to_root_)) {
        at_requester_->completion_at(gp, t, to_root_);
        return;
    }
    completion_at_booked(gp, t, delay);
}

void pcie_link::completion_at_booked(tlm::tlm_generic_payload& gp, tlp& t,
                                     const sc_core::sc_time& delay) {
    at_requester_->completion_at(gp, t, send_at(direction::upstream, t, delay));
}

// AT, response phase from the endpoint: the completion queues behind whatever
// occupies the upstream direction (ACKs, other completions) and reaches the
// root complex after its wire time and the PHY latency.
tlm::tlm_sync_enum pcie_link::nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                              sc_core::sc_time& delay) {
    if (!is_phase(phase, tlm::BEGIN_RESP, "the endpoint")) {
        return tlm::TLM_COMPLETED;
    }
    tlm::tlm_phase ph = tlm::BEGIN_RESP;
    sc_core::sc_time to_arrival = send_at(direction::upstream, tlp_of(gp), delay);
    upstream_port->nb_transport_bw(gp, ph, to_arrival);
    return tlm::TLM_COMPLETED; // the link took the completion; the endpoint is done
}

} // namespace sriov::link
