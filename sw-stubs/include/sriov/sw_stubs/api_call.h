// One software API call as the call-log hook reports it.
#pragma once

#include <cstdint>
#include <string>
#include <systemc>
#include <vector>

namespace sriov::sw_stubs {

// Everything a transaction log / VCD layer needs to show one API call.
struct api_call_record {
    std::string family;           // "pci_virtualization", "ndis", "pcivirt"
    std::string api;              // documented routine name, e.g. "SetVirtualFunctionData"
    std::string arguments;        // "VirtualFunction=3 Offset=0x10 Length=4"
    int64_t result = 0;           // return value (bytes, NTSTATUS or NDIS_STATUS as signed)
    std::string result_text;      // "4 bytes", "STATUS_SUCCESS", ...
    bool refused = false;         // rejected by validation: no TLP was sent for it
    std::string reason;           // why it was refused or failed ("" on success)
    unsigned config_accesses = 0; // ECAM accesses issued
    unsigned tlps = 0;            // TLPs the root complex reported (retries included)
    unsigned crs_retries = 0;
    // In-flight failure: byte offsets (VF/PF config space) of the DWs written
    // successfully by the failing access before it failed; empty otherwise.
    std::vector<uint16_t> dws_written_before_failure;
    sc_core::sc_time start; // simulated time at the call
    sc_core::sc_time end;   // simulated time at return (after the last completion)
};

class api_call_observer {
public:
    virtual ~api_call_observer() = default;
    virtual void on_call(const api_call_record& record) = 0;
};

} // namespace sriov::sw_stubs
