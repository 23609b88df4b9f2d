// The link's memory-TLP lane: MRd/MWr down with their completions back, and
// the MWr a function sends up (MSI-X messages), on sockets of their own so
// the config TLP path is untouched. Each TLP takes its serialization time
// with its payload (tlp_size_bytes: header DWs + data) plus the PHY latency
// of its direction, on the same two directions as the config TLPs: in AT the
// lane books its TLPs and their ACKs on the link's occupancy (pcie_link::
// book_at), so memory and config TLPs contend; in LT each transfer is timed
// as on an idle link, as the config TLPs are.
//
// Transactions carry a mem_tlp_extension (mem_tlp_extension.h); one without
// gets TLM_GENERIC_ERROR_RESPONSE and crosses nothing.
// Sockets bound optionally (a platform without a data path binds none).
// - down_in (from the root complex's MMIO window) -> down_out (the endpoint):
//   LT: the annotated delay grows by the request's wire + PHY time, the
//   endpoint's time, then each completion's wire time one after the other and
//   the PHY time. AT (set_at): called from a thread; the lane books the
//   request, waits for its arrival, hands it to the endpoint, books the
//   completions after the endpoint's annotated time and waits for the last to
//   arrive (delay 0 on return).
// - up_in (from the endpoint) -> up_out (the root complex's upstream target):
//   posted; the delay grows by the wire + PHY time (AT: from the booked start).
#pragma once

#include "sriov/link/link_timing.h"
#include "sriov/tlp/mem_tlp.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

namespace sriov {
struct mem_tlp_extension;
}

namespace sriov::link {

class pcie_link;

class mem_lane : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket_optional<mem_lane> down_in;
    tlm_utils::simple_initiator_socket_optional<mem_lane> down_out;
    tlm_utils::simple_target_socket_optional<mem_lane> up_in;
    tlm_utils::simple_initiator_socket_optional<mem_lane> up_out;

    mem_lane(sc_core::sc_module_name name, pcie_link& link);

    // AT: book the link's occupancy and wait for arrivals (down_in callers
    // are threads). LT by default.
    void set_at(bool at) { at_ = at; }

    uint64_t tlps_down() const { return tlps_down_; }
    uint64_t tlps_up() const { return tlps_up_; }

    // Serialization time of `t` (header + payload) on this link.
    sc_core::sc_time wire_time(const mem_tlp& t) const;

private:
    void down(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void up(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void down_lt(tlm::tlm_generic_payload& gp, mem_tlp_extension& ext, sc_core::sc_time& delay);
    void down_at(tlm::tlm_generic_payload& gp, mem_tlp_extension& ext, sc_core::sc_time& delay);
    sc_core::sc_time phy(direction dir) const;
    // Observers of the link see the TLP whose first bit leaves `start` from now.
    void observe(const sc_core::sc_time& start, direction dir, const mem_tlp& t);

    pcie_link& link_;
    bool at_ = false;
    uint64_t tlps_down_ = 0;
    uint64_t tlps_up_ = 0;
};

} // namespace sriov::link
