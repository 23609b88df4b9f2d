// validate() on the capability lists: every rule refuses with a message that
// names the entry, the field and the value (docs/device-description.md).
#include "sriov/config/capabilities.h"
#include "sriov/config/device_profile.h"
#include "sriov/pcie/registers.h"

#include <functional>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace sriov;
using namespace sriov::config;

namespace {

void expect_invalid(const device_profile& p, const std::vector<std::string>& fragments) {
    try {
        validate(p);
        ADD_FAILURE() << "profile accepted";
    } catch (const profile_error& e) {
        const std::string m = e.what();
        for (const std::string& f : fragments) {
            EXPECT_NE(m.find(f), std::string::npos) << "'" << f << "' missing in: " << m;
        }
    }
}

template <typename Params>
Params& params(std::vector<capability>& list, size_t i) {
    return std::get<Params>(list[i].params);
}

struct rule {
    const char* what;
    std::function<void(device_profile&)> change;
    std::vector<std::string> fragments;
};

// Indices in the default lists: PF pm, msix, pcie, ari, sriov; VF msix, pcie, ari.
const std::vector<rule> rules = {
    {"standard capability in the header",
     [](device_profile& p) { p.pf_capabilities[0].offset = 0x3C; },
     {"pf_capabilities[0] (pm).offset = 0x3C", "0x40..0xFF"}},
    {"standard capability past 0xFF",
     [](device_profile& p) { p.pf_capabilities[2].offset = 0xD0; },
     {"pf_capabilities[2] (pcie).offset = 0xD0", "0x40..0xFF", "ends at 0x10B"}},
    {"misaligned",
     [](device_profile& p) { p.vf_capabilities[0].offset = 0x52; },
     {"vf_capabilities[0] (msix).offset = 0x52", "DW aligned"}},
    {"extended capability below 0x100",
     [](device_profile& p) { p.pf_capabilities[4].offset = 0xC0; },
     {"pf_capabilities[4] (sriov).offset = 0xC0", "0x100..0xFFF"}},
    {"extended capability past 0xFFF",
     [](device_profile& p) { p.pf_capabilities[4].offset = 0xFE0; },
     {"pf_capabilities[4] (sriov).offset = 0xFE0", "ends at 0x101F"}},
    {"first extended capability not at 0x100",
     [](device_profile& p) { p.vf_capabilities[2].offset = 0x140; },
     {"vf_capabilities[2] (ari).offset = 0x140", "first extended capability", "0x100"}},
    {"overlapping standard capabilities",
     [](device_profile& p) { p.pf_capabilities[1].offset = 0x44; },
     {"pf_capabilities[1] (msix).offset = 0x44", "overlaps pf_capabilities[0] (pm at 0x40..0x47)"}},
    {"overlapping extended capabilities",
     [](device_profile& p) { p.pf_capabilities[4].offset = 0x104; },
     {"pf_capabilities[4] (sriov).offset = 0x104", "overlaps pf_capabilities[3] (ari"}},
    {"two of a kind",
     [](device_profile& p) {
         p.pf_capabilities.push_back(make_capability(capability_kind::pm, 0xC0));
     },
     {"pf_capabilities[5] (pm).kind = pm", "one pm capability", "pf_capabilities[0]"}},
    {"no PCIe capability in the PF",
     [](device_profile& p) { p.pf_capabilities.erase(p.pf_capabilities.begin() + 2); },
     {"pf_capabilities = no pcie"}},
    {"no PCIe capability in the VFs",
     [](device_profile& p) { p.vf_capabilities.erase(p.vf_capabilities.begin() + 1); },
     {"vf_capabilities = no pcie"}},
    {"no SR-IOV capability",
     [](device_profile& p) { p.pf_capabilities.pop_back(); },
     {"pf_capabilities = no sriov"}},
    {"SR-IOV in a VF",
     [](device_profile& p) {
         p.vf_capabilities.push_back(make_capability(capability_kind::sriov, 0x160));
     },
     {"vf_capabilities = sriov", "a VF has no SR-IOV capability"}},
    {"ARI in the PF only",
     [](device_profile& p) { p.vf_capabilities.pop_back(); },
     {"vf_capabilities = no ari", "the PF has ARI"}},
    {"ARI in the VFs only",
     [](device_profile& p) {
         p.pf_capabilities.erase(p.pf_capabilities.begin() + 3);
         p.pf_capabilities[3].offset = 0x100;
     },
     {"vf_capabilities = ari", "only when the PF has it"}},
    {"MSI-X BIR out of range",
     [](device_profile& p) { params<msix_params>(p.pf_capabilities, 1).table_bir = 6; },
     {"pf_capabilities[1] (msix).table_bir = 6", "0..5"}},
    {"MSI-X table in a missing BAR",
     [](device_profile& p) { params<msix_params>(p.vf_capabilities, 0).table_bir = 1; },
     {"vf_capabilities[0] (msix).table_bir = 1", "vf_bar1 is not a memory BAR"}},
    {"MSI-X PBA in an io BAR",
     [](device_profile& p) { params<msix_params>(p.pf_capabilities, 1).pba_bir = 2; },
     {"pf_capabilities[1] (msix).pba_bir = 2", "pf_bar2 is not a memory BAR"}},
    {"MSI-X table past its BAR",
     [](device_profile& p) { params<msix_params>(p.pf_capabilities, 1).table_offset = 0x3E00; },
     {"pf_capabilities[1] (msix).table_offset = 0x3E00", "1024 bytes for 64 vectors",
      "pf_bar4 (16384 bytes)"}},
    {"MSI-X table offset not QW aligned",
     [](device_profile& p) { params<msix_params>(p.pf_capabilities, 1).table_offset = 0x1004; },
     {"pf_capabilities[1] (msix).table_offset = 0x1004", "8-byte aligned"}},
    {"MSI-X PBA over the table",
     [](device_profile& p) { params<msix_params>(p.pf_capabilities, 1).pba_offset = 0x200; },
     {"pf_capabilities[1] (msix).pba_offset = 0x200", "overlaps the table (0x0..0x3FF"}},
    {"MSI asks for more than 32 vectors",
     [](device_profile& p) {
         msi_params m;
         m.multiple_message_capable = 6;
         p.pf_capabilities[1] = {0x50, m};
     },
     {"pf_capabilities[1] (msi).multiple_message_capable = 6", "0..5"}},
    {"link speed bits in link_capabilities",
     [](device_profile& p) { params<pcie_params>(p.pf_capabilities, 2).link_capabilities = 0x43; },
     {"pf_capabilities[2] (pcie).link_capabilities = 0x43", "link_gen and link_width"}},
    {"speeds in link_capabilities2",
     [](device_profile& p) { params<pcie_params>(p.vf_capabilities, 1).link_capabilities2 = 0x2; },
     {"vf_capabilities[1] (pcie).link_capabilities2 = 0x2", "link_gen"}},
    {"vendor-specific too long",
     [](device_profile& p) {
         vendor_specific_params v;
         v.bytes.resize(253);
         p.pf_capabilities.push_back({0xB0, v});
     },
     {"pf_capabilities[5] (vendor_specific).bytes = 253 bytes", "252"}},
    {"vendor mask longer than the bytes",
     [](device_profile& p) {
         vendor_specific_params v;
         v.bytes = {1};
         v.rw_mask = {0xFF, 0xFF};
         p.pf_capabilities.push_back({0xB0, v});
     },
     {"pf_capabilities[5] (vendor_specific).rw_mask = 2 bytes", "longer than bytes (1)"}},
    {"vendor RW and RW1C on one bit",
     [](device_profile& p) {
         vendor_specific_ext_params v;
         v.bytes = {1, 2};
         v.rw_mask = {0x00, 0x81};
         v.rw1c_mask = {0x00, 0x01};
         p.vf_capabilities.push_back({0x200, v});
     },
     {"vf_capabilities[3] (vendor_specific_ext).rw1c_mask = byte 1 0x01", "overlaps rw_mask 0x81"}},
    {"VSEC too long",
     [](device_profile& p) {
         vendor_specific_ext_params v;
         v.bytes.resize(4088);
         p.pf_capabilities.push_back({0x400, v});
     },
     {"pf_capabilities[5] (vendor_specific_ext).bytes = 4088 bytes", "4087"}},
    {"VSEC revision",
     [](device_profile& p) {
         vendor_specific_ext_params v;
         v.vsec_rev = 16;
         p.pf_capabilities.push_back({0x400, v});
     },
     {"pf_capabilities[5] (vendor_specific_ext).vsec_rev = 16", "0..15"}},
    {"AER version",
     [](device_profile& p) {
         aer_params a;
         a.version = 3;
         p.pf_capabilities.push_back({0x200, a});
     },
     {"pf_capabilities[5] (aer).version = 3", "1 or 2"}},
    {"AER severity of an unsupported error",
     [](device_profile& p) {
         aer_params a;
         a.uncorrectable_severity |= 1u << 26;
         p.pf_capabilities.push_back({0x200, a});
     },
     {"pf_capabilities[5] (aer).uncorrectable_severity = 0x4462030",
      "outside uncorrectable_supported 0x5FF030"}},
    {"AER capability bits",
     [](device_profile& p) {
         aer_params a;
         a.capabilities = 0x40;
         p.pf_capabilities.push_back({0x200, a});
     },
     {"pf_capabilities[5] (aer).capabilities = 0x40", "the capability bits"}},
    {"ATS queue depth in a VF",
     [](device_profile& p) {
         ats_params a;
         a.invalidate_queue_depth = 1;
         p.vf_capabilities.push_back({0x200, a});
     },
     {"vf_capabilities[3] (ats).invalidate_queue_depth = 1", "0 in a VF"}},
    {"ATS queue depth over 31",
     [](device_profile& p) {
         ats_params a;
         a.invalidate_queue_depth = 32;
         p.pf_capabilities.push_back({0x200, a});
     },
     {"pf_capabilities[5] (ats).invalidate_queue_depth = 32", "0..31"}},
    {"ACS egress control",
     [](device_profile& p) {
         acs_params a;
         a.capability = bits::acs_cap_egress_control;
         p.pf_capabilities.push_back({0x200, a});
     },
     {"pf_capabilities[5] (acs).capability = 0x20", "Egress Control"}},
};

} // namespace

TEST(ConfigCapabilityValidation, DefaultsAreValid) {
    EXPECT_NO_THROW(validate(device_profile::defaults()));
}

TEST(ConfigCapabilityValidation, EachRuleNamesEntryFieldAndValue) {
    for (const rule& r : rules) {
        SCOPED_TRACE(r.what);
        device_profile p = device_profile::defaults();
        r.change(p);
        expect_invalid(p, r.fragments);
    }
}

// A list in any order chains in that order: nothing requires ascending offsets.
TEST(ConfigCapabilityValidation, AnyOrderAndGapsAreValid) {
    device_profile p = device_profile::defaults();
    std::swap(p.pf_capabilities[0], p.pf_capabilities[2]); // pcie, msix, pm
    p.pf_capabilities[0].offset = 0xC0;
    p.pf_capabilities.push_back({0x800, dsn_params{42}});
    EXPECT_NO_THROW(validate(p));
    EXPECT_EQ(capability_size(p.pf_capabilities.back()), 0x0Cu);
}

// AER ends before the TLP Prefix Log unless the capability says it has one
// (Advanced Error Capabilities bit 11): the I350 puts its DSN at AER + 0x40.
TEST(ConfigCapabilityValidation, AerSizeFollowsTlpPrefixLogPresent) {
    aer_params aer;
    EXPECT_EQ(capability_size({0x200, aer}), 0x38u);
    device_profile p = device_profile::defaults();
    p.pf_capabilities.push_back({0x200, aer});
    p.pf_capabilities.push_back({0x240, dsn_params{42}});
    EXPECT_NO_THROW(validate(p));

    p.pf_capabilities[5].offset = 0x20C; // ends at 0x243: overlaps the DSN
    expect_invalid(p, {"overlaps"});

    aer.capabilities = bits::aer_tlp_prefix_log_present;
    EXPECT_EQ(capability_size({0x200, aer}), 0x48u);
    p = device_profile::defaults();
    p.pf_capabilities.push_back({0x200, aer});
    p.pf_capabilities.push_back({0x240, dsn_params{42}});
    expect_invalid(p, {"pf_capabilities[6] (dsn).offset = 0x240", "overlaps"});
}
