// A loosely-timed TLP initiator bound straight to the endpoint's port: the
// tlp_host the stimulus sequences drive. Each request is a generic payload
// carrying a tlp_extension, sent with b_transport and the quantum keeper's
// local time as the annotated delay (so the endpoint applies it, and the RTL
// shadow drives it, at sc_time_stamp() + delay).
#pragma once

#include "sriov/crosscheck/rtl_shadow.h"
#include "sriov/crosscheck/stimulus.h"
#include "sriov/endpoint/sriov_endpoint.h"
#include "sriov/tlp/tlp_extension.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/tlm_quantumkeeper.h>

namespace sriov::crosscheck {

class tlp_source : public sc_core::sc_module, public tlp_host, public tlm::tlm_bw_transport_if<> {
public:
    tlm::tlm_initiator_socket<> socket;

    // shadow may be null (TLM only: checkpoints then do nothing).
    tlp_source(sc_core::sc_module_name name, endpoint::sriov_endpoint& ep, rtl_shadow* shadow);
    ~tlp_source() override;

    tlp send(const tlp& request) override;
    void advance_ns(uint64_t ns) override;
    uint64_t now_ns() const override;
    void reset() override;
    void checkpoint() override;
    void sync() { qk_.sync(); }

    uint64_t sent() const { return sent_; }

private:
    void sync_if_due(); // yields to the kernel once the quantum is used up
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload&, tlm::tlm_phase&,
                                       sc_core::sc_time&) override {
        return tlm::TLM_COMPLETED;
    }
    void invalidate_direct_mem_ptr(sc_dt::uint64, sc_dt::uint64) override {}

    endpoint::sriov_endpoint& ep_;
    rtl_shadow* shadow_;
    tlm_utils::tlm_quantumkeeper qk_;
    tlm::tlm_generic_payload gp_;
    tlp_extension* ext_;
    uint8_t data_[4] = {};
    uint64_t sent_ = 0;
};

} // namespace sriov::crosscheck
