// Device profile: everything that makes one SR-IOV device differ from another.
// Defaults model an Intel 82599 10 GbE NIC (see docs/config-space-map.md).
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace sriov::config {

enum class bar_kind : uint8_t { none, mem32, mem64, io };

struct bar_spec {
    bar_kind kind = bar_kind::none;
    bool prefetchable = false;
    uint64_t size = 0; // bytes, power of two; 0 for none
};

enum class offset_stride_rule : uint8_t { fixed, ari_dependent };

struct device_profile {
    uint16_t pf_rid = 0x0100; // 01:00.0
    uint16_t vendor_id = 0x8086;
    uint16_t device_id = 0x10FB;
    uint8_t revision_id = 0x01;
    uint32_t class_code = 0x020000;
    uint16_t subsys_vendor_id = 0x8086;
    uint16_t subsys_id = 0x000C;
    uint32_t vf_class_code = 0x020000;
    uint16_t vf_subsys_id = 0x000C;
    std::array<bar_spec, 6> pf_bars{}; // defaults filled by the constructor-like factory
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

    unsigned link_gen = 3;   // 1..6
    unsigned link_width = 4; // 1,2,4,8,12,16,32

    uint64_t reset_ready_ns = 100'000'000;
    uint64_t vf_enable_ready_ns = 100'000'000;
    uint64_t flr_ready_ns = 100'000'000;

    unsigned ep_cycles = 4; // endpoint processing clocks per request
    unsigned ep_clock_mhz = 250;

    // The 82599-like defaults, BARs included.
    static device_profile defaults();
};

// Thrown by validate()/parse with a message that names the offending field and value.
class profile_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Rejects impossible devices: TotalVFs over the routing-ID space, stride 0
// with TotalVFs > 1, InitialVFs 0 or > TotalVFs, BAR sizes that are not a
// power of two, VF BARs below 4 KiB, page-size sets without 4 KiB, BAR
// apertures beyond the address space, ...
void validate(const device_profile& p);

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
void validate(const device_profile& p, const bus_range& buses);

// Device description files (TOML) are read by device_description.h.

} // namespace sriov::config
