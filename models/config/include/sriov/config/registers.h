// Register offsets and bit fields of the configuration space, by name
// (docs/config-space-map.md). Every layer and test uses these names instead
// of raw numbers.
#pragma once

#include <cstdint>

namespace sriov::config {

// Byte offsets inside one function's 4 KiB configuration space.
namespace reg {

// Type 0 header (PF and VF)
inline constexpr uint16_t vendor_id = 0x00;
inline constexpr uint16_t device_id = 0x02;
inline constexpr uint16_t command = 0x04;
inline constexpr uint16_t status = 0x06;
inline constexpr uint16_t revision_id = 0x08;
inline constexpr uint16_t class_code = 0x09; // 3 bytes, prog-if at 0x09
inline constexpr uint16_t cache_line_size = 0x0C;
inline constexpr uint16_t latency_timer = 0x0D;
inline constexpr uint16_t header_type = 0x0E;
inline constexpr uint16_t bist = 0x0F;
inline constexpr uint16_t bar0 = 0x10;
inline constexpr uint16_t cardbus_cis = 0x28;
inline constexpr uint16_t subsys_vendor_id = 0x2C;
inline constexpr uint16_t subsys_id = 0x2E;
inline constexpr uint16_t expansion_rom = 0x30;
inline constexpr uint16_t cap_ptr = 0x34;
inline constexpr uint16_t interrupt_line = 0x3C;
inline constexpr uint16_t interrupt_pin = 0x3D;
constexpr uint16_t bar(unsigned n) {
    return static_cast<uint16_t>(bar0 + 4 * n);
}

// Power Management capability (PF only)
inline constexpr uint16_t pm_cap = 0x40; // Cap ID
inline constexpr uint16_t pm_next = 0x41;
inline constexpr uint16_t pmc = 0x42;
inline constexpr uint16_t pmcsr = 0x44;
inline constexpr uint16_t pm_data = 0x46;

// MSI-X capability (PF and VF)
inline constexpr uint16_t msix_cap = 0x50;
inline constexpr uint16_t msix_next = 0x51;
inline constexpr uint16_t msix_ctrl = 0x52;
inline constexpr uint16_t msix_table = 0x54;
inline constexpr uint16_t msix_pba = 0x58;

// PCI Express capability (PF and VF)
inline constexpr uint16_t pcie_cap = 0x70;
inline constexpr uint16_t pcie_next = 0x71;
inline constexpr uint16_t pcie_caps = 0x72;
inline constexpr uint16_t dev_cap = 0x74;
inline constexpr uint16_t dev_ctrl = 0x78;
inline constexpr uint16_t dev_status = 0x7A;
inline constexpr uint16_t link_cap = 0x7C;
inline constexpr uint16_t link_ctrl = 0x80;
inline constexpr uint16_t link_status = 0x82;
inline constexpr uint16_t dev_cap2 = 0x94;
inline constexpr uint16_t dev_ctrl2 = 0x98;
inline constexpr uint16_t link_cap2 = 0x9C;
inline constexpr uint16_t link_ctrl2 = 0xA0;

// ARI extended capability (PF and VF)
inline constexpr uint16_t ari_header = 0x100;
inline constexpr uint16_t ari_cap = 0x104;
inline constexpr uint16_t ari_ctrl = 0x106;

// SR-IOV extended capability (PF only)
inline constexpr uint16_t sriov_header = 0x160;
inline constexpr uint16_t sriov_caps = 0x164;
inline constexpr uint16_t sriov_ctrl = 0x168;
inline constexpr uint16_t sriov_status = 0x16A;
inline constexpr uint16_t sriov_initial_vfs = 0x16C;
inline constexpr uint16_t sriov_total_vfs = 0x16E;
inline constexpr uint16_t sriov_num_vfs = 0x170;
inline constexpr uint16_t sriov_fn_dep_link = 0x172;
inline constexpr uint16_t sriov_vf_offset = 0x174;
inline constexpr uint16_t sriov_vf_stride = 0x176;
inline constexpr uint16_t sriov_vf_device_id = 0x17A;
inline constexpr uint16_t sriov_supported_page_sizes = 0x17C;
inline constexpr uint16_t sriov_system_page_size = 0x180;
inline constexpr uint16_t sriov_vf_bar0 = 0x184;
inline constexpr uint16_t sriov_vf_migration_state = 0x19C;
constexpr uint16_t sriov_vf_bar(unsigned n) {
    return static_cast<uint16_t>(sriov_vf_bar0 + 4 * n);
}

inline constexpr uint16_t config_space_size = 4096;

} // namespace reg

// Bit fields, named after the register they belong to.
namespace bits {

inline constexpr uint16_t command_io = 1u << 0;
inline constexpr uint16_t command_mem = 1u << 1;
inline constexpr uint16_t command_bus_master = 1u << 2;
inline constexpr uint16_t command_parity = 1u << 6;
inline constexpr uint16_t command_serr = 1u << 8;
inline constexpr uint16_t command_intx_disable = 1u << 10;

inline constexpr uint16_t status_cap_list = 1u << 4;
inline constexpr uint16_t status_master_data_parity = 1u << 8;
inline constexpr uint16_t status_detected_parity = 1u << 15;

inline constexpr uint16_t pmcsr_power_state = 0x0003;
inline constexpr uint16_t pmcsr_no_soft_reset = 1u << 3;

inline constexpr uint16_t msix_ctrl_function_mask = 1u << 14;
inline constexpr uint16_t msix_ctrl_enable = 1u << 15;

inline constexpr uint16_t dev_ctrl_initiate_flr = 1u << 15;
inline constexpr uint16_t dev_status_ced = 1u << 0;
inline constexpr uint16_t dev_status_nfed = 1u << 1;
inline constexpr uint16_t dev_status_fed = 1u << 2;
inline constexpr uint16_t dev_status_urd = 1u << 3;

inline constexpr uint16_t sriov_ctrl_vf_enable = 1u << 0;
inline constexpr uint16_t sriov_ctrl_vf_migration_enable = 1u << 1;
inline constexpr uint16_t sriov_ctrl_vf_migration_int_enable = 1u << 2;
inline constexpr uint16_t sriov_ctrl_vf_mse = 1u << 3;
inline constexpr uint16_t sriov_ctrl_ari_capable = 1u << 4;
inline constexpr uint16_t sriov_status_vf_migration = 1u << 0;

inline constexpr uint32_t bar_io = 0x1;
inline constexpr uint32_t bar_mem64 = 0x4;
inline constexpr uint32_t bar_prefetchable = 0x8;

} // namespace bits

} // namespace sriov::config
