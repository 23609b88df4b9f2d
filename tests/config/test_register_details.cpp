// Register-level rules of docs/config-space-map.md beyond the VF tables:
// VF Link registers against the PF's, PMCSR PME context across FLR and the
// D3hot -> D0 internal reset, a VF's Device Serial Number, every capability
// of a kind in the layout, and validate() reasons in device description keys.
#include "config_test_util.h"
#include "default_layout.h"
#include "sriov/config/device_description.h"
#include "sriov/pcie/registers.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace sriov;
using namespace sriov::config;
using namespace sriov::config::testing;

namespace {

constexpr uint16_t pme_bits = bits::pmcsr_pme_enable | bits::pmcsr_pme_status;
constexpr uint16_t pmc_pme_d0_d3hot = 0x4803; // version 3, PME from D0 and D3hot
constexpr uint16_t pmc_pme_d3cold = 0xC803;   // ... and from D3cold

void enable_vfs(sriov_device& dev, uint16_t n) {
    wr(dev, PF, default_layout::sriov_num_vfs, 2, n, T / 2);
    wr(dev, PF, default_layout::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable, T / 2);
}

void flr(sriov_device& dev, routing_id fn, uint64_t now = T) {
    wr(dev, fn, default_layout::dev_ctrl, 2, bits::dev_ctrl_initiate_flr, now);
}

// --- VF Link registers (PCIe Base 9.3.5) ----------------------------------------

TEST(VfLinkRegisters, CapabilitiesAreThePfsStatusIsRsvdZ) {
    device_profile p = fast_profile();
    p.link_gen = 4;
    p.link_width = 8;
    auto& pf_pcie = std::get<pcie_params>(p.pf_capabilities[2].params);
    pf_pcie.link_capabilities = 0x00447C00; // ASPM L0s/L1, exit latencies, clock PM
    pf_pcie.link_capabilities2 = 0x00800000;
    // The VF entry leaves them 0: the VF gets the PF's.
    sriov_device dev(p);
    enable_vfs(dev, 2);
    const routing_id vf = dev.vf_rid(1);
    EXPECT_EQ(rd(dev, vf, default_layout::link_cap, 4), rd(dev, PF, default_layout::link_cap, 4));
    EXPECT_EQ(rd(dev, vf, default_layout::link_cap, 4), 0x00447C84u);
    EXPECT_EQ(rd(dev, vf, default_layout::link_cap2, 4), rd(dev, PF, default_layout::link_cap2, 4));
    EXPECT_EQ(rd(dev, PF, default_layout::link_status, 2), 0x1084u); // Gen4 x8, Slot Clock
    EXPECT_EQ(rd(dev, vf, default_layout::link_status, 2), 0u);
    EXPECT_EQ(dev.vf_layout().find("link_status")->attr, reg_attr::rsvdz);
    EXPECT_EQ(dev.vf_layout().find("link_status2")->attr, reg_attr::rsvdz);
    EXPECT_EQ(rd(dev, vf, default_layout::link_cap2, 4), 0x0080001Eu);
    // Repeating them is accepted; a VF whose Link Capabilities differ is refused.
    std::get<pcie_params>(p.vf_capabilities[1].params).link_capabilities = 0x00447C00;
    EXPECT_NO_THROW(validate(p));
    std::get<pcie_params>(p.vf_capabilities[1].params).link_capabilities = 0x00047C00;
    EXPECT_THROW(
        {
            try {
                validate(p);
            } catch (const profile_error& e) {
                EXPECT_STREQ(e.what(), "vf_capabilities[1] (pcie).link_capabilities = 0x47C00: a "
                                       "VF's Link Capabilities must be its PF's, 0x447C00");
                throw;
            }
        },
        profile_error);
}

// --- PMCSR PME context (PCI PM 1.2 3.2.4, 5.4.1; PCIe Base 7.5.2.2, 6.6.2) -----

device_profile with_pm(uint16_t pmc, bool no_soft_reset) {
    device_profile p = fast_profile();
    auto& pm = std::get<pm_params>(p.pf_capabilities[0].params);
    pm.pmc = pmc;
    pm.no_soft_reset = no_soft_reset;
    // The VFs get the same PM capability, first in their list.
    p.vf_capabilities.insert(p.vf_capabilities.begin(), {reg::pm_cap, pm});
    return p;
}

uint16_t pme_context(sriov_device& dev, routing_id fn, uint64_t now = T) {
    return static_cast<uint16_t>(rd(dev, fn, default_layout::pmcsr, 2, now) & pme_bits);
}

void arm_pme(sriov_device& dev, routing_id fn) {
    wr(dev, fn, default_layout::pmcsr, 2, bits::pmcsr_pme_enable);
    dev.hw_set_status(fn, default_layout::pmcsr, bits::pmcsr_pme_status); // the function signals
    ASSERT_EQ(pme_context(dev, fn), pme_bits);
}

TEST(PmcsrPmeContext, StickyAcrossFlrWhenPmeFromD3cold) {
    sriov_device dev(with_pm(pmc_pme_d3cold, true));
    EXPECT_EQ(dev.pf_layout().sticky_byte(default_layout::pmcsr + 1), pme_bits >> 8);
    arm_pme(dev, PF);
    flr(dev, PF);
    EXPECT_EQ(pme_context(dev, PF, T + 30), pme_bits);
    dev.reset(T + 40); // power-on reset, no Aux power modelled: sticky bits too
    EXPECT_EQ(pme_context(dev, PF, T + 100), 0u);
}

TEST(PmcsrPmeContext, PlainRwAndRw1cWithoutPmeFromD3cold) {
    sriov_device dev(with_pm(pmc_pme_d0_d3hot, true));
    arm_pme(dev, PF);
    flr(dev, PF);
    EXPECT_EQ(pme_context(dev, PF, T + 30), 0u);
}

TEST(PmcsrPmeContext, NoPmeSupportNoBits) {
    sriov_device dev(with_pm(0x0003, true));
    wr(dev, PF, default_layout::pmcsr, 2, 0xFFFF);
    dev.hw_set_status(PF, default_layout::pmcsr, bits::pmcsr_pme_status);
    EXPECT_EQ(pme_context(dev, PF), 0u);
}

// D3hot -> D0 without No_Soft_Reset: the function resets internally and
// keeps only sticky bits (not the FLR-kept Max_Payload_Size); the VFs go.
TEST(PmD3hotToD0, InternalResetKeepsOnlyStickyBits) {
    sriov_device dev(with_pm(pmc_pme_d3cold, false));
    wr(dev, PF, reg::command, 2, bits::command_bus_master);
    wr(dev, PF, default_layout::dev_ctrl, 2, 0x2830); // MPS 256 B
    arm_pme(dev, PF);
    enable_vfs(dev, 4);
    wr(dev, PF, default_layout::pmcsr, 2, bits::pmcsr_pme_enable | 3); // D3hot
    EXPECT_EQ(dev.active_vfs(), 4u);
    wr(dev, PF, default_layout::pmcsr, 2, bits::pmcsr_pme_enable); // D0
    EXPECT_EQ(rd(dev, PF, reg::command, 2), 0u);
    EXPECT_EQ(rd(dev, PF, default_layout::dev_ctrl, 2), 0x2810u);
    EXPECT_EQ(pme_context(dev, PF), pme_bits);
    EXPECT_EQ(rd(dev, PF, default_layout::pmcsr, 2) & bits::pmcsr_power_state, 0u);
    EXPECT_EQ(dev.active_vfs(), 0u);
}

TEST(PmD3hotToD0, NoSoftResetKeepsState) {
    sriov_device dev(with_pm(pmc_pme_d3cold, true));
    wr(dev, PF, reg::command, 2, bits::command_bus_master);
    enable_vfs(dev, 4);
    wr(dev, PF, default_layout::pmcsr, 2, 3);
    wr(dev, PF, default_layout::pmcsr, 2, 0);
    EXPECT_EQ(rd(dev, PF, reg::command, 2), bits::command_bus_master);
    EXPECT_EQ(dev.active_vfs(), 4u);
}

// A VF with PM follows the same rules on its own registers only.
TEST(PmD3hotToD0, VfInternalResetIsTheVfsOnly) {
    sriov_device dev(with_pm(pmc_pme_d3cold, false));
    enable_vfs(dev, 4);
    const routing_id vf = dev.vf_rid(2);
    const routing_id other = dev.vf_rid(1);
    wr(dev, vf, reg::command, 2, bits::command_bus_master);
    wr(dev, other, reg::command, 2, bits::command_bus_master);
    arm_pme(dev, vf);
    wr(dev, vf, default_layout::pmcsr, 2, bits::pmcsr_pme_enable | 3);
    wr(dev, vf, default_layout::pmcsr, 2, bits::pmcsr_pme_enable);
    EXPECT_EQ(rd(dev, vf, reg::command, 2), 0u);
    EXPECT_EQ(pme_context(dev, vf), pme_bits);
    EXPECT_EQ(rd(dev, other, reg::command, 2), bits::command_bus_master);
    // Its PME context also survives a VF FLR.
    flr(dev, vf);
    EXPECT_EQ(pme_context(dev, vf, T + 30), pme_bits);
}

// --- Device Serial Number (PCIe Base 9.3.7, SR-IOV 1.1 3.7) --------------------

device_profile with_dsn(uint64_t pf_serial, uint64_t vf_serial, bool pf_has = true) {
    device_profile p = fast_profile();
    if (pf_has) {
        p.pf_capabilities.push_back({0x1A0, dsn_params{pf_serial}});
    }
    p.vf_capabilities.push_back({0x108, dsn_params{vf_serial}});
    return p;
}

std::string refusal(const device_profile& p) {
    try {
        validate(p);
    } catch (const profile_error& e) {
        return e.what();
    }
    return "accepted";
}

TEST(VfDeviceSerialNumber, IsThePfs) {
    sriov_device dev(with_dsn(0x0012'34FF'FE56'789Aull, 0x0012'34FF'FE56'789Aull));
    enable_vfs(dev, 2);
    const uint16_t dsn = dev.vf_layout().capability_offset(capability_kind::dsn);
    const uint16_t pf_dsn = dev.pf_layout().capability_offset(capability_kind::dsn);
    for (uint16_t f : {dsn_field::serial_low, dsn_field::serial_high}) {
        EXPECT_EQ(rd(dev, dev.vf_rid(1), static_cast<uint16_t>(dsn + f), 4),
                  rd(dev, PF, static_cast<uint16_t>(pf_dsn + f), 4));
    }
    EXPECT_EQ(refusal(with_dsn(0x0012'34FF'FE56'789Aull, 0x0012'34FF'FE56'789Bull)),
              "vf_capabilities[3] (dsn).serial_number = 0x1234FFFE56789B: a VF's Device Serial "
              "Number must be its PF's, 0x1234FFFE56789A");
    EXPECT_EQ(refusal(with_dsn(0, 7, false)),
              "vf_capabilities[3] (dsn).kind = dsn: a VF has a Device Serial Number only when "
              "its PF has one (the PF's)");
}

// --- Every capability of a kind -------------------------------------------------

TEST(CapabilityOffsets, EveryOneOfAKindInListOrder) {
    device_profile p = fast_profile();
    vendor_specific_params v;
    v.bytes = {1, 2, 3};
    p.pf_capabilities.push_back({0xC0, v});
    p.pf_capabilities.push_back({0xB0, v});
    sriov_device dev(p);
    const register_layout& l = dev.pf_layout();
    EXPECT_EQ(l.capability_offsets(capability_kind::vendor_specific),
              (std::vector<uint16_t>{0xC0, 0xB0}));
    EXPECT_EQ(l.capability_offset(capability_kind::vendor_specific), 0xC0);
    EXPECT_EQ(l.capability_offsets(capability_kind::pcie), (std::vector<uint16_t>{0x70}));
    EXPECT_TRUE(l.capability_offsets(capability_kind::msi).empty());
    // Both are where the walk finds them: 0xC0's next is 0xB0, the last one.
    EXPECT_EQ(rd(dev, PF, 0xC0 + cap_field::next, 1), 0xB0u);
    EXPECT_EQ(rd(dev, PF, 0xB0 + cap_field::next, 1), 0u);
}

// --- validate() reasons in description keys (docs/device-description.md) -------

std::string description_error(const std::string& body) {
    try {
        parse_device_description(body, "d.toml");
    } catch (const profile_error& e) {
        return e.what();
    }
    return "accepted";
}

const std::string pf_head = "[pf]\nvendor_id = 0x8086\ndevice_id = 0x10FB\n";
const std::string sriov_head = "[pf.sriov]\ntotal_vfs = 64\nvf_device_id = 0x10ED\n";

TEST(DescriptionReasons, NameKeysNotProfileFields) {
    EXPECT_EQ(description_error(pf_head + sriov_head + "initial_vfs = 8\n"),
              "d.toml:7:15: pf.sriov.initial_vfs = 8: must equal pf.sriov.total_vfs = 64 unless "
              "pf.sriov.migration_capable = true");
    EXPECT_EQ(description_error(pf_head +
                                "[pf.bars]\nbar0 = { kind = \"mem64\", size = 4096 }\n"
                                "bar1 = { kind = \"mem32\", size = 4096 }\n" +
                                sriov_head),
              "d.toml:6:8: pf.bars.bar1 = mem32 4096: this BAR is the upper half of mem64 "
              "pf.bars.bar0 and must be none");
    EXPECT_EQ(description_error(pf_head + sriov_head +
                                "[[pf.capability]]\ntype = \"pcie\"\noffset = 0x70\n"
                                "[[pf.capability]]\ntype = \"pm\"\noffset = 0x70\n"
                                "[[pf.capability]]\ntype = \"sriov\"\noffset = 0x100\n"),
              "d.toml:12:10: pf.capability[1].offset = 0x70: overlaps pf.capability[0] (pcie at "
              "0x70..0xAB)");
}

} // namespace
