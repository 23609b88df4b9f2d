// The configuration of the root complex and of its root port (reset values
// of the port's registers).
#pragma once

#include "sriov/pcie/access.h"

#include <cstdint>

namespace sriov::root_complex {

enum class coding_style : uint8_t { lt, at };
const char* to_string(coding_style s);

struct root_complex_config {
    coding_style mode = coding_style::lt;
    routing_id requester_id{0x0000}; // the root port's routing ID, 00:00.0
    uint8_t secondary_bus = 1;       // reset values of the root port's bus numbers:
    uint8_t subordinate_bus = 255;   // the buses forwarded to the link
    unsigned link_gen = 3;           // the root port's Link Capabilities / Status
    unsigned link_width = 4;
    unsigned clock_mhz = 1000;
    unsigned request_cycles = 150;    // ECAM decode to TLP at the link
    unsigned completion_cycles = 150; // completion at the link to data at the core
    unsigned max_outstanding = 4;     // non-posted config requests in flight
    // The root port's Max_Payload_Size / Max_Read_Request_Size in bytes (a
    // power of two 128..4096): the MMIO window's MWr / MRd pieces.
    unsigned max_payload_size = 128;
    unsigned max_read_request_size = 512;
    unsigned crs_retry_limit = 8;
    uint64_t crs_retry_interval_ps = 1'000'000;         // 1 us
    uint64_t completion_timeout_ps = 50'000'000'000ULL; // 50 ms (PCIe default range)
    bool crs_software_visibility = false;               // Root Control at reset
};

} // namespace sriov::root_complex
