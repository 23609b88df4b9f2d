// Register offsets, capability IDs and bit fields of the configuration space,
// by name (docs/config-space-map.md). This is the only place an offset is
// written: the model, the software stubs, the testbench, flows and tests use
// these names.
#pragma once

#include <cstdint>

namespace sriov {

// Capability IDs (PCI Code and ID Assignment spec).
namespace cap_id {
inline constexpr uint8_t pm = 0x01;
inline constexpr uint8_t msi = 0x05;
inline constexpr uint8_t vendor_specific = 0x09;
inline constexpr uint8_t pcie = 0x10;
inline constexpr uint8_t msix = 0x11;
} // namespace cap_id
namespace ext_cap_id {
inline constexpr uint16_t aer = 0x0001;
inline constexpr uint16_t dsn = 0x0003;
inline constexpr uint16_t vendor_specific = 0x000B;
inline constexpr uint16_t acs = 0x000D;
inline constexpr uint16_t ari = 0x000E;
inline constexpr uint16_t ats = 0x000F;
inline constexpr uint16_t sriov = 0x0010;
} // namespace ext_cap_id

// The two header bytes of every standard capability (PCI 3.0 6.7).
namespace cap_field {
inline constexpr uint16_t id = 0x00;
inline constexpr uint16_t next = 0x01;
} // namespace cap_field

// The extended capability header DW (PCIe Base 7.6.3): ID 15:0, version
// 19:16, next offset 31:20.
namespace ext_cap_header {
inline constexpr unsigned version_shift = 16;
inline constexpr unsigned next_shift = 20;
inline constexpr uint32_t id_mask = 0xFFFF;
inline constexpr uint32_t next_mask = 0xFFF;
} // namespace ext_cap_header

// Offsets inside the Power Management capability (PCI PM 1.2 3.2).
namespace pm_field {
inline constexpr uint16_t pmc = 0x02;
inline constexpr uint16_t pmcsr = 0x04;
inline constexpr uint16_t data = 0x06; // PMCSR_BSE and Data
inline constexpr uint16_t size = 0x08;
} // namespace pm_field

// Offsets inside the MSI capability (PCI 3.0 6.8.1); where Message Data and
// the mask registers sit depends on 64-bit addressing.
namespace msi_field {
inline constexpr uint16_t ctrl = 0x02;
inline constexpr uint16_t address = 0x04;
inline constexpr uint16_t address_hi = 0x08; // 64-bit only
inline constexpr uint16_t data32 = 0x08;
inline constexpr uint16_t data64 = 0x0C;
inline constexpr uint16_t mask32 = 0x0C; // per-vector masking only
inline constexpr uint16_t mask64 = 0x10;
inline constexpr uint16_t pending32 = 0x10;
inline constexpr uint16_t pending64 = 0x14;
} // namespace msi_field

// Offsets inside the PCI Express capability, from its Cap ID byte (PCIe 7.5.3).
namespace pcie_field {
inline constexpr uint16_t caps = 0x02;
inline constexpr uint16_t dev_cap = 0x04;
inline constexpr uint16_t dev_ctrl = 0x08;
inline constexpr uint16_t dev_status = 0x0A;
inline constexpr uint16_t link_cap = 0x0C;
inline constexpr uint16_t link_ctrl = 0x10;
inline constexpr uint16_t link_status = 0x12;
inline constexpr uint16_t dev_cap2 = 0x24;
inline constexpr uint16_t dev_ctrl2 = 0x28;
inline constexpr uint16_t link_cap2 = 0x2C;
inline constexpr uint16_t link_ctrl2 = 0x30;
// Ports only (Root Port: PCIe 7.5.3.9-7.5.3.14)
inline constexpr uint16_t slot_cap = 0x14;
inline constexpr uint16_t slot_ctrl = 0x18;
inline constexpr uint16_t slot_status = 0x1A;
inline constexpr uint16_t root_ctrl = 0x1C;
inline constexpr uint16_t root_cap = 0x1E;
inline constexpr uint16_t root_status = 0x20;
inline constexpr uint16_t dev_status2 = 0x2A;
inline constexpr uint16_t link_status2 = 0x32;
inline constexpr uint16_t size = 0x3C; // version 2, through Slot Status 2
} // namespace pcie_field

// Offsets inside the MSI-X capability, from its Cap ID byte (PCI 6.8.2).
namespace msix_field {
inline constexpr uint16_t ctrl = 0x02;
inline constexpr uint16_t table = 0x04;
inline constexpr uint16_t pba = 0x08;
inline constexpr uint16_t size = 0x0C;
} // namespace msix_field

// Offsets inside the Vendor Specific capability (PCI 3.0 6.7, cap ID 09h).
namespace vendor_field {
inline constexpr uint16_t length = 0x02; // bytes of the capability, header included
inline constexpr uint16_t data = 0x03;
} // namespace vendor_field

// Offsets inside the AER extended capability (PCIe Base 7.8.4); an endpoint
// implements up to the Header Log, the TLP Prefix Log follows at 0x38.
namespace aer_field {
inline constexpr uint16_t uncor_status = 0x04;
inline constexpr uint16_t uncor_mask = 0x08;
inline constexpr uint16_t uncor_severity = 0x0C;
inline constexpr uint16_t cor_status = 0x10;
inline constexpr uint16_t cor_mask = 0x14;
inline constexpr uint16_t cap_ctrl = 0x18;
inline constexpr uint16_t header_log = 0x1C;     // 4 DWs
inline constexpr uint16_t tlp_prefix_log = 0x38; // 4 DWs
// 0x2C..0x37 hold a Root Port's error registers (reserved in an endpoint,
// still part of the structure); the TLP Prefix Log is there only when the
// capability says so (Advanced Error Capabilities bit 11; Linux reads it
// only then). The I350 and 82576 place their next capability at +0x40.
inline constexpr uint16_t size = 0x38;
inline constexpr uint16_t size_with_prefix_log = 0x48;
} // namespace aer_field

// Offsets inside the ARI extended capability (PCIe Base 7.8.7).
namespace ari_field {
inline constexpr uint16_t cap = 0x04;
inline constexpr uint16_t ctrl = 0x06;
inline constexpr uint16_t size = 0x08;
} // namespace ari_field

// Offsets inside the ATS extended capability (ATS 1.1 5.1).
namespace ats_field {
inline constexpr uint16_t cap = 0x04;
inline constexpr uint16_t ctrl = 0x06;
inline constexpr uint16_t size = 0x08;
} // namespace ats_field

// Offsets inside the ACS extended capability (PCIe Base 7.7.8), without the
// Egress Control Vector.
namespace acs_field {
inline constexpr uint16_t cap = 0x04;
inline constexpr uint16_t ctrl = 0x06;
inline constexpr uint16_t size = 0x08;
} // namespace acs_field

// Offsets inside the Device Serial Number extended capability (PCIe Base 7.9.3).
namespace dsn_field {
inline constexpr uint16_t serial_low = 0x04;
inline constexpr uint16_t serial_high = 0x08;
inline constexpr uint16_t size = 0x0C;
} // namespace dsn_field

// Offsets inside the Vendor-Specific Extended capability (PCIe Base 7.9.5).
namespace vsec_field {
inline constexpr uint16_t vsec_header = 0x04; // VSEC ID 15:0, Rev 19:16, Length 31:20
inline constexpr uint16_t data = 0x08;
} // namespace vsec_field

// Offsets inside the SR-IOV extended capability, from its header (SR-IOV 3.3);
// software that finds the capability elsewhere adds these to its base.
namespace sriov_field {
inline constexpr uint16_t header = 0x00;
inline constexpr uint16_t caps = 0x04;
inline constexpr uint16_t ctrl = 0x08;
inline constexpr uint16_t status = 0x0A;
inline constexpr uint16_t initial_vfs = 0x0C;
inline constexpr uint16_t total_vfs = 0x0E;
inline constexpr uint16_t num_vfs = 0x10;
inline constexpr uint16_t fn_dep_link = 0x12;
inline constexpr uint16_t vf_offset = 0x14;
inline constexpr uint16_t vf_stride = 0x16;
inline constexpr uint16_t vf_device_id = 0x1A;
inline constexpr uint16_t supported_page_sizes = 0x1C;
inline constexpr uint16_t system_page_size = 0x20;
inline constexpr uint16_t vf_bar0 = 0x24;
inline constexpr uint16_t vf_migration_state = 0x3C;
inline constexpr uint16_t size = 0x40;
constexpr uint16_t vf_bar(unsigned n) {
    return static_cast<uint16_t>(vf_bar0 + 4 * n);
}
} // namespace sriov_field

// Byte offsets inside one function's 4 KiB configuration space: the Type 0
// header; capabilities sit wherever a device's lists place them.
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

inline constexpr uint16_t std_cap_start = 0x40;  // first byte after the Type 0 header
inline constexpr uint16_t ext_cap_start = 0x100; // first extended capability header
inline constexpr uint16_t config_space_size = 4096;

} // namespace reg

// The root port's Type 1 header (PCIe 7.5.1.3) and its PCI Express
// capability (docs/config-space-map.md, root port section).
namespace rp_reg {
inline constexpr uint16_t cache_line_size = 0x0C;
inline constexpr uint16_t primary_bus = 0x18;
inline constexpr uint16_t secondary_bus = 0x19;
inline constexpr uint16_t subordinate_bus = 0x1A;
inline constexpr uint16_t secondary_latency_timer = 0x1B;
inline constexpr uint16_t io_base = 0x1C;
inline constexpr uint16_t io_limit = 0x1D;
inline constexpr uint16_t secondary_status = 0x1E;
inline constexpr uint16_t memory_base = 0x20;
inline constexpr uint16_t memory_limit = 0x22;
inline constexpr uint16_t pref_memory_base = 0x24;
inline constexpr uint16_t pref_memory_limit = 0x26;
inline constexpr uint16_t pref_base_upper = 0x28;
inline constexpr uint16_t pref_limit_upper = 0x2C;
inline constexpr uint16_t io_base_upper = 0x30;
inline constexpr uint16_t io_limit_upper = 0x32;
inline constexpr uint16_t expansion_rom = 0x38;
inline constexpr uint16_t bridge_control = 0x3E;

inline constexpr uint16_t pcie_cap = 0x40;
inline constexpr uint16_t pcie_caps = pcie_cap + pcie_field::caps;
inline constexpr uint16_t dev_cap = pcie_cap + pcie_field::dev_cap;
inline constexpr uint16_t dev_ctrl = pcie_cap + pcie_field::dev_ctrl;
inline constexpr uint16_t dev_status = pcie_cap + pcie_field::dev_status;
inline constexpr uint16_t link_cap = pcie_cap + pcie_field::link_cap;
inline constexpr uint16_t link_ctrl = pcie_cap + pcie_field::link_ctrl;
inline constexpr uint16_t link_status = pcie_cap + pcie_field::link_status;
inline constexpr uint16_t slot_cap = pcie_cap + pcie_field::slot_cap;
inline constexpr uint16_t slot_ctrl = pcie_cap + pcie_field::slot_ctrl;
inline constexpr uint16_t slot_status = pcie_cap + pcie_field::slot_status;
inline constexpr uint16_t root_ctrl = pcie_cap + pcie_field::root_ctrl;
inline constexpr uint16_t root_cap = pcie_cap + pcie_field::root_cap;
inline constexpr uint16_t root_status = pcie_cap + pcie_field::root_status;
inline constexpr uint16_t dev_cap2 = pcie_cap + pcie_field::dev_cap2;
inline constexpr uint16_t dev_ctrl2 = pcie_cap + pcie_field::dev_ctrl2;
inline constexpr uint16_t dev_status2 = pcie_cap + pcie_field::dev_status2;
inline constexpr uint16_t link_cap2 = pcie_cap + pcie_field::link_cap2;
inline constexpr uint16_t link_ctrl2 = pcie_cap + pcie_field::link_ctrl2;
inline constexpr uint16_t link_status2 = pcie_cap + pcie_field::link_status2;
} // namespace rp_reg

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

inline constexpr uint16_t dev_ctrl_relaxed_ordering = 1u << 4;
inline constexpr uint16_t dev_ctrl_max_payload_size = 0x7u << 5;
inline constexpr uint16_t dev_ctrl_extended_tag = 1u << 8;
inline constexpr uint16_t dev_ctrl_no_snoop = 1u << 11;
inline constexpr uint16_t dev_ctrl_max_read_request_size = 0x7u << 12;
inline constexpr uint16_t dev_ctrl_initiate_flr = 1u << 15;
inline constexpr uint16_t link_ctrl_aspm_control = 0x3u << 0;
inline constexpr uint16_t link_ctrl_rcb = 1u << 3;
inline constexpr uint16_t link_ctrl_common_clock = 1u << 6;
inline constexpr uint16_t link_ctrl_extended_synch = 1u << 7;
inline constexpr uint16_t link_ctrl2_target_link_speed = 0xFu << 0;
inline constexpr uint16_t dev_status_ced = 1u << 0;
inline constexpr uint16_t dev_status_nfed = 1u << 1;
inline constexpr uint16_t dev_status_fed = 1u << 2;
inline constexpr uint16_t dev_status_urd = 1u << 3;
inline constexpr uint32_t dev_cap_role_based_errors = 1u << 15; // Role-Based Error Reporting
inline constexpr uint32_t dev_cap_flr = 1u << 28;
inline constexpr uint32_t dev_cap2_ari_forwarding = 1u << 5;  // ARI Forwarding Supported
inline constexpr uint16_t dev_ctrl2_ari_forwarding = 1u << 5; // ARI Forwarding Enable
inline constexpr uint16_t pcie_caps_port_type = 0x00F0;       // Device/Port Type, bits 7:4
inline constexpr uint16_t pcie_caps_root_port = 0x4u << 4;    // Device/Port Type = Root Port
inline constexpr uint16_t root_ctrl_crs_visibility = 1u << 4; // CRS Software Visibility Enable
inline constexpr uint16_t root_cap_crs_visibility = 1u << 0;  // CRS Software Visibility
inline constexpr uint8_t header_type_multi_function = 0x80;   // bit 7: Multi-Function Device
inline constexpr uint8_t header_type_bridge = 0x01;           // Type 1 header layout

inline constexpr uint16_t sriov_ctrl_vf_enable = 1u << 0;
inline constexpr uint16_t sriov_ctrl_vf_migration_enable = 1u << 1;
inline constexpr uint16_t sriov_ctrl_vf_migration_int_enable = 1u << 2;
inline constexpr uint16_t sriov_ctrl_vf_mse = 1u << 3;
inline constexpr uint16_t sriov_ctrl_ari_capable = 1u << 4;
inline constexpr uint16_t sriov_status_vf_migration = 1u << 0;

inline constexpr uint32_t bar_io = 0x1;
inline constexpr uint32_t bar_mem64 = 0x4;
inline constexpr uint32_t bar_prefetchable = 0x8;

inline constexpr uint16_t pmc_d1_support = 1u << 9;
inline constexpr uint16_t pmc_d2_support = 1u << 10;
inline constexpr uint16_t pmc_pme_support = 0x1Fu << 11;
inline constexpr uint16_t pmc_pme_d3cold = 1u << 15; // PME_Support from D3cold
inline constexpr uint16_t pmcsr_pme_enable = 1u << 8;
inline constexpr uint16_t pmcsr_pme_status = 1u << 15;

inline constexpr uint16_t msi_ctrl_enable = 1u << 0;
inline constexpr uint16_t msi_ctrl_multiple_message_enable = 0x7u << 4;
inline constexpr uint16_t msi_ctrl_64bit = 1u << 7;
inline constexpr uint16_t msi_ctrl_per_vector_mask = 1u << 8;
inline constexpr unsigned msi_ctrl_mmc_shift = 1;

inline constexpr uint32_t link_cap_speed_width = 0x3FF; // Max Link Speed 3:0, Width 9:4
inline constexpr uint16_t link_status_slot_clock = 1u << 12;
inline constexpr uint32_t link_cap2_speeds = 0x7Fu << 1;
inline constexpr uint32_t dev_cap2_cto_ranges = 0xF;
inline constexpr uint32_t dev_cap2_cto_disable = 1u << 4;
inline constexpr uint32_t dev_cap2_ltr = 1u << 11;
inline constexpr uint32_t dev_cap2_10bit_tag_requester = 1u << 17;
inline constexpr uint16_t dev_ctrl2_cto_value = 0xF;
inline constexpr uint16_t dev_ctrl2_cto_disable = 1u << 4;
inline constexpr uint16_t dev_ctrl2_ltr_enable = 1u << 10;
inline constexpr uint16_t dev_ctrl2_10bit_tag_requester_enable = 1u << 12;

inline constexpr uint32_t aer_first_error_pointer = 0x1F;
// Uncorrectable Error Status / Mask / Severity bits (PCIe Base 7.8.4.2).
inline constexpr uint32_t aer_uncor_malformed_tlp = 1u << 18;
inline constexpr uint32_t aer_uncor_unsupported_request = 1u << 20;
// Correctable Error Status bit 13 (7.8.4.5).
inline constexpr uint32_t aer_cor_advisory_non_fatal = 1u << 13;
inline constexpr uint32_t aer_ecrc_gen_capable = 1u << 5;
inline constexpr uint32_t aer_ecrc_gen_enable = 1u << 6;
inline constexpr uint32_t aer_ecrc_check_capable = 1u << 7;
inline constexpr uint32_t aer_ecrc_check_enable = 1u << 8;
inline constexpr uint32_t aer_multiple_header_capable = 1u << 9;
inline constexpr uint32_t aer_multiple_header_enable = 1u << 10;
inline constexpr uint32_t aer_tlp_prefix_log_present = 1u << 11;
inline constexpr uint32_t aer_cto_prefix_log_capable = 1u << 12;

inline constexpr uint16_t ari_cap_next_function_shift = 8;
inline constexpr uint16_t ats_cap_queue_depth = 0x1F;
inline constexpr uint16_t ats_cap_page_aligned = 1u << 5;
inline constexpr uint16_t ats_cap_global_invalidate = 1u << 6;
inline constexpr uint16_t ats_ctrl_stu = 0x1F;
inline constexpr uint16_t ats_ctrl_enable = 1u << 15;
inline constexpr uint16_t acs_cap_egress_control = 1u << 5;
inline constexpr uint16_t acs_cap_controls = 0x7F; // SV TB RR CR UF EC DT

// Fields a dump importer decodes (models/config dump_import).
inline constexpr uint16_t status_interrupt = 1u << 3;    // Interrupt Status (live)
inline constexpr uint32_t bar_mem_type = 0x6;            // 00 32-bit, 10 64-bit
inline constexpr uint16_t msix_ctrl_table_size = 0x07FF; // N - 1
inline constexpr uint32_t msix_bir = 0x7;                // Table / PBA BIR, bits 2:0
inline constexpr uint16_t msi_ctrl_mmc = 0x7u << 1;      // Multiple Message Capable
inline constexpr uint32_t link_cap_max_speed = 0xF;
inline constexpr unsigned link_cap_width_shift = 4;
inline constexpr uint32_t link_cap_width = 0x3Fu << 4;
inline constexpr uint32_t sriov_caps_migration = 1u << 0; // VF Migration Capable
inline constexpr uint16_t dev_status_live = 0x0030; // AUX Power Detected, Transactions Pending
inline constexpr uint32_t vsec_length_shift = 20;   // VSEC Length, bits 31:20 of the VSEC header

} // namespace bits

} // namespace sriov
