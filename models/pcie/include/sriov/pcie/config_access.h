// The result of one configuration access at the root complex's ECAM socket,
// and the generic-payload extension that carries it. The root complex fills
// it in; the LT transport returns it; the API layer and the scenario runner
// read this one type (docs/interfaces.md).
#pragma once

#include "sriov/pcie/access.h"

#include <atomic>
#include <cstdint>
#include <tlm>

namespace sriov {

struct config_access_result {
    // TLM_OK_RESPONSE; TLM_GENERIC_ERROR_RESPONSE when a DW failed in flight;
    // TLM_ADDRESS/COMMAND_ERROR_RESPONSE when the access was refused (no TLP).
    tlm::tlm_response_status response = tlm::TLM_INCOMPLETE_RESPONSE;
    unsigned tlps_sent = 0;     // requests put on the link (retries included)
    unsigned dws_completed = 0; // DWs completed with SC before the first failure
    bool failed = false;        // a DW failed (response TLM_GENERIC_ERROR_RESPONSE)
    bool timed_out = false;     // the failing DW got no completion in time
    uint16_t failed_offset = 0; // byte offset of the failing DW (DW aligned)
    completion_status failed_status = completion_status::successful;
    unsigned crs_retries = 0;
    uint64_t latency_ps = 0; // request accepted -> last completion

    bool ok() const { return response == tlm::TLM_OK_RESPONSE; }
    // Failed in flight (after TLPs could have been sent), as opposed to refused.
    bool failed_in_flight() const { return response == tlm::TLM_GENERIC_ERROR_RESPONSE; }
    // CRS after the last retry (the function was not ready).
    bool crs_exhausted() const {
        return failed && !timed_out && failed_status == completion_status::config_request_retry;
    }
};

// Optional extension an initiator attaches to a config access at the ECAM
// socket; the root complex resets and fills `result`.
struct config_access_extension : tlm::tlm_extension<config_access_extension> {
    config_access_result result;

    config_access_extension() { ++alive_; }
    config_access_extension(const config_access_extension& other)
        : tlm::tlm_extension<config_access_extension>(), result(other.result) {
        ++alive_;
    }
    config_access_extension& operator=(const config_access_extension&) = default;
    ~config_access_extension() override { --alive_; }

    tlm::tlm_extension_base* clone() const override { return new config_access_extension(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const config_access_extension&>(other);
    }

    // How many exist: with none, no payload can carry one, and the root
    // complex's per-TLP paths skip tlm_generic_payload::get_extension (out of
    // line in libsystemc). A number, to merge with other tests.
    static unsigned long alive() { return alive_.load(std::memory_order_relaxed); }

private:
    inline static std::atomic<unsigned long> alive_{0};
};

} // namespace sriov
