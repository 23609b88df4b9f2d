// A direct MMIO port into the endpoint's functions (LT), until the root
// complex has its MMIO window: a plain TLM memory access (bus address, read
// or write, data) becomes the MRd/MWr TLPs a root complex sends (split by
// Max_Read_Request_Size / Max_Payload_Size), each answered by mem_completer;
// the delay adds each TLP's link latency (link_timing, with its payload) and
// the endpoint's processing time. MSI-X messages leave on `upstream` as
// 4-byte writes at their Message Address. Not through the root complex or
// the link module (docs/data-path.md says what is still to wire). An AT
// initiator's request completes in its nb_transport_fw call.
#pragma once

#include "sriov/endpoint/mem_completer.h"
#include "sriov/endpoint/sriov_endpoint.h"
#include "sriov/link/link_timing.h"

#include <cstdint>
#include <systemc>
#include <tlm>

namespace sriov::endpoint {

struct mmio_params {
    uint32_t max_payload = 128;      // bytes per MWr and per CplD
    uint32_t max_read_request = 512; // bytes per MRd
    uint32_t rcb = 64;               // the completer's Read Completion Boundary
    routing_id requester;            // the root complex: 00:00.0
};

class mmio_port : public sc_core::sc_module,
                  public tlm::tlm_fw_transport_if<>,
                  public tlm::tlm_bw_transport_if<> {
public:
    tlm::tlm_target_socket<> mmio;
    // Optional: unbound, messages are counted and dropped.
    tlm::tlm_initiator_socket<32, tlm::tlm_base_protocol_types, 1, sc_core::SC_ZERO_OR_MORE_BOUND>
        upstream;

    mmio_port(sc_core::sc_module_name name, sriov_endpoint& endpoint, link::link_config link,
              mmio_params params = {});

    mem_completer& completer() { return completer_; }

    // The function model of `function` signals MSI-X vector `vector`: the
    // message goes upstream now (with Bus Master Enable), or pends.
    msix_outcome raise(routing_id function, uint16_t vector);

    uint64_t messages_sent() const { return messages_sent_; }
    uint64_t messages_blocked() const { return messages_blocked_; } // Bus Master Enable 0

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) override;
    // AT initiators: BEGIN_REQ is answered at once (TLM_COMPLETED, the
    // access's time in `delay`), as b_transport does it.
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override;
    bool get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) override { return false; }
    unsigned transport_dbg(tlm::tlm_generic_payload&) override { return 0; }
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload&, tlm::tlm_phase&,
                                       sc_core::sc_time&) override {
        return tlm::TLM_COMPLETED;
    }
    void invalidate_direct_mem_ptr(sc_dt::uint64, sc_dt::uint64) override {}

    tlm::tlm_response_status access(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void refresh();
    bar_hit function_of(routing_id fn) const;
    void sync_msix(const bar_hit& fn);
    void send(const std::vector<msi_message>& messages, routing_id from, sc_core::sc_time& delay);
    sc_core::sc_time link_ps(link::direction dir, const mem_tlp& t) const;

    sriov_endpoint& endpoint_;
    link::link_config link_;
    mmio_params params_;
    mem_completer completer_;
    uint16_t next_tag_ = 0;
    uint64_t messages_sent_ = 0;
    uint64_t messages_blocked_ = 0;
};

} // namespace sriov::endpoint
