// The PCIe link between the root complex and the endpoint, as a TLM
// interconnect: a config request TLP goes down in the request phase and its
// completion comes back in the response phase of the same transaction.
//
// Per direction the link is one serial resource: a TLP starts when the
// previous TLP or DLLP on that direction has finished, occupies
// tlp_time_ps() and then takes phy_latency_ps() to reach the far side. Each
// received TLP is acknowledged by an ACK DLLP sent back at once on the
// opposite direction (which can delay a completion waiting behind it).
//
// LT (b_transport) and AT (nb_transport, 4 phases) apply the same arithmetic,
// so an isolated request takes the same time in both. In AT the directions'
// occupancy carries over between transactions (contention); in LT each
// b_transport is timed as if the link were idle, as loosely-timed models do.
#pragma once

#include "sriov/link/link_timing.h"
#include "sriov/link/tlp_observer.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/peq_with_cb_and_phase.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

namespace sriov::link {

class pcie_link : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<pcie_link> upstream_port;      // bound by the root complex
    tlm_utils::simple_initiator_socket<pcie_link> downstream_port; // binds to the endpoint

    pcie_link(sc_core::sc_module_name name, const link_config& cfg);

    const link_config& config() const { return cfg_; }
    void add_observer(tlp_observer* obs) { observers_.push_back(obs); }

    // Counters for tests and the summary.
    uint64_t tlps_down() const { return tlps_down_; }
    uint64_t tlps_up() const { return tlps_up_; }
    uint64_t acks_sent() const { return acks_; }

private:
    struct occupancy {
        sc_core::sc_time busy_until = sc_core::SC_ZERO_TIME;
    };

    // Reserves a direction for `duration` no earlier than `ready`; returns the start.
    static sc_core::sc_time reserve(occupancy& dir, const sc_core::sc_time& ready,
                                    const sc_core::sc_time& duration);
    sc_core::sc_time wire_time(const tlp& t) const;
    void notify(const sc_core::sc_time& when, direction dir, const tlp& t);

    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay);
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay);
    void deliver_down(tlm::tlm_generic_payload& gp, const tlm::tlm_phase& phase);
    void deliver_up(tlm::tlm_generic_payload& gp, const tlm::tlm_phase& phase);

    link_config cfg_;
    sc_core::sc_time ack_time_;
    sc_core::sc_time phy_down_;
    sc_core::sc_time phy_up_;
    sc_core::sc_time wire_no_data_; // 3 DW header TLP
    sc_core::sc_time wire_with_data_;
    occupancy down_;
    occupancy up_;
    tlm_utils::peq_with_cb_and_phase<pcie_link> down_peq_;
    tlm_utils::peq_with_cb_and_phase<pcie_link> up_peq_;
    std::vector<tlp_observer*> observers_;
    uint64_t tlps_down_ = 0;
    uint64_t tlps_up_ = 0;
    uint64_t acks_ = 0;
};

} // namespace sriov::link
