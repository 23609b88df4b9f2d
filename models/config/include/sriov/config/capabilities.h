// Capability builders: each declares the registers of one structure (name,
// offset, width, reset, masks, attribute, side-effect hooks) into a layout,
// following docs/config-space-map.md table by table.
#pragma once

#include "sriov/config/device_profile.h"
#include "sriov/config/register_file.h"

namespace sriov::config {

void add_type0_header_pf(register_layout& l, const device_profile& p);
void add_type0_header_vf(register_layout& l, const device_profile& p);
void add_pm_cap(register_layout& l);                                     // PF 0x40
void add_msix_cap(register_layout& l, const device_profile& p, bool vf); // 0x50
void add_pcie_cap(register_layout& l, const device_profile& p, bool vf); // 0x70
void add_ari_cap(register_layout& l, bool vf);                           // 0x100
void add_sriov_cap(register_layout& l, const device_profile& p);         // PF 0x160

register_layout build_pf_layout(const device_profile& p);
register_layout build_vf_layout(const device_profile& p);

// BAR helpers shared by header BARs and VF BARs.
uint32_t bar_type_bits(const bar_spec& b);
// RW masks of the low and (for mem64) high DW for a BAR of `size` bytes.
uint32_t bar_low_mask(const bar_spec& b, uint64_t size);
uint32_t bar_high_mask(uint64_t size);

// First VF Offset / VF Stride as the capability reports them.
uint16_t reported_first_vf_offset(const device_profile& p, bool ari);
uint16_t reported_vf_stride(const device_profile& p, bool ari);

} // namespace sriov::config
