// Test-only ECAM target standing in for the root complex until it exists:
// applies each access to a sriov::config::sriov_device DW by DW with byte
// enables, fills sriov::config_access_extension, retries CRS, answers UR/CA,
// CRS exhaustion and timeouts as TLM_GENERIC_ERROR_RESPONSE, and can be told
// to fail at a given DW. Counts every access and DW request it sees.
#pragma once

#include "sriov/config/sriov_device.h"
#include "sriov/pcie/config_access.h"

#include <cstdint>
#include <optional>
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <vector>

namespace sriov::test {

class test_ecam_target : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<test_ecam_target> ecam;

    test_ecam_target(const sc_core::sc_module_name& name, config::sriov_device& dev);

    struct dw_event {
        uint16_t rid;
        uint16_t dw_offset; // byte offset, DW aligned
        uint8_t byte_enable;
        bool write;
        uint32_t data;
        completion_status status;
    };

    // Fault injection: the n-th DW request from now (0 = the next) answers
    // `status` (or gets no completion when `timeout`), once.
    void fail_dw_after(unsigned n, completion_status status);
    void timeout_dw_after(unsigned n);
    void clear_faults() { fault_.reset(); }

    unsigned accesses() const { return accesses_; }       // b_transport calls
    unsigned dw_requests() const { return dw_requests_; } // TLPs (retries included)
    const std::vector<dw_event>& log() const { return log_; }
    void clear_log() { log_.clear(); }

    sc_core::sc_time per_tlp_latency = sc_core::sc_time(800, sc_core::SC_NS);
    sc_core::sc_time crs_retry_interval = sc_core::sc_time(1, sc_core::SC_US);
    sc_core::sc_time completion_timeout = sc_core::sc_time(50, sc_core::SC_MS);
    unsigned crs_retry_limit = 8;

private:
    void b_transport(int id, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

    struct fault {
        unsigned countdown;
        bool timeout;
        completion_status status;
    };
    config::sriov_device& dev_;
    std::optional<fault> fault_;
    unsigned accesses_ = 0;
    unsigned dw_requests_ = 0;
    std::vector<dw_event> log_;
};

} // namespace sriov::test
