// Capability lists (device_profile pf_capabilities / vf_capabilities): a
// layout unlike the 82599's walks as software walks it, with the model's own
// reads, and every field of the new capabilities has its spec attribute.
#include "config_test_util.h"

#include "default_layout.h"
#include "sriov/config/capabilities.h"
#include "sriov/pcie/registers.h"

#include <gtest/gtest.h>
#include <utility>
#include <vector>

using namespace sriov;
using namespace sriov::config;
using namespace sriov::config::testing;

namespace {

// One capability as a walk finds it: its ID (extended: ID | version << 16) and offset.
using found = std::pair<uint32_t, uint16_t>;

// Standard list from the Capabilities Pointer, as Linux pci_find_capability().
std::vector<found> walk_standard(sriov_device& d, routing_id fn) {
    std::vector<found> out;
    uint16_t at = static_cast<uint16_t>(rd(d, fn, reg::cap_ptr, 1));
    while (at != 0 && out.size() < 48) {
        out.emplace_back(rd(d, fn, at, 1), at);
        at = static_cast<uint16_t>(rd(d, fn, static_cast<uint16_t>(at + cap_field::next), 1));
    }
    return out;
}

// Extended list from 0x100, as Linux pci_find_next_ext_capability().
std::vector<found> walk_extended(sriov_device& d, routing_id fn) {
    std::vector<found> out;
    uint16_t at = reg::ext_cap_start;
    while (at != 0 && out.size() < 960) {
        const uint32_t header = rd(d, fn, at, 4);
        if (header == 0) {
            break;
        }
        out.emplace_back(header & 0xFFFFF, at);
        at = static_cast<uint16_t>(header >> ext_cap_header::next_shift);
    }
    return out;
}

uint32_t ext(uint16_t id, uint32_t version) {
    return id | version << ext_cap_header::version_shift;
}

// A device unlike the 82599: MSI instead of MSI-X in the PF, PM last, a
// vendor-specific capability, AER at 0x100 and SR-IOV at 0x200 after it,
// the VFs' MSI-X table in VF BAR0.
device_profile rearranged() {
    device_profile p = fast_profile();
    msi_params msi;
    msi.per_vector_mask = true;
    msi.multiple_message_capable = 2; // 4 vectors
    vendor_specific_params vs;
    vs.bytes = {0x11, 0x22, 0x33, 0x44, 0x55};
    vs.rw_mask = {0x00, 0xFF, 0x0F};
    vs.rw1c_mask = {0x00, 0x00, 0xF0};
    pm_params pm;
    pm.pmc = 0xC603; // PME from D0/D3hot/D3cold, D1 and D2 supported, version 3
    aer_params aer;
    aer.capabilities = bits::aer_ecrc_gen_capable;
    ats_params ats;
    ats.invalidate_queue_depth = 5;
    acs_params acs;
    acs.capability = 0x001F & ~bits::acs_cap_egress_control; // SV TB RR CR UF
    dsn_params dsn{0x0011223344556677};
    vendor_specific_ext_params vsec;
    vsec.vsec_id = 0x1234;
    vsec.vsec_rev = 2;
    vsec.bytes = {0xAA, 0xBB, 0xCC, 0xDD, 0xEE};
    vsec.rw_mask = {0x00, 0x00, 0x00, 0xFF};
    ari_params ari{0x07};
    p.pf_capabilities = {{0x48, msi},
                         make_capability(capability_kind::pcie, 0x60),
                         {0xA0, vs},
                         {0xC0, pm},
                         {0x100, aer},
                         {0x148, ats},
                         {0x150, dsn},
                         {0x160, acs},
                         make_capability(capability_kind::sriov, 0x200),
                         {0x180, ari},
                         {0x300, vsec}};
    msix_params vf_msix;
    vf_msix.table_bir = 0;
    vf_msix.pba_bir = 0;
    vf_msix.pba_offset = 0x2000;
    p.vf_capabilities = {make_capability(capability_kind::pcie, 0x40),
                         {0x80, vf_msix},
                         make_capability(capability_kind::ari, 0x100),
                         {0x140, aer},
                         {0x190, ats_params{}}};
    return p;
}

constexpr uint16_t sriov_at = 0x200;

void enable(sriov_device& d, uint16_t n) {
    wr(d, PF, sriov_at + sriov_field::num_vfs, 2, n, T / 2);
    wr(d, PF, sriov_at + sriov_field::ctrl, 2, bits::sriov_ctrl_vf_enable, T / 2);
}

// Writes all ones to `width` bytes at `off` and returns what reads back.
uint32_t write_ones(sriov_device& d, routing_id fn, uint16_t off, unsigned width) {
    const uint32_t ones = width == 4 ? 0xFFFFFFFFu : (1u << (8 * width)) - 1u;
    wr(d, fn, off, width, ones);
    return rd(d, fn, off, width);
}

class ConfigCapabilityLayout : public ::testing::Test {
protected:
    ConfigCapabilityLayout() : dev(rearranged()) {}
    sriov_device dev;
};

} // namespace

TEST_F(ConfigCapabilityLayout, PfListsWalkInListOrder) {
    EXPECT_NE(rd(dev, PF, reg::status, 2) & bits::status_cap_list, 0u);
    const std::vector<found> standard{{cap_id::msi, 0x48},
                                      {cap_id::pcie, 0x60},
                                      {cap_id::vendor_specific, 0xA0},
                                      {cap_id::pm, 0xC0}};
    EXPECT_EQ(walk_standard(dev, PF), standard);
    const std::vector<found> extended{{ext(ext_cap_id::aer, 2), 0x100},
                                      {ext(ext_cap_id::ats, 1), 0x148},
                                      {ext(ext_cap_id::dsn, 1), 0x150},
                                      {ext(ext_cap_id::acs, 1), 0x160},
                                      {ext(ext_cap_id::sriov, 1), 0x200},
                                      {ext(ext_cap_id::ari, 1), 0x180},
                                      {ext(ext_cap_id::vendor_specific, 1), 0x300}};
    EXPECT_EQ(walk_extended(dev, PF), extended);
    // Nothing where the 82599 had its MSI-X capability.
    EXPECT_EQ(rd(dev, PF, default_layout::msix_cap, 4), 0u);
}

TEST_F(ConfigCapabilityLayout, SriovWorksWhereTheListPutsIt) {
    EXPECT_EQ(rd(dev, PF, sriov_at + sriov_field::total_vfs, 2), 64u);
    enable(dev, 3);
    ASSERT_EQ(dev.active_vfs(), 3u);
    const routing_id vf2 = dev.vf_rid(2);
    EXPECT_EQ(vf2.value, PF.value + 0x180 + 2 * 2);
    EXPECT_EQ(rd(dev, vf2, reg::cap_ptr, 1), 0x40u);
    const std::vector<found> standard{{cap_id::pcie, 0x40}, {cap_id::msix, 0x80}};
    EXPECT_EQ(walk_standard(dev, vf2), standard);
    const std::vector<found> extended{{ext(ext_cap_id::ari, 1), 0x100},
                                      {ext(ext_cap_id::aer, 2), 0x140},
                                      {ext(ext_cap_id::ats, 1), 0x190}};
    EXPECT_EQ(walk_extended(dev, vf2), extended);
    EXPECT_EQ(rd(dev, vf2, 0x80 + msix_field::table, 4), 0x00000000u);
    EXPECT_EQ(rd(dev, vf2, 0x80 + msix_field::pba, 4), 0x00002000u);
    // NumVFs is locked while VF Enable = 1, at its new place too.
    wr(dev, PF, sriov_at + sriov_field::num_vfs, 2, 5);
    EXPECT_EQ(rd(dev, PF, sriov_at + sriov_field::num_vfs, 2), 3u);
    // A request for a VF that does not exist is logged in the PF's PCIe
    // capability (URD, and CED: an Advisory Non-Fatal UR) and its AER.
    EXPECT_EQ(dev.read(dev.vf_rid(3), 0, 4, T).status, completion_status::unsupported_request);
    EXPECT_EQ(rd(dev, PF, 0x60 + pcie_field::dev_status, 2),
              uint32_t{bits::dev_status_urd} | bits::dev_status_ced);
    EXPECT_EQ(rd(dev, PF, 0x100 + aer_field::uncor_status, 4), 1u << 20);
}

TEST_F(ConfigCapabilityLayout, EmptyExtendedListReadsZeroAt0x100) {
    device_profile p = fast_profile();
    p.pf_capabilities = {make_capability(capability_kind::pcie, 0x40),
                         make_capability(capability_kind::sriov, 0x100)};
    p.vf_capabilities = {make_capability(capability_kind::pcie, 0x40)};
    sriov_device d(p);
    wr(d, PF, 0x100 + sriov_field::num_vfs, 2, 1, T / 2);
    wr(d, PF, 0x100 + sriov_field::ctrl, 2, bits::sriov_ctrl_vf_enable, T / 2);
    ASSERT_EQ(d.active_vfs(), 1u);
    EXPECT_EQ(rd(d, d.vf_rid(0), reg::ext_cap_start, 4), 0u);
    EXPECT_EQ(walk_standard(d, d.vf_rid(0)), (std::vector<found>{{cap_id::pcie, 0x40}}));
    EXPECT_EQ(walk_extended(d, PF), (std::vector<found>{{ext(ext_cap_id::sriov, 1), 0x100}}));
}

TEST(ConfigCapabilityDefaults, The82599Layout) {
    sriov_device d(fast_profile());
    const std::vector<found> standard{{cap_id::pm, default_layout::pm_cap},
                                      {cap_id::msix, default_layout::msix_cap},
                                      {cap_id::pcie, default_layout::pcie_cap}};
    EXPECT_EQ(walk_standard(d, PF), standard);
    const std::vector<found> extended{{ext(ext_cap_id::ari, 1), default_layout::ari_header},
                                      {ext(ext_cap_id::sriov, 1), default_layout::sriov_header}};
    EXPECT_EQ(walk_extended(d, PF), extended);
    EXPECT_EQ(d.pf_layout().capability_offset(capability_kind::sriov),
              default_layout::sriov_header);
    EXPECT_EQ(d.pf_layout().capability_offset(capability_kind::msi), 0u);
    EXPECT_EQ(d.vf_layout().capability_offset(capability_kind::pm), 0u);
    EXPECT_EQ(d.vf_layout().capability_offset(capability_kind::msix), default_layout::msix_cap);
}

TEST_F(ConfigCapabilityLayout, MsiFields) {
    const uint16_t m = 0x48;
    // 64-bit, per-vector masking, Multiple Message Capable 2 (4 vectors).
    EXPECT_EQ(rd(dev, PF, m + msi_field::ctrl, 2), 0x0184u);
    // Enable and Multiple Message Enable are RW, the rest RO.
    EXPECT_EQ(write_ones(dev, PF, m + msi_field::ctrl, 2), 0x01F5u);
    EXPECT_EQ(write_ones(dev, PF, m + msi_field::address, 4), 0xFFFFFFFCu); // DW aligned
    EXPECT_EQ(write_ones(dev, PF, m + msi_field::address_hi, 4), 0xFFFFFFFFu);
    EXPECT_EQ(write_ones(dev, PF, m + msi_field::data64, 2), 0xFFFFu);
    EXPECT_EQ(write_ones(dev, PF, m + msi_field::mask64, 4), 0x0000000Fu); // one bit per vector
    EXPECT_EQ(write_ones(dev, PF, m + msi_field::pending64, 4), 0u);       // RO
}

TEST(ConfigCapabilityMsi, ThirtyTwoBitWithoutMasking) {
    device_profile p = fast_profile();
    msi_params msi;
    msi.address64 = false;
    p.pf_capabilities[1] = {default_layout::msix_cap, msi}; // replaces MSI-X
    sriov_device d(p);
    const uint16_t m = default_layout::msix_cap;
    EXPECT_EQ(rd(d, PF, m, 1), cap_id::msi);
    EXPECT_EQ(rd(d, PF, m + msi_field::ctrl, 2), 0x0000u);
    EXPECT_EQ(write_ones(d, PF, m + msi_field::ctrl, 2), 0x0071u);
    EXPECT_EQ(write_ones(d, PF, m + msi_field::data32, 2), 0xFFFFu);
    EXPECT_EQ(write_ones(d, PF, m + msi_field::data32 + 2, 2), 0u);
    EXPECT_EQ(capability_size(p.pf_capabilities[1]), 0x0Cu);
}

TEST_F(ConfigCapabilityLayout, PmFieldsFollowPmc) {
    const uint16_t pm = 0xC0;
    EXPECT_EQ(rd(dev, PF, pm + pm_field::pmc, 2), 0xC603u);
    // PME support: PME_En RW, PME_Status RW1C; PowerState RW.
    wr(dev, PF, pm + pm_field::pmcsr, 2, bits::pmcsr_pme_enable | 1u); // D1: supported here
    EXPECT_EQ(rd(dev, PF, pm + pm_field::pmcsr, 2),
              uint32_t{bits::pmcsr_no_soft_reset} | bits::pmcsr_pme_enable | 1u);
    dev.hw_set_status(PF, pm + pm_field::pmcsr, bits::pmcsr_pme_status);
    EXPECT_NE(rd(dev, PF, pm + pm_field::pmcsr, 2) & bits::pmcsr_pme_status, 0u);
    wr(dev, PF, pm + pm_field::pmcsr, 2, bits::pmcsr_pme_status | bits::pmcsr_pme_enable | 1u);
    EXPECT_EQ(rd(dev, PF, pm + pm_field::pmcsr, 2) & bits::pmcsr_pme_status, 0u);
}

TEST_F(ConfigCapabilityLayout, VendorSpecificBytesAndMasks) {
    const uint16_t v = 0xA0;
    EXPECT_EQ(rd(dev, PF, v + vendor_field::length, 1), 8u); // 3 + 5 bytes
    EXPECT_EQ(rd(dev, PF, v + vendor_field::data, 1), 0x11u);
    EXPECT_EQ(rd(dev, PF, v + 4, 4), 0x55443322u);
    wr(dev, PF, v + 4, 4, 0x0000A5A5); // byte 1 RW, byte 2 low nibble RW / high nibble RW1C
    EXPECT_EQ(rd(dev, PF, v + 4, 4), 0x554415A5u); // 0x33: RW1C bit 5 cleared, RW nibble 5
    wr(dev, PF, v + vendor_field::data, 1, 0xFF);  // RO
    EXPECT_EQ(rd(dev, PF, v + vendor_field::data, 1), 0x11u);
    const register_def* r = dev.pf_layout().at(v + 4);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->attr, reg_attr::rw);
}

TEST_F(ConfigCapabilityLayout, VendorSpecificExtendedHeaderAndBytes) {
    const uint16_t v = 0x300;
    // VSEC ID 0x1234, revision 2, length 8 + 5.
    EXPECT_EQ(rd(dev, PF, v + vsec_field::vsec_header, 4), 0x00D21234u);
    EXPECT_EQ(rd(dev, PF, v + vsec_field::data, 4), 0xDDCCBBAAu);
    EXPECT_EQ(write_ones(dev, PF, v + vsec_field::data, 4), 0xFFCCBBAAu);
    EXPECT_EQ(rd(dev, PF, v + vsec_field::data + 4, 1), 0xEEu);
}

TEST_F(ConfigCapabilityLayout, AerStickyStatusMaskSeverity) {
    const uint16_t a = 0x100;
    const aer_params defaults;
    // Status: RW1CS on the supported bits only.
    dev.hw_set_status(PF, a + aer_field::uncor_status, 0xFFFFFFFF);
    EXPECT_EQ(rd(dev, PF, a + aer_field::uncor_status, 4), defaults.uncorrectable_supported);
    wr(dev, PF, a + aer_field::uncor_status, 4, 1u << 20); // UR
    EXPECT_EQ(rd(dev, PF, a + aer_field::uncor_status, 4),
              defaults.uncorrectable_supported & ~(1u << 20));
    dev.hw_set_status(PF, a + aer_field::cor_status, 0xFFFFFFFF);
    EXPECT_EQ(rd(dev, PF, a + aer_field::cor_status, 4), defaults.correctable_supported);
    // Mask and severity: RWS on the supported bits, spec defaults at reset.
    EXPECT_EQ(rd(dev, PF, a + aer_field::uncor_mask, 4), 0u);
    EXPECT_EQ(write_ones(dev, PF, a + aer_field::uncor_mask, 4), defaults.uncorrectable_supported);
    EXPECT_EQ(rd(dev, PF, a + aer_field::uncor_severity, 4), 0x00462030u);
    EXPECT_EQ(rd(dev, PF, a + aer_field::cor_mask, 4), 0x0000E000u);
    EXPECT_EQ(write_ones(dev, PF, a + aer_field::cor_mask, 4), defaults.correctable_supported);
    // Capabilities and Control: ECRC generation capable, so its enable is RW.
    EXPECT_EQ(write_ones(dev, PF, a + aer_field::cap_ctrl, 4),
              bits::aer_ecrc_gen_capable | bits::aer_ecrc_gen_enable);
    EXPECT_EQ(write_ones(dev, PF, a + aer_field::header_log, 4), 0u);
    EXPECT_EQ(dev.pf_layout().at(a + aer_field::uncor_status)->attr, reg_attr::rw1cs);
    EXPECT_EQ(dev.pf_layout().at(a + aer_field::uncor_mask)->attr, reg_attr::rws);
    EXPECT_EQ(dev.pf_layout().at(a + aer_field::header_log)->attr, reg_attr::ros);
}

TEST_F(ConfigCapabilityLayout, AtsStuIsRsvdPInVfs) {
    EXPECT_EQ(rd(dev, PF, 0x148 + ats_field::cap, 2), 5u);
    EXPECT_EQ(write_ones(dev, PF, 0x148 + ats_field::ctrl, 2),
              uint32_t{bits::ats_ctrl_enable} | bits::ats_ctrl_stu);
    enable(dev, 1);
    const routing_id vf0 = dev.vf_rid(0);
    EXPECT_EQ(rd(dev, vf0, 0x190 + ats_field::cap, 2), 0u);
    EXPECT_EQ(write_ones(dev, vf0, 0x190 + ats_field::ctrl, 2), uint32_t{bits::ats_ctrl_enable});
}

TEST_F(ConfigCapabilityLayout, AcsControlFollowsCapability) {
    EXPECT_EQ(rd(dev, PF, 0x160 + acs_field::cap, 2), 0x001Fu);
    EXPECT_EQ(write_ones(dev, PF, 0x160 + acs_field::ctrl, 2), 0x001Fu);
    EXPECT_EQ(write_ones(dev, PF, 0x160 + acs_field::cap, 2), 0x001Fu); // RO
}

TEST_F(ConfigCapabilityLayout, DsnAndAriAreReadOnly) {
    EXPECT_EQ(write_ones(dev, PF, 0x150 + dsn_field::serial_low, 4), 0x44556677u);
    EXPECT_EQ(write_ones(dev, PF, 0x150 + dsn_field::serial_high, 4), 0x00112233u);
    EXPECT_EQ(write_ones(dev, PF, 0x180 + ari_field::cap, 2), 0x0700u); // next function 7
    EXPECT_EQ(write_ones(dev, PF, 0x180 + ari_field::ctrl, 2), 0u);
}

TEST(ConfigCapabilityPcie, ParametersReachTheRegisters) {
    device_profile p = fast_profile();
    pcie_params c;
    c.device_capabilities = 0x00008FC2;
    c.device_control = 0x2010;
    c.link_capabilities = 0x0503B800; // port 5, exit latencies, ASPM L1 support
    c.slot_clock = false;
    c.device_capabilities2 = 0x00000810; // LTR, CTO disable, no ranges
    c.link_capabilities2 = 0x00800000;
    p.pf_capabilities[2] = {default_layout::pcie_cap, c};
    sriov_device d(p);
    const uint32_t gen_width = 3u | 4u << 4;
    EXPECT_EQ(rd(d, PF, default_layout::dev_cap, 4), 0x00008FC2u);
    EXPECT_EQ(rd(d, PF, default_layout::dev_ctrl, 2), 0x2010u);
    EXPECT_EQ(rd(d, PF, default_layout::link_cap, 4), 0x0503B800u | gen_width);
    EXPECT_EQ(rd(d, PF, default_layout::link_status, 2), gen_width);
    EXPECT_EQ(rd(d, PF, default_layout::link_cap2, 4), 0x0080000Eu);
    // Device Control 2: only the features Device Capabilities 2 reports are RW.
    EXPECT_EQ(write_ones(d, PF, default_layout::dev_ctrl2, 2),
              uint32_t{bits::dev_ctrl2_cto_disable} | bits::dev_ctrl2_ltr_enable);
}

TEST_F(ConfigCapabilityLayout, AerStickyBitsSurviveFlr) {
    const uint16_t a = 0x100;
    dev.hw_set_status(PF, a + aer_field::uncor_status, 1u << 20);
    wr(dev, PF, a + aer_field::uncor_mask, 4, 1u << 14);
    wr(dev, PF, 0x48 + msi_field::data64, 2, 0x1234); // not sticky
    wr(dev, PF, 0x60 + pcie_field::dev_ctrl, 2, bits::dev_ctrl_initiate_flr);
    const uint64_t later = T + 1000;
    EXPECT_EQ(rd(dev, PF, a + aer_field::uncor_status, 4, later), 1u << 20);
    EXPECT_EQ(rd(dev, PF, a + aer_field::uncor_mask, 4, later), 1u << 14);
    EXPECT_EQ(rd(dev, PF, 0x48 + msi_field::data64, 2, later), 0u);
}
