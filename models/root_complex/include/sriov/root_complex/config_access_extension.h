// Optional generic-payload extension an initiator attaches to a config access
// at the root complex's ECAM socket; the root complex fills it in.
#pragma once

#include "sriov/config/access.h"

#include <cstdint>
#include <tlm>

namespace sriov {

struct config_access_extension : tlm::tlm_extension<config_access_extension> {
    // Filled by the root complex:
    unsigned tlps_sent = 0;     // requests put on the link (retries included)
    unsigned dws_completed = 0; // DWs completed with SC before the first failure
    bool failed = false;
    bool timed_out = false;     // the failing DW got no completion in time
    uint16_t failed_offset = 0; // byte offset of the failing DW (DW aligned)
    completion_status failed_status = completion_status::successful;
    unsigned crs_retries = 0;
    uint64_t latency_ps = 0; // request accepted -> last completion

    tlm::tlm_extension_base* clone() const override { return new config_access_extension(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const config_access_extension&>(other);
    }
};

} // namespace sriov
