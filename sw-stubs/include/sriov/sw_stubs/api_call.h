// One software API call as the call-log hook reports it: structured
// arguments, the return value with its kind, and how the call ended. Printing
// and logging layers format from these fields; nothing is decided from text.
#pragma once

#include <cstdint>
#include <string>
#include <systemc>
#include <vector>

namespace sriov::sw_stubs {

enum class api_family : uint8_t {
    pci_virtualization, // wdm.h PCI_VIRTUALIZATION_INTERFACE (pci.sys)
    ndis,               // ndis.h NdisM* routines and the PF miniport's OIDs
    pcivirt,            // pcivirt.h SRIOV_DEVICE_INTERFACE_STANDARD callbacks
};
const char* to_string(api_family f); // "pci_virtualization", "ndis", "pcivirt"

// What the routine's return value means.
enum class result_kind : uint8_t {
    bytes,       // ULONG bytes transferred (0 on failure)
    ntstatus,    // NTSTATUS
    ndis_status, // NDIS_STATUS
    none,        // VOID routine
};

enum class call_outcome : uint8_t {
    succeeded,
    refused,  // rejected by validation before any TLP was sent
    rejected, // rejected after reading the device's state (e.g. no SR-IOV capability)
    failed,   // a config access failed in flight (UR, CA, CRS given up, timeout), or
              // the device did not do what was asked (VF Enable did not take effect)
};

// One argument as the documented prototype names it.
struct api_argument {
    enum class style : uint8_t { decimal, signed_decimal, hex, pointer };
    const char* name;
    uint64_t value;
    style format = style::decimal;
};

// Everything a transaction log / VCD layer needs to show one API call.
struct api_call_record {
    api_family family = api_family::pci_virtualization;
    const char* api = ""; // documented routine name, e.g. "SetVirtualFunctionData"
    std::vector<api_argument> arguments;
    int64_t result = 0; // return value (bytes, NTSTATUS or NDIS_STATUS as signed)
    result_kind kind = result_kind::none;
    call_outcome outcome = call_outcome::succeeded;
    std::string reason;           // why it was refused or failed ("" on success)
    unsigned config_accesses = 0; // ECAM accesses issued
    unsigned tlps = 0;            // TLPs the root complex reported (retries included)
    unsigned crs_retries = 0;
    // In-flight failure: byte offsets (VF/PF config space) of the DWs written
    // successfully by the failing access before it failed; empty otherwise.
    std::vector<uint16_t> dws_written_before_failure;
    sc_core::sc_time start; // simulated time at the call
    sc_core::sc_time end;   // simulated time at return (after the last completion)

    bool refused() const { return outcome == call_outcome::refused; }
};

// "VirtualFunction=3 Offset=0x10 Length=4" (pointers as %p prints them).
std::string format_arguments(const std::vector<api_argument>& args);
// "4 bytes", "STATUS_SUCCESS", "NDIS_STATUS_FAILURE", "VOID".
std::string result_text(result_kind kind, int64_t result);

class api_call_observer {
public:
    virtual ~api_call_observer() = default;
    virtual void on_call(const api_call_record& record) = 0;
};

} // namespace sriov::sw_stubs
