// The PCIe link between the root complex and the endpoint, as a TLM
// interconnect: a config request TLP goes down in the request phase and its
// completion comes back in the response phase of the same transaction.
//
// Per direction the link is one serial resource: a TLP starts at the first
// moment the direction is free for its whole serialization time
// (tlp_time_ps()) and then takes phy_latency_ps() to reach the far side. Each
// received TLP is acknowledged by an ACK DLLP sent back at once on the
// opposite direction (which can delay a completion waiting behind it).
//
// LT (b_transport) and AT (nb_transport, 4 phases) apply the same arithmetic,
// so an isolated request takes the same time in both. In AT the directions'
// occupancy carries over between transactions (contention); in LT each
// b_transport is timed as if the link were idle, as loosely-timed models do.
// The AT link needs no event queue of its own: it books each TLP's wire time
// when the TLP is handed to it and forwards it with the arrival time as the
// annotated delay; the receiver's payload event queue delivers it then. TLPs
// handed over ahead of their time (the root complex's ecam_nb, a request
// with an annotated delay) are booked in hand-over order.
#pragma once

#include "sriov/link/link_timing.h"
#include "sriov/link/lt_completer.h"
#include "sriov/link/mem_lane.h"
#include "sriov/link/tlp_observer.h"
#include "sriov/tlp/at_direct_if.h"
#include "sriov/tlp/tlp_direct_if.h"

#include <algorithm>
#include <cstddef>
#include <systemc>
#include <tlm>
#include <vector>

namespace sriov::link {

// Plain TLM sockets with the interfaces implemented here (not simple_*_socket):
// every config TLP crosses the link, and the callback indirection costs
// measurably at 10 M TLPs/s.
// tlp_direct_if first: the primary base, so the root complex's direct call
// needs no this-adjusting thunk (the per-TLP path; docs/performance.md).
class pcie_link : public tlp_direct_if,
                  public sc_core::sc_module,
                  public tlm::tlm_fw_transport_if<>,
                  public tlm::tlm_bw_transport_if<>,
                  public at_request_if,
                  public at_completion_if {
public:
    tlm::tlm_target_socket<> upstream_port;      // bound by the root complex
    tlm::tlm_initiator_socket<> downstream_port; // binds to the endpoint

    pcie_link(sc_core::sc_module_name name, const link_config& cfg);

    const link_config& config() const { return cfg_; }
    void add_observer(tlp_observer* obs) {
        observers_.push_back(obs);
        observed_ = true;
    }

    // Counters for tests and the summary.
    uint64_t tlps_down() const { return tlps_down_; }
    uint64_t tlps_up() const { return tlps_up_; }
    // Each TLP the link carries is acknowledged by one ACK DLLP.
    uint64_t acks_sent() const { return tlps_down_ + tlps_up_ + mem_tlps_at_; }

    // For the memory-TLP lane (mem_lane.h, mem_lane.cpp). AT: books `wire` on
    // `dir` no earlier than `delay` from now, and the receiver's ACK on the
    // other direction (the rule send_at() books config TLPs by); returns the
    // transfer's start relative to now.
    sc_core::sc_time book_at(direction dir, const sc_core::sc_time& wire,
                             const sc_core::sc_time& delay);
    const std::vector<tlp_observer*>& observers() const { return observers_; }

    // LT by direct call (tlp_direct_if): the same timing as b_transport. An
    // lt_completer downstream (the endpoint) runs it in one function with its
    // answer; any other direct target gets the request by its transport_tlp().
    // Only once direct_all_the_way() said true.
    bool transport_tlp(tlp& t, sc_core::sc_time& delay) final {
        return completer_->transport_through(*this, t, delay); // a tail call
    }
    // True when the downstream port is bound to a direct endpoint.
    bool direct_all_the_way() final;

    // AT by direct call (at_direct_if.h): the root complex connects itself
    // at end of elaboration; the link connects to the endpoint when it
    // offers the interface, and uses downstream_port otherwise. The booking
    // of nb_transport_fw/_bw (send_at), without phases and extension lookups.
    bool connect_at(at_completion_if& back) final;
    void request_at(tlm::tlm_generic_payload& gp, tlp& t, const sc_core::sc_time& delay) final;
    void completion_at(tlm::tlm_generic_payload& gp, tlp& t, const sc_core::sc_time& delay) final;

    // LT: the timing of request `t` down and its completion up, for
    // b_transport and transport_tlp alike (one rule); `deliver(d)` hands the
    // request to the completer with delay `d` and says whether a completion
    // came (then in `t`). All arithmetic on the annotated delay (time relative
    // to now): the request leaves on an idle link; its completion may wait
    // for the ACK DLLP of the request on the upstream direction. Public for
    // lt_completer::transport_through.
    template <typename Deliver>
    [[gnu::always_inline]] bool carry_lt(tlp& t, sc_core::sc_time& delay, Deliver&& deliver) {
        if (observed()) {
            notify(now() + delay, direction::downstream, t);
        }
        const sc_core::sc_time arrival = delay + wire_time(t) + phy_down_;
        ++tlps_down_;
        sc_core::sc_time ep_delay = arrival;
        // ACK for the request, upstream, right at its arrival.
        if (!deliver(ep_delay)) {
            delay = ep_delay; // no completion: the root complex times out
            return false;
        }
        const sc_core::sc_time cpl_start = std::max(ep_delay, arrival + ack_time_);
        if (observed()) {
            notify(now() + cpl_start, direction::upstream, t);
        }
        ++tlps_up_;
        delay = cpl_start + wire_time(t) + phy_up_;
        return true;
    }

private:
    // The booked busy intervals of one direction, in time order. Bookings can
    // be made ahead of time (an ACK at a TLP's future arrival), so a later
    // booking may fill an earlier gap.
    class occupancy {
    public:
        occupancy();
        // Books `duration` at the first free gap no earlier than `ready`
        // (`ready` >= `now`, the current time).
        [[gnu::always_inline]] sc_core::sc_time reserve(const sc_core::sc_time& now,
                                                        const sc_core::sc_time& ready,
                                                        const sc_core::sc_time& duration) {
            if (busy_.back().end <= ready) {
                // Nothing booked after `ready` (the usual case, inline): the
                // gap search would put it there; with a zero duration it
                // could go before [ready, ready) intervals only, the same.
                if (busy_.size() == busy_.capacity()) {
                    forget_over(now); // (the vector grows when nothing is over)
                }
                return append(ready, duration);
            }
            return reserve_among(now, ready, duration);
        }
        // reserve() would book at `ready` without a call: nothing is booked
        // after `ready` and the vector has room.
        bool free_from(const sc_core::sc_time& ready) const {
            return busy_.back().end <= ready && busy_.size() != busy_.capacity();
        }
        // reserve() once free_from(ready) said true.
        [[gnu::always_inline]] sc_core::sc_time append(const sc_core::sc_time& ready,
                                                       const sc_core::sc_time& duration) {
            busy_.push_back(interval{ready, ready + duration});
            return ready;
        }

    private:
        // reserve() when something is booked after `ready`: the gap search.
        sc_core::sc_time reserve_among(const sc_core::sc_time& now, const sc_core::sc_time& ready,
                                       const sc_core::sc_time& duration);
        // Drops the intervals that ended by `now`: no booking (at `now` or
        // later) can fall before their end, so the searches never need them.
        void forget_over(const sc_core::sc_time& now);
        struct interval {
            sc_core::sc_time start;
            sc_core::sc_time end;
        };
        // In time order, never empty (a first [0, 0) is as good as none).
        // Intervals that are over stay until the vector is full (room for
        // some 120 TLPs); forget_over() then moves the few not over to the
        // front. No allocation once grown.
        std::vector<interval> busy_;
    };
    sc_core::sc_time wire_time(const tlp& t) const {
        return has_data(t.type) ? wire_with_data_ : wire_no_data_;
    }
    // The current simulated time, read inline from the module's simulation
    // context (sc_time_stamp() is an out-of-line kernel call, two per AT TLP).
    const sc_core::sc_time& now() const { return simcontext()->time_stamp(); }
    // Observers see every TLP with its time on the wire. Callers test
    // observed() first: the usual run has none, and then not even the time is
    // read.
    bool observed() const { return observed_; }
    void notify(const sc_core::sc_time& when, direction dir, const tlp& t);
    // AT: puts `t` on the wire in direction `dir`, no earlier than `delay` from
    // now, and books the ACK the receiver returns on arrival in the other
    // direction. Returns the arrival time, relative to now.
    sc_core::sc_time send_at(direction dir, const tlp& t, const sc_core::sc_time& delay);
    // send_at() when it makes no call: both bookings behind all others and no
    // observer (the usual case). False, and nothing booked, otherwise. The
    // direct hops then call nothing before the next hop, so GCC keeps their
    // values in scratch registers (one saved register instead of six).
    bool send_at_end(direction dir, const tlp& t, const sc_core::sc_time& delay,
                     sc_core::sc_time& to_arrival);
    // The direct hops with send_at(), when send_at_end() cannot.
    [[gnu::noinline]] void request_at_booked(tlm::tlm_generic_payload& gp, tlp& t,
                                             const sc_core::sc_time& delay);
    [[gnu::noinline]] void completion_at_booked(tlm::tlm_generic_payload& gp, tlp& t,
                                                const sc_core::sc_time& delay);
    // The booked request on to the endpoint: by direct call, or by the socket.
    void pass_request(tlm::tlm_generic_payload& gp, tlp& t, const sc_core::sc_time& to_arrival);
    // Its socket call, out of line: the direct hop then needs no stack frame.
    [[gnu::noinline]] void request_by_socket(tlm::tlm_generic_payload& gp,
                                             const sc_core::sc_time& to_arrival);
    // The booking of send_at() and book_at(); `at_end`: the caller found
    // both directions free_from() the TLP's and the ACK's times.
    template <bool at_end = false>
    sc_core::sc_time book(direction dir, const sc_core::sc_time& now, const sc_core::sc_time& wire,
                          const sc_core::sc_time& delay);
    // tlm_fw_transport_if (from the root complex)
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) override;
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override;
    bool get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) override { return false; }
    unsigned transport_dbg(tlm::tlm_generic_payload&) override { return 0; }
    // tlm_bw_transport_if (from the endpoint)
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override;
    void invalidate_direct_mem_ptr(sc_dt::uint64, sc_dt::uint64) override {}

    link_config cfg_;
    sc_core::sc_time ack_time_;
    sc_core::sc_time phy_down_;
    sc_core::sc_time phy_up_;
    sc_core::sc_time wire_no_data_; // 3 DW header TLP
    sc_core::sc_time wire_with_data_;
    occupancy down_;
    occupancy up_;
    std::vector<tlp_observer*> observers_;
    bool observed_ = false; // !observers_.empty(), one load less per TLP
    // A direct target that is no lt_completer, called from carry_lt.
    class via_direct_if final : public lt_completer {
    public:
        tlp_direct_if* target = nullptr;
        bool transport_through(pcie_link& link, tlp& t, sc_core::sc_time& delay) override;
    };
    via_direct_if via_direct_;
    lt_completer* completer_ = nullptr; // direct_all_the_way() found it
    // AT direct calls (connect_at): the requester completions go back to,
    // the endpoint requests go to (nullptr: downstream_port).
    at_completion_if* at_requester_ = nullptr;
    at_request_if* at_completer_ = nullptr;
    // The arrival the direct hops hand on, kept here and not on the stack:
    // the next hop is then a tail call. Its callee reads it before it calls
    // anything (at_direct_if.h), so the next TLP on the hop may overwrite it.
    sc_core::sc_time to_endpoint_;
    sc_core::sc_time to_root_;
    uint64_t tlps_down_ = 0;
    uint64_t tlps_up_ = 0;
    uint64_t mem_tlps_at_ = 0; // booked by book_at() (acks_sent())

public:
    mem_lane mem; // memory TLPs; declared last: it reads the link's configuration
};

} // namespace sriov::link
