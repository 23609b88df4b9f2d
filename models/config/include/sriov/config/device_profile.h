// Device description: everything that makes one SR-IOV device differ from another.
// Defaults model an Intel 82599 10 GbE NIC (see docs/config-space-map.md).
#pragma once

#include "sriov/config/capability_kind.h"

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace sriov::config {

enum class bar_kind : uint8_t { none, mem32, mem64, io };
// "none", "mem32", "mem64", "io": the description's spelling.
const char* to_string(bar_kind k);

struct bar_spec {
    bar_kind kind = bar_kind::none;
    bool prefetchable = false;
    uint64_t size = 0; // bytes, power of two; 0 for none
};

enum class offset_stride_rule : uint8_t { fixed, ari_dependent };

// --- Capability parameters --------------------------------------------------
// What differs between real devices, mostly as the raw register a user copies
// from a datasheet or `lspci -vvv`. The builders (capabilities*.cpp) give each
// field its attribute from the spec; docs/config-space-map.md lists them.
// Defaults are the 82599's.

// Power Management (PCI PM 1.2 3.2).
struct pm_params {
    uint16_t pmc = 0x0003;     // PM Capabilities: version 3, no D1/D2, no PME
    bool no_soft_reset = true; // PMCSR bit 3: D3hot->D0 keeps the function's state
};

// MSI (PCI 3.0 6.8.1): the register layout follows the two flags.
struct msi_params {
    bool address64 = true;
    bool per_vector_mask = false;
    uint8_t multiple_message_capable = 0; // log2 of the vectors requested, 0..5
};

// MSI-X (PCI 3.0 6.8.2). The table size is the profile's pf_msix_vectors /
// vf_msix_vectors (one value per function kind).
struct msix_params {
    uint8_t table_bir = 4; // BAR Indicator Register: 0..5, a memory BAR
    uint32_t table_offset = 0;
    uint8_t pba_bir = 4;
    uint32_t pba_offset = 0x2000;
};

// PCI Express capability (PCIe Base 7.5.3). Link speed and width come from
// link_gen / link_width.
struct pcie_params {
    uint32_t device_capabilities = 0x10008022; // MPS 512 B, extended tag, RBER, FLR
    uint16_t device_control = 0x2810;          // reset value: RO enable, no snoop, MRRS 512 B
    uint32_t link_capabilities = 0; // bits 31:10 (ASPM, L0s/L1 exit latency, clock PM, port number)
    bool slot_clock = true;         // Link Status Slot Clock Configuration
    uint32_t device_capabilities2 = 0x0000001F; // completion timeout ranges A-D, disable supported
    uint32_t link_capabilities2 = 0; // bits other than the Supported Link Speeds vector (7:1)
};

// Vendor Specific (cap ID 09h): `bytes` follow the 3-byte header (ID, next,
// length); the length byte is 3 + bytes.size().
// Vendor-Specific Extended (VSEC, 000Bh): `bytes` follow the 8-byte header;
// VSEC Length is 8 + bytes.size().
// Per-byte attribute masks: a bit set in rw_mask is RW, in rw1c_mask RW1C,
// otherwise RO; masks shorter than bytes leave the rest RO.
struct vendor_bytes {
    std::vector<uint8_t> bytes;
    std::vector<uint8_t> rw_mask;
    std::vector<uint8_t> rw1c_mask;
};
struct vendor_specific_params : vendor_bytes {};
struct vendor_specific_ext_params : vendor_bytes {
    uint16_t vsec_id = 0;
    uint8_t vsec_rev = 0; // 0..15
};

// Advanced Error Reporting (PCIe Base 7.8.4). *_supported: the error bits the
// function implements (status RW1CS, mask and severity RWS); the others are RsvdZ/RsvdP.
struct aer_params {
    uint8_t version = 2;                           // 1 or 2
    uint32_t uncorrectable_supported = 0x005FF030; // DLP, SDES, poisoned ... UR, internal
    uint32_t uncorrectable_mask = 0;               // reset value
    uint32_t uncorrectable_severity = 0x00462030;  // reset value (the spec's default)
    uint32_t correctable_supported = 0x0000F1C1;   // receiver ... header log overflow
    uint32_t correctable_mask = 0x0000E000;        // reset value (the spec's default)
    uint32_t capabilities =
        0; // Advanced Error Capabilities: ECRC generation (5) / check (7) capable, ...
};

// ARI (PCIe Base 7.8.7).
struct ari_params {
    uint8_t next_function = 0; // Next Function Number
};

// SR-IOV (SR-IOV 3.3): TotalVFs, InitialVFs, offset, stride, page sizes and
// VF BARs are profile fields; the capability has no parameters of its own.
struct sriov_params {};

// ATS (ATS 1.1 5.1). In a VF the queue depth must be 0 and STU is RsvdP (the PF's applies).
struct ats_params {
    uint8_t invalidate_queue_depth = 0; // 0..31, 0 = 32
    bool page_aligned_request = false;
    bool global_invalidate = false;
};

// ACS (PCIe Base 7.7.8): the ACS Capability register, bits 6:0 (source
// validation ... direct translated P2P); each one makes its control bit RW.
// Egress control (bit 5) and its vector are not modelled.
struct acs_params {
    uint16_t capability = 0;
};

// Device Serial Number (PCIe Base 7.9.3): the EUI-64.
struct dsn_params {
    uint64_t serial_number = 0;
};

// One alternative per capability_kind, in its order: the alternative held is the kind.
using capability_params =
    std::variant<pm_params, msi_params, msix_params, pcie_params, vendor_specific_params,
                 aer_params, ari_params, sriov_params, ats_params, acs_params, dsn_params,
                 vendor_specific_ext_params>;

// One capability of a function: where it sits and what it holds. A function's
// list is chained in list order (next pointers), standard and extended apart.
struct capability {
    uint16_t offset = 0;
    capability_params params;

    capability_kind kind() const { return static_cast<capability_kind>(params.index()); }
};
// A capability of `kind` at `offset` with the default parameters.
capability make_capability(capability_kind kind, uint16_t offset);

bool operator==(const pm_params& a, const pm_params& b);
bool operator==(const msi_params& a, const msi_params& b);
bool operator==(const msix_params& a, const msix_params& b);
bool operator==(const pcie_params& a, const pcie_params& b);
bool operator==(const vendor_specific_params& a, const vendor_specific_params& b);
bool operator==(const vendor_specific_ext_params& a, const vendor_specific_ext_params& b);
bool operator==(const aer_params& a, const aer_params& b);
bool operator==(const ari_params& a, const ari_params& b);
bool operator==(const sriov_params& a, const sriov_params& b);
bool operator==(const ats_params& a, const ats_params& b);
bool operator==(const acs_params& a, const acs_params& b);
bool operator==(const dsn_params& a, const dsn_params& b);
bool operator==(const capability& a, const capability& b);
inline bool operator!=(const capability& a, const capability& b) {
    return !(a == b);
}

// Everything that belongs to one PF: its routing ID, IDs, BARs, MSI-X table
// sizes, SR-IOV capability fields, the header fields of its VFs and the
// capability lists of the PF and of its VFs.
struct pf_description {
    uint16_t pf_rid = 0x0100; // 01:00.0
    uint16_t vendor_id = 0x8086;
    uint16_t device_id = 0x10FB;
    uint8_t revision_id = 0x01;
    uint32_t class_code = 0x020000;
    uint16_t subsys_vendor_id = 0x8086;
    uint16_t subsys_id = 0x000C;
    uint32_t vf_class_code = 0x020000;
    uint16_t vf_subsys_id = 0x000C;
    std::array<bar_spec, 6> pf_bars{}; // defaults filled by device_description::defaults()
    // MSI-X Table Size of the PF's / the VFs' MSI-X capability (unused without one).
    uint16_t pf_msix_vectors = 64;
    uint16_t vf_msix_vectors = 3;

    uint16_t initial_vfs = 64;
    uint16_t total_vfs = 64;
    uint16_t first_vf_offset = 0x180;
    uint16_t vf_stride = 2;
    offset_stride_rule offset_stride = offset_stride_rule::fixed;
    uint16_t vf_device_id = 0x10ED;
    uint32_t supported_page_sizes = 0x553;
    bool migration_capable = false;
    std::array<bar_spec, 6> vf_bars{};

    // SR-IOV Function Dependency Link (SR-IOV 3.3.8): the Function Number of
    // the PF this one depends on; unset: the PF's own.
    std::optional<uint8_t> function_dependency_link;

    // Capabilities of the PF and of every VF, chained in list order.
    std::vector<capability> pf_capabilities;
    std::vector<capability> vf_capabilities;
};

// A whole device: its PFs (each with its SR-IOV capability and VFs) and what
// they share (the link, readiness times, the endpoint's clock).
struct device_description {
    std::vector<pf_description> pfs; // at least one

    unsigned link_gen = 3;   // 1..6
    unsigned link_width = 4; // 1,2,4,8,12,16,32

    uint64_t reset_ready_ns = 100'000'000;
    uint64_t vf_enable_ready_ns = 100'000'000;
    uint64_t flr_ready_ns = 100'000'000;

    unsigned ep_cycles = 4; // endpoint processing clocks per request
    unsigned ep_clock_mhz = 250;

    // One PF, an Intel 82599 10 GbE NIC (docs/config-space-map.md), BARs and
    // capabilities included: PF PM@0x40, MSI-X@0x50, PCIe@0x70, ARI@0x100,
    // SR-IOV@0x160; VF MSI-X@0x50, PCIe@0x70, ARI@0x100.
    static device_description defaults();
};

// True when the PFs have the ARI capability: Function Numbers are 8 bits and
// the device is Device 0 of its bus (PCIe Base 6.13).
bool ari_device(const device_description& d);
// PF p's Function Number: the low 8 bits of its routing ID with ARI, else the low 3.
uint8_t function_number(const device_description& d, const pf_description& p);
// PF p's Function Dependency Link as the register reports it.
uint8_t function_dependency_link(const device_description& d, const pf_description& p);
// True for the lowest-numbered PF, whose ARI Capable Hierarchy is the device's.
bool lowest_pf(const device_description& d, const pf_description& p);
bool operator==(const bar_spec& a, const bar_spec& b);
inline bool operator!=(const bar_spec& a, const bar_spec& b) {
    return !(a == b);
}
// Every field equal: the same PF / device (the description round trips compare so).
bool operator==(const pf_description& a, const pf_description& b);
inline bool operator!=(const pf_description& a, const pf_description& b) {
    return !(a == b);
}
bool operator==(const device_description& a, const device_description& b);
inline bool operator!=(const device_description& a, const device_description& b) {
    return !(a == b);
}

// Thrown by validate()/parse with a message that names the offending field and value.
class profile_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Rejects impossible devices: TotalVFs over the routing-ID space, stride 0
// with TotalVFs > 1, InitialVFs != TotalVFs without VF Migration (0..TotalVFs
// with it), BAR sizes that are not a power of two, VF BARs below 4 KiB,
// page-size sets without 4 KiB, BAR apertures beyond the address space,
// capability lists that overlap, are misaligned or miss a required
// capability, ...; with several PFs also the rules of docs/config-space-map.md
// "Several PFs" (placement, VF routing IDs, ARI chain, dependency links).
// A message about PF i of several names its field "pf[i].field".
void validate(const device_description& d);

// The buses a root port forwards to its link: its Secondary..Subordinate Bus
// Numbers (a Type 1 header's 0x19 and 0x1A).
struct bus_range {
    uint8_t secondary = 0;
    uint8_t subordinate = 0;
};

// validate(p), and the device is reachable behind a root port forwarding
// `buses`: the PF's bus and every VF's (each First VF Offset / VF Stride the
// device can report) lie in the range. tb::platform checks its profile so
// against its root complex.
void validate(const device_description& d, const bus_range& buses);

// Device description files (TOML) are read by device_description.h.

} // namespace sriov::config
