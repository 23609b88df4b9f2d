// The register layouts of a device's functions: the Type 0 header and the
// capability lists of the profile, each capability at its offset with its
// next pointer in list order (docs/config-space-map.md, table by table).
#pragma once

#include "sriov/config/device_profile.h"
#include "sriov/config/register_file.h"

namespace sriov::config {

// The layouts of PF `pf` of the device and of its VFs.
register_layout build_pf_layout(const device_description& d, size_t pf = 0);
register_layout build_vf_layout(const device_description& d, size_t pf = 0);

// Bytes a capability occupies from its offset (its registers, rounded up to
// whole DWs): what validate() checks for overlaps and the builders fill.
uint16_t capability_size(const capability& c);

// BAR helpers shared by header BARs and VF BARs.
uint32_t bar_type_bits(const bar_spec& b);
// RW masks of the low and (for mem64) high DW for a BAR of `size` bytes.
uint32_t bar_low_mask(const bar_spec& b, uint64_t size);
uint32_t bar_high_mask(uint64_t size);

// First VF Offset / VF Stride as the capability reports them.
uint16_t reported_first_vf_offset(const pf_description& p, bool ari);
uint16_t reported_vf_stride(const pf_description& p, bool ari);

} // namespace sriov::config
