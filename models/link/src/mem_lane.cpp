#include "sriov/link/mem_lane.h"

#include "sriov/link/pcie_link.h"
#include "sriov/pcie/sim_time.h"
#include "sriov/tlp/mem_tlp_extension.h"

#include <algorithm>

namespace sriov::link {

namespace {

constexpr const char* msg_type = "sriov/link";

mem_tlp_extension* extension_of(tlm::tlm_generic_payload& gp) {
    auto* ext = gp.get_extension<mem_tlp_extension>();
    if (ext == nullptr) {
        SC_REPORT_ERROR(msg_type, "memory transaction without a mem_tlp_extension");
        gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    }
    return ext;
}

} // namespace

mem_lane::mem_lane(sc_core::sc_module_name name, pcie_link& link)
    : sc_core::sc_module(name), down_in("down_in"), down_out("down_out"), up_in("up_in"),
      up_out("up_out"), link_(link) {
    down_in.register_b_transport(this, &mem_lane::down);
    up_in.register_b_transport(this, &mem_lane::up);
}

sc_core::sc_time mem_lane::wire_time(const mem_tlp& t) const {
    const std::size_t size = tlp_size_bytes(is_4dw_header(t.type) ? 4 : 3, t.payload.size());
    return time_from_ps(tlp_time_ps(link_.config(), size));
}

sc_core::sc_time mem_lane::phy(direction dir) const {
    return time_from_ps(phy_latency_ps(link_.config(), dir));
}

void mem_lane::observe(const sc_core::sc_time& start, direction dir, const mem_tlp& t) {
    for (auto* obs : link_.observers()) {
        obs->on_mem_tlp(time_to_ps(sc_core::sc_time_stamp() + start), dir, t);
    }
}

void mem_lane::down(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    mem_tlp_extension* ext = extension_of(gp);
    if (ext == nullptr) {
        return;
    }
    if (down_out.size() == 0) { // nothing behind the link: a request nobody claims
        ext->completions.clear();
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    ++tlps_down_;
    if (at_) {
        down_at(gp, *ext, delay);
    } else {
        down_lt(gp, *ext, delay);
    }
}

// LT: arithmetic on the annotated delay; the link is taken as idle. The
// completions follow each other on the upstream direction, the first no
// earlier than the request's ACK.
void mem_lane::down_lt(tlm::tlm_generic_payload& gp, mem_tlp_extension& ext,
                       sc_core::sc_time& delay) {
    observe(delay, direction::downstream, ext.request);
    const sc_core::sc_time arrival = delay + wire_time(ext.request) + phy(direction::downstream);
    sc_core::sc_time ep_delay = arrival;
    down_out->b_transport(gp, ep_delay);
    if (ext.completions.empty()) {
        delay = ep_delay; // posted: done once the endpoint applied it
        return;
    }
    sc_core::sc_time at = std::max(ep_delay, arrival + time_from_ps(dllp_time_ps(link_.config())));
    for (const mem_tlp& c : ext.completions) {
        observe(at, direction::upstream, c);
        at += wire_time(c);
        ++tlps_up_;
    }
    delay = at + phy(direction::upstream);
}

// AT (a thread): the request and completions are booked on the link's
// occupancy, shared with the config TLPs; the thread waits for each arrival.
void mem_lane::down_at(tlm::tlm_generic_payload& gp, mem_tlp_extension& ext,
                       sc_core::sc_time& delay) {
    const sc_core::sc_time wire = wire_time(ext.request);
    const sc_core::sc_time start = link_.book_at(direction::downstream, wire, delay);
    observe(start, direction::downstream, ext.request);
    sc_core::wait(start + wire + phy(direction::downstream));
    sc_core::sc_time ep_delay = sc_core::SC_ZERO_TIME;
    down_out->b_transport(gp, ep_delay);
    sc_core::sc_time ready = ep_delay;
    sc_core::sc_time arrival = ep_delay;
    for (const mem_tlp& c : ext.completions) {
        const sc_core::sc_time cw = wire_time(c);
        const sc_core::sc_time s = link_.book_at(direction::upstream, cw, ready);
        observe(s, direction::upstream, c);
        ready = s + cw;
        arrival = ready + phy(direction::upstream);
        ++tlps_up_;
    }
    sc_core::wait(arrival);
    delay = sc_core::SC_ZERO_TIME;
}

// Posted, upstream: the MWr a function sends (MSI-X message).
void mem_lane::up(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    mem_tlp_extension* ext = extension_of(gp);
    if (ext == nullptr) {
        return;
    }
    const sc_core::sc_time wire = wire_time(ext->request);
    const sc_core::sc_time start = at_ ? link_.book_at(direction::upstream, wire, delay) : delay;
    observe(start, direction::upstream, ext->request);
    ++tlps_up_;
    delay = start + wire + phy(direction::upstream);
    if (up_out.size() == 0) {
        gp.set_response_status(tlm::TLM_OK_RESPONSE); // nobody listens: the write is lost
        return;
    }
    up_out->b_transport(gp, delay);
}

} // namespace sriov::link
