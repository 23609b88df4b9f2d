#include "sriov/link/pcie_link.h"

#include "sriov/tlp/tlp_extension.h"

#include <algorithm>
#include <string>

namespace sriov::link {

namespace {

constexpr const char* msg_type = "sriov/link";

sc_core::sc_time ps(uint64_t v) {
    return sc_core::sc_time(static_cast<double>(v), sc_core::SC_PS);
}

uint64_t to_ps(const sc_core::sc_time& t) {
    return t.value() / sc_core::sc_time(1, sc_core::SC_PS).value();
}

tlp& tlp_of(tlm::tlm_generic_payload& gp) {
    auto* ext = gp.get_extension<tlp_extension>();
    if (ext == nullptr) {
        SC_REPORT_FATAL(msg_type, "transaction without a TLP extension reached the link");
    }
    return ext->value;
}

} // namespace

pcie_link::pcie_link(sc_core::sc_module_name name, const link_config& cfg)
    : sc_core::sc_module(name), upstream_port("upstream_port"), downstream_port("downstream_port"),
      cfg_(cfg), down_peq_(this, &pcie_link::deliver_down), up_peq_(this, &pcie_link::deliver_up) {
    if (!is_valid(cfg_)) {
        const std::string msg = "invalid link configuration: gen " +
                                std::to_string(static_cast<unsigned>(cfg_.gen)) + " width x" +
                                std::to_string(cfg_.width);
        SC_REPORT_ERROR(msg_type, msg.c_str());
    }
    ack_time_ = ps(dllp_time_ps(cfg_));
    phy_down_ = ps(cfg_.phy_latency_down_ps);
    phy_up_ = ps(cfg_.phy_latency_up_ps);
    wire_no_data_ = ps(tlp_time_ps(cfg_, 12));
    wire_with_data_ = ps(tlp_time_ps(cfg_, 16));
    upstream_port.register_b_transport(this, &pcie_link::b_transport);
    upstream_port.register_nb_transport_fw(this, &pcie_link::nb_transport_fw);
    downstream_port.register_nb_transport_bw(this, &pcie_link::nb_transport_bw);
}

sc_core::sc_time pcie_link::reserve(occupancy& dir, const sc_core::sc_time& ready,
                                    const sc_core::sc_time& duration) {
    const sc_core::sc_time start = std::max(ready, dir.busy_until);
    dir.busy_until = start + duration;
    return start;
}

sc_core::sc_time pcie_link::wire_time(const tlp& t) const {
    return has_data(t.type) ? wire_with_data_ : wire_no_data_;
}

void pcie_link::notify(const sc_core::sc_time& when, direction dir, const tlp& t) {
    for (auto* obs : observers_) {
        obs->on_tlp(to_ps(when), dir, t);
    }
}

// LT: the request leaves at now + delay on an idle link; the completion may
// wait for the ACK DLLP of the request on the upstream direction.
void pcie_link::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    const sc_core::sc_time sent = now + delay;
    if (!observers_.empty()) {
        notify(sent, direction::downstream, tlp_of(gp));
    }
    const sc_core::sc_time arrival = sent + wire_time(tlp_of(gp)) + phy_down_;
    ++tlps_down_;
    sc_core::sc_time ep_delay = arrival - now;
    downstream_port->b_transport(gp, ep_delay);
    ++acks_; // ACK for the request, upstream, right at its arrival
    if (gp.get_response_status() == tlm::TLM_INCOMPLETE_RESPONSE) {
        delay = ep_delay; // no completion: the root complex times out
        return;
    }
    const sc_core::sc_time cpl_ready = now + ep_delay;
    const sc_core::sc_time cpl_start = std::max(cpl_ready, arrival + ack_time_);
    if (!observers_.empty()) {
        notify(cpl_start, direction::upstream, tlp_of(gp));
    }
    ++tlps_up_;
    ++acks_; // ACK for the completion, downstream
    delay = cpl_start + wire_time(tlp_of(gp)) + phy_up_ - now;
}

// AT, request phase from the root complex: the link buffers the TLP at once
// (END_REQ) and delivers it to the endpoint when its last bit has arrived.
tlm::tlm_sync_enum pcie_link::nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                              sc_core::sc_time& delay) {
    if (phase != tlm::BEGIN_REQ) {
        if (phase == tlm::END_RESP) {
            return tlm::TLM_COMPLETED;
        }
        SC_REPORT_ERROR(msg_type, "unexpected phase from the root complex");
        return tlm::TLM_COMPLETED;
    }
    const tlp& t = tlp_of(gp);
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    const sc_core::sc_time wire = wire_time(t);
    const sc_core::sc_time start = reserve(down_, now + delay, wire);
    if (!observers_.empty()) {
        notify(start, direction::downstream, t);
    }
    ++tlps_down_;
    const sc_core::sc_time arrival = start + wire + phy_down_;
    down_peq_.notify(gp, phase, arrival - now);
    phase = tlm::END_REQ;
    return tlm::TLM_UPDATED;
}

void pcie_link::deliver_down(tlm::tlm_generic_payload& gp, const tlm::tlm_phase& phase) {
    // The receiver acknowledges the TLP: an ACK DLLP occupies the upstream direction.
    reserve(up_, sc_core::sc_time_stamp(), ack_time_);
    ++acks_;
    tlm::tlm_phase ph = phase;
    sc_core::sc_time zero = sc_core::SC_ZERO_TIME;
    const tlm::tlm_sync_enum r = downstream_port->nb_transport_fw(gp, ph, zero);
    if (r == tlm::TLM_COMPLETED) {
        // The endpoint dropped the request (no completion): the RC times out.
        return;
    }
}

// AT, response phase from the endpoint: the completion queues behind whatever
// occupies the upstream direction (ACKs, other completions).
tlm::tlm_sync_enum pcie_link::nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                              sc_core::sc_time& delay) {
    if (phase != tlm::BEGIN_RESP) {
        SC_REPORT_ERROR(msg_type, "unexpected phase from the endpoint");
        return tlm::TLM_COMPLETED;
    }
    const tlp& t = tlp_of(gp);
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    const sc_core::sc_time wire = wire_time(t);
    const sc_core::sc_time start = reserve(up_, now + delay, wire);
    if (!observers_.empty()) {
        notify(start, direction::upstream, t);
    }
    ++tlps_up_;
    up_peq_.notify(gp, phase, start + wire + phy_up_ - now);
    return tlm::TLM_COMPLETED; // the link took the completion; the endpoint is done
}

void pcie_link::deliver_up(tlm::tlm_generic_payload& gp, const tlm::tlm_phase& phase) {
    reserve(down_, sc_core::sc_time_stamp(), ack_time_);
    ++acks_;
    tlm::tlm_phase ph = phase;
    sc_core::sc_time zero = sc_core::SC_ZERO_TIME;
    upstream_port->nb_transport_bw(gp, ph, zero);
}

} // namespace sriov::link
