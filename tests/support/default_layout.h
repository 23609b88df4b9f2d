// Register offsets of the built-in device's layout (device_profile::defaults(),
// the 82599 of docs/config-space-map.md): PM 0x40, MSI-X 0x50, PCI Express
// 0x70, ARI 0x100, SR-IOV 0x160. For tests of that device only; product code
// finds capabilities through the model's layout or by walking the lists
// (sriov/pcie/capability_walk.h), so it cannot use these by accident.
#pragma once

#include "sriov/pcie/registers.h"

#include <cstdint>

namespace sriov::default_layout {

// Power Management capability (PF only)
inline constexpr uint16_t pm_cap = reg::pm_cap; // Cap ID
inline constexpr uint16_t pmcsr = pm_cap + pm_field::pmcsr;

// MSI-X capability (PF and VF)
inline constexpr uint16_t msix_cap = reg::msix_cap;
inline constexpr uint16_t msix_ctrl = msix_cap + msix_field::ctrl;

// PCI Express capability (PF and VF)
inline constexpr uint16_t pcie_cap = reg::pcie_cap;
inline constexpr uint16_t dev_cap = pcie_cap + pcie_field::dev_cap;
inline constexpr uint16_t dev_ctrl = pcie_cap + pcie_field::dev_ctrl;
inline constexpr uint16_t dev_status = pcie_cap + pcie_field::dev_status;
inline constexpr uint16_t link_cap = pcie_cap + pcie_field::link_cap;
inline constexpr uint16_t link_ctrl = pcie_cap + pcie_field::link_ctrl;
inline constexpr uint16_t link_status = pcie_cap + pcie_field::link_status;
inline constexpr uint16_t link_status2 = pcie_cap + pcie_field::link_status2;
inline constexpr uint16_t dev_ctrl2 = pcie_cap + pcie_field::dev_ctrl2;
inline constexpr uint16_t link_cap2 = pcie_cap + pcie_field::link_cap2;
inline constexpr uint16_t link_ctrl2 = pcie_cap + pcie_field::link_ctrl2;

// ARI extended capability (PF and VF)
inline constexpr uint16_t ari_header = reg::ari_header;
inline constexpr uint16_t ari_ctrl = ari_header + ari_field::ctrl;

// SR-IOV extended capability (PF only)
inline constexpr uint16_t sriov_header = reg::sriov_header;
inline constexpr uint16_t sriov_ctrl = sriov_header + sriov_field::ctrl;
inline constexpr uint16_t sriov_initial_vfs = sriov_header + sriov_field::initial_vfs;
inline constexpr uint16_t sriov_total_vfs = sriov_header + sriov_field::total_vfs;
inline constexpr uint16_t sriov_num_vfs = sriov_header + sriov_field::num_vfs;
inline constexpr uint16_t sriov_vf_offset = sriov_header + sriov_field::vf_offset;
inline constexpr uint16_t sriov_vf_stride = sriov_header + sriov_field::vf_stride;
inline constexpr uint16_t sriov_supported_page_sizes =
    sriov_header + sriov_field::supported_page_sizes;
inline constexpr uint16_t sriov_system_page_size = sriov_header + sriov_field::system_page_size;
constexpr uint16_t sriov_vf_bar(unsigned n) {
    return static_cast<uint16_t>(sriov_header + sriov_field::vf_bar(n));
}

} // namespace sriov::default_layout
