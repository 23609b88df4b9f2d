// The capability structures a function's configuration space can hold
// (PCI Code and ID Assignment spec): standard ones in 0x40..0xFF, reached from
// the header's Capabilities Pointer, extended ones from 0x100.
#pragma once

#include <cstdint>

namespace sriov::config {

enum class capability_kind : uint8_t {
    pm,                 // Power Management, cap ID 01h
    msi,                // MSI, 05h
    msix,               // MSI-X, 11h
    pcie,               // PCI Express, 10h
    vendor_specific,    // Vendor Specific, 09h
    aer,                // Advanced Error Reporting, extended 0001h
    ari,                // Alternative Routing-ID Interpretation, 000Eh
    sriov,              // Single Root I/O Virtualization, 0010h
    ats,                // Address Translation Services, 000Fh
    acs,                // Access Control Services, 000Dh
    dsn,                // Device Serial Number, 0003h
    vendor_specific_ext // Vendor-Specific Extended (VSEC), 000Bh
};
inline constexpr unsigned capability_kind_count = 12;

// The name used in messages and device descriptions ("pm", "msix", "vendor_specific_ext", ...).
const char* to_string(capability_kind k);
// True for the kinds that live in the extended space (0x100..0xFFF).
bool is_extended(capability_kind k);

} // namespace sriov::config
