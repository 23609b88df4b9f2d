// Device descriptions (docs/device-description.md): the TOML schema onto
// device_description, every refusal with FILE:LINE:COL, the key path and the
// value, and the shipped descriptions.
#include "config_test_util.h"

#include "sriov/config/device_description.h"
#include "sriov/config/lspci_dump.h"
#include "sriov/config/sriov_device.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>

using namespace sriov::config;
using sriov::config::testing::error_of;

namespace {

// The smallest complete description: the required keys only.
const std::string minimal = R"([pf]
vendor_id = 0x8086
device_id = 0x10FB
[pf.sriov]
total_vfs = 64
vf_device_id = 0x10ED
)";

std::string dump(const device_description& p) {
    sriov_device dev(p);
    std::ostringstream out;
    write_lspci_dump(out, dev);
    return out.str();
}

} // namespace

TEST(ConfigDescription, EveryKeySetsItsField) {
    const auto p = parse_device_description(R"(# a comment
[device]
name = "test device"
[link]
gen = 4
width = 8
[timing]
reset_ready = "1us"
vf_enable_ready = "100us"
flr_ready = "2ms"
ep_cycles = 7
ep_clock_mhz = 500
[pf]
rid = "03:00.1"   # trailing comment
vendor_id = 0x15B3
device_id = 0x1528
revision_id = 2
class_code = 0x010802
subsystem_vendor_id = 0x1234
subsystem_id = 0x5678
bars.bar0 = { kind = "mem32", size = "1M" }
bars.bar2 = { kind = "io", size = 64 }
bars.bar4 = { kind = "mem64", size = "16K" }  # the built-in MSI-X capability's BAR
[pf.sriov]
total_vfs = 32
initial_vfs = 16
first_vf_offset = 4
vf_stride = 3
offset_stride = "ari_dependent"
vf_device_id = 0x1529
supported_page_sizes = 0x3
migration_capable = true
[pf.sriov.vf_bars]
bar0 = { kind = "mem64", size = "64K", prefetchable = true }
bar3 = { kind = "mem32", size = 16384 }
[pf.vf]
class_code = 0x010803
subsystem_id = 0x9ABC
)",
                                            "x.toml");
    EXPECT_EQ(p.link_gen, 4u);
    EXPECT_EQ(p.link_width, 8u);
    EXPECT_EQ(p.reset_ready_ns, 1'000u);
    EXPECT_EQ(p.vf_enable_ready_ns, 100'000u);
    EXPECT_EQ(p.flr_ready_ns, 2'000'000u);
    EXPECT_EQ(p.ep_cycles, 7u);
    EXPECT_EQ(p.ep_clock_mhz, 500u);
    EXPECT_EQ(p.pfs[0].pf_rid, 0x0301);
    EXPECT_EQ(p.pfs[0].vendor_id, 0x15B3);
    EXPECT_EQ(p.pfs[0].device_id, 0x1528);
    EXPECT_EQ(p.pfs[0].revision_id, 2);
    EXPECT_EQ(p.pfs[0].class_code, 0x010802u);
    EXPECT_EQ(p.pfs[0].subsys_vendor_id, 0x1234);
    EXPECT_EQ(p.pfs[0].subsys_id, 0x5678);
    EXPECT_EQ(p.pfs[0].pf_bars[0].kind, bar_kind::mem32);
    EXPECT_EQ(p.pfs[0].pf_bars[0].size, 1u << 20);
    EXPECT_EQ(p.pfs[0].pf_bars[2].kind, bar_kind::io);
    EXPECT_EQ(p.pfs[0].pf_bars[2].size, 64u);
    EXPECT_EQ(p.pfs[0].pf_bars[3].kind, bar_kind::none); // a [pf.bars] table lists every BAR
    EXPECT_EQ(p.pfs[0].total_vfs, 32);
    EXPECT_EQ(p.pfs[0].initial_vfs, 16);
    EXPECT_EQ(p.pfs[0].first_vf_offset, 4);
    EXPECT_EQ(p.pfs[0].vf_stride, 3);
    EXPECT_EQ(p.pfs[0].offset_stride, offset_stride_rule::ari_dependent);
    EXPECT_EQ(p.pfs[0].vf_device_id, 0x1529);
    EXPECT_EQ(p.pfs[0].supported_page_sizes, 0x3u);
    EXPECT_TRUE(p.pfs[0].migration_capable);
    EXPECT_EQ(p.pfs[0].vf_bars[0].kind, bar_kind::mem64);
    EXPECT_TRUE(p.pfs[0].vf_bars[0].prefetchable);
    EXPECT_EQ(p.pfs[0].vf_bars[0].size, 65536u);
    EXPECT_EQ(p.pfs[0].vf_bars[3].kind, bar_kind::mem32);
    EXPECT_FALSE(p.pfs[0].vf_bars[3].prefetchable);
    EXPECT_EQ(p.pfs[0].vf_bars[3].size, 16384u);
    EXPECT_EQ(p.pfs[0].vf_class_code, 0x010803u);
    EXPECT_EQ(p.pfs[0].vf_subsys_id, 0x9ABC);
}

TEST(ConfigDescription, CapabilityListsReplaceTheBuiltInOnes) {
    const auto p = parse_device_description(minimal + R"([[pf.capability]]
type = "msi"
offset = 0x48
address64 = false
per_vector_mask = true
multiple_message_capable = 3
[[pf.capability]]
type = "msix"
offset = 0x60
table_size = 128
table_bir = 0
table_offset = 0x4000
pba_bir = 4
pba_offset = 0x2000
[[pf.capability]]
type = "pcie"
offset = 0x80
device_capabilities = 0x8FE2
device_control = 0x2010
link_capabilities = 0x3C00
slot_clock = false
device_capabilities2 = 0x10
link_capabilities2 = 0x100
[[pf.capability]]
type = "vendor_specific"
offset = 0xC0
bytes = [1, 2, 3]
rw_mask = [0xFF]
rw1c_mask = [0, 0x80]
[[pf.capability]]
type = "aer"
offset = 0x100
version = 1
uncorrectable_supported = 0x1030
uncorrectable_mask = 0x10
uncorrectable_severity = 0x20
correctable_supported = 0x41
correctable_mask = 0x40
capabilities = 0xA0
[[pf.capability]]
type = "dsn"
offset = 0x148
serial_number = "0xFEDC_BA98_7654_3210"
[[pf.capability]]
type = "vendor_specific_ext"
offset = 0x154
vsec_id = 0x1234
vsec_rev = 2
bytes = [0xAA]
[[pf.capability]]
type = "sriov"
offset = 0x160
[[pf.capability]]
type = "ats"
offset = 0x1A0
invalidate_queue_depth = 5
page_aligned_request = true
global_invalidate = true
[[pf.capability]]
type = "acs"
offset = 0x1B0
capability = 0x5F
[[pf.capability]]
type = "ari"
offset = 0x1C0
next_function = 0
[pf.vf]
[[pf.vf.capability]]
type = "pm"
offset = 0x40
pmc = 0x0023
no_soft_reset = false
[[pf.vf.capability]]
type = "msix"
offset = 0x50
table_size = 7
table_bir = 3
pba_bir = 3
[[pf.vf.capability]]
type = "pcie"
offset = 0x70
[[pf.vf.capability]]
type = "ari"
offset = 0x100
)",
                                            "x.toml");
    ASSERT_EQ(p.pfs[0].pf_capabilities.size(), 11u);
    const auto& msi = std::get<msi_params>(p.pfs[0].pf_capabilities[0].params);
    EXPECT_EQ(p.pfs[0].pf_capabilities[0].offset, 0x48);
    EXPECT_FALSE(msi.address64);
    EXPECT_TRUE(msi.per_vector_mask);
    EXPECT_EQ(msi.multiple_message_capable, 3);
    const auto& msix = std::get<msix_params>(p.pfs[0].pf_capabilities[1].params);
    EXPECT_EQ(p.pfs[0].pf_msix_vectors, 128);
    EXPECT_EQ(msix.table_bir, 0);
    EXPECT_EQ(msix.table_offset, 0x4000u);
    EXPECT_EQ(msix.pba_bir, 4);
    EXPECT_EQ(msix.pba_offset, 0x2000u);
    const auto& pcie = std::get<pcie_params>(p.pfs[0].pf_capabilities[2].params);
    EXPECT_EQ(pcie.device_capabilities, 0x8FE2u);
    EXPECT_EQ(pcie.device_control, 0x2010);
    EXPECT_EQ(pcie.link_capabilities, 0x3C00u);
    EXPECT_FALSE(pcie.slot_clock);
    EXPECT_EQ(pcie.device_capabilities2, 0x10u);
    EXPECT_EQ(pcie.link_capabilities2, 0x100u);
    const auto& vendor = std::get<vendor_specific_params>(p.pfs[0].pf_capabilities[3].params);
    EXPECT_EQ(vendor.bytes, (std::vector<uint8_t>{1, 2, 3}));
    EXPECT_EQ(vendor.rw_mask, (std::vector<uint8_t>{0xFF}));
    EXPECT_EQ(vendor.rw1c_mask, (std::vector<uint8_t>{0, 0x80}));
    const auto& aer = std::get<aer_params>(p.pfs[0].pf_capabilities[4].params);
    EXPECT_EQ(aer.version, 1);
    EXPECT_EQ(aer.uncorrectable_supported, 0x1030u);
    EXPECT_EQ(aer.uncorrectable_mask, 0x10u);
    EXPECT_EQ(aer.uncorrectable_severity, 0x20u);
    EXPECT_EQ(aer.correctable_supported, 0x41u);
    EXPECT_EQ(aer.correctable_mask, 0x40u);
    EXPECT_EQ(aer.capabilities, 0xA0u);
    EXPECT_EQ(std::get<dsn_params>(p.pfs[0].pf_capabilities[5].params).serial_number,
              0xFEDCBA9876543210u);
    const auto& vsec = std::get<vendor_specific_ext_params>(p.pfs[0].pf_capabilities[6].params);
    EXPECT_EQ(vsec.vsec_id, 0x1234);
    EXPECT_EQ(vsec.vsec_rev, 2);
    EXPECT_EQ(vsec.bytes, (std::vector<uint8_t>{0xAA}));
    EXPECT_EQ(p.pfs[0].pf_capabilities[7].kind(), capability_kind::sriov);
    EXPECT_EQ(p.pfs[0].pf_capabilities[7].offset, 0x160);
    const auto& ats = std::get<ats_params>(p.pfs[0].pf_capabilities[8].params);
    EXPECT_EQ(ats.invalidate_queue_depth, 5);
    EXPECT_TRUE(ats.page_aligned_request);
    EXPECT_TRUE(ats.global_invalidate);
    EXPECT_EQ(std::get<acs_params>(p.pfs[0].pf_capabilities[9].params).capability, 0x5F);
    EXPECT_EQ(std::get<ari_params>(p.pfs[0].pf_capabilities[10].params).next_function, 0);
    ASSERT_EQ(p.pfs[0].vf_capabilities.size(), 4u);
    const auto& pm = std::get<pm_params>(p.pfs[0].vf_capabilities[0].params);
    EXPECT_EQ(pm.pmc, 0x0023);
    EXPECT_FALSE(pm.no_soft_reset);
    EXPECT_EQ(p.pfs[0].vf_capabilities[1].offset, 0x50);
    EXPECT_EQ(p.pfs[0].vf_msix_vectors, 7);
}

TEST(ConfigDescription, KeysNotGivenKeepTheBuiltInDevice) {
    const auto p = parse_device_description(R"([pf]
vendor_id = 0x8086
device_id = 0x10FB
[pf.sriov]
total_vfs = 8
vf_device_id = 0x10ED
)",
                                            "x.toml");
    auto expected = device_description::defaults();
    expected.pfs[0].total_vfs = 8;
    expected.pfs[0].initial_vfs = 8; // InitialVFs defaults to TotalVFs
    EXPECT_TRUE(p == expected);
    EXPECT_TRUE(parse_device_description(minimal, "x.toml") == device_description::defaults());
}

TEST(ConfigDescription, ErrorsNameFileLineColumnKeyAndValue) {
    const struct {
        std::string text;
        std::string message;
    } cases[] = {
        // TOML syntax (toml++'s description)
        {minimal + "total_vfs = 12\n", "d.toml:7:13: Error while parsing key-value pair: cannot "
                                       "redefine existing integer 'total_vfs'"},
        {"[pf]\nvendor_id = 0x8086\nvendor_id = 1\n",
         "d.toml:3:13: Error while parsing key-value pair: cannot redefine existing integer "
         "'vendor_id'"},
        {"[pf\n", "d.toml:1:4: Error while parsing table header: expected ']', saw '\\n'"},
        // unknown keys and tables
        {minimal + "[pf.vf]\nclass_cod = 1\n",
         "d.toml:8:1: pf.vf.class_cod: unknown key (did you mean class_code?); pf.vf has: "
         "class_code, subsystem_id, capability"},
        {"[pff]\n", "d.toml:1:2: pff: unknown key (did you mean pf?); the top level has: device, "
                    "link, timing, pf"},
        {minimal + "bogus = 1\n",
         "d.toml:7:1: pf.sriov.bogus: unknown key; pf.sriov has: total_vfs, initial_vfs, "
         "first_vf_offset, vf_stride, offset_stride, vf_device_id, supported_page_sizes, "
         "migration_capable, vf_bars, function_dependency_link"},
        // wrong type
        {"[pf]\nvendor_id = \"0x8086\"\n",
         "d.toml:2:13: pf.vendor_id = '0x8086': expected an integer, got a string"},
        {minimal + "migration_capable = \"yes\"\n",
         "d.toml:7:21: pf.sriov.migration_capable = 'yes': expected true or false, got a string"},
        {"pf = 3\n", "d.toml:1:6: pf = 3: expected a table, got an integer"},
        // out of range
        {"[pf]\nvendor_id = 0x18086\n",
         "d.toml:2:13: pf.vendor_id = 0x18086: out of range 0..0xFFFF"},
        {"[pf]\nvendor_id = 0x8086\ndevice_id = -1\n",
         "d.toml:3:13: pf.device_id = -1: out of range 0..0xFFFF"},
        // values of the schema's own kinds
        {minimal + "vf_bars.bar0 = { kind = \"mem48\", size = \"16K\" }\n",
         "d.toml:7:25: pf.sriov.vf_bars.bar0.kind = 'mem48': expected one of mem32, mem64, io"},
        {minimal + "vf_bars.bar0 = { kind = \"mem64\", size = \"16Q\" }\n",
         "d.toml:7:41: pf.sriov.vf_bars.bar0.size = '16Q': unknown unit 'q'"},
        {minimal + "vf_bars.bar0 = { kind = \"mem64\" }\n",
         "d.toml:7:16: pf.sriov.vf_bars.bar0: missing key size (required)"},
        {minimal + "vf_bars.bar6 = { kind = \"mem64\", size = 4096 }\n",
         "d.toml:7:9: pf.sriov.vf_bars.bar6: unknown key (did you mean bar0?); pf.sriov.vf_bars "
         "has: bar0, bar1, bar2, bar3, bar4, bar5"},
        {"[timing]\nflr_ready = \"5 fortnights\"\n",
         "d.toml:2:13: timing.flr_ready = '5 fortnights': expected a time like 100ms, 2.5us, "
         "730ns, 10ps or 1s"},
        {"[timing]\nflr_ready = \"100\"\n", "d.toml:2:13: timing.flr_ready = '100': a time needs a "
                                            "unit: ps, ns, us, ms or s (\"100ms\")"},
        {"[timing]\nflr_ready = \"1.5ns\"\n",
         "d.toml:2:13: timing.flr_ready = '1.5ns': not a whole number of nanoseconds (the device "
         "counts in ns)"},
        {"[pf]\nrid = \"01:20.0\"\n",
         "d.toml:2:7: pf.rid = '01:20.0': bus/device/function out of range"},
        {minimal + "offset_stride = \"ari\"\n",
         "d.toml:7:17: pf.sriov.offset_stride = 'ari': expected one of fixed, ari_dependent"},
        // capability lists
        {minimal + "[[pf.capability]]\ntype = \"msx\"\noffset = 0x50\n",
         "d.toml:8:8: pf.capability[0].type = 'msx': expected one of pm, msi, msix, pcie, "
         "vendor_specific, aer, ari, sriov, ats, acs, dsn, vendor_specific_ext"},
        {minimal + "[[pf.capability]]\ntype = \"pm\"\n",
         "d.toml:7:1: pf.capability[0]: missing key offset (required)"},
        {minimal + "[[pf.capability]]\ntype = \"pm\"\noffset = 0x40\ntable_size = 4\n",
         "d.toml:10:1: pf.capability[0].table_size: unknown key; pf.capability[0] has: type, "
         "offset, pmc, no_soft_reset"},
        {minimal + "[[pf.capability]]\ntype = \"vendor_specific\"\noffset = 0x40\n"
                   "bytes = [1, 256]\n",
         "d.toml:10:13: pf.capability[0].bytes[1] = 256: out of range 0..255"},
        {minimal + "[[pf.capability]]\ntype = \"dsn\"\noffset = 0x100\nserial_number = -1\n",
         "d.toml:10:17: pf.capability[0].serial_number = -1: out of range 0..0x7FFFFFFFFFFFFFFF"},
        {"[pf]\nvendor_id = 0x8086\ndevice_id = 0x10FB\ncapability = { type = \"pm\" }\n",
         "d.toml:4:14: pf.capability = { type = 'pm' }: expected an array of tables ([[...]]), got "
         "a table"},
        {minimal + "[pf.vf]\n[[pf.vf.capability]]\ntype = \"msix\"\noffset = 0x50\n"
                   "table_size = 0\n",
         "d.toml:11:14: pf.vf.capability[0].table_size = 0: must be 1..2048"},
        // the model's capability rules, placed on the entry's key or the entry
        {minimal + "[pf.vf]\n[[pf.vf.capability]]\ntype = \"pcie\"\noffset = 0x72\n",
         "d.toml:10:10: pf.vf.capability[0].offset = 0x72: capabilities are DW aligned"},
        {minimal + "[pf.vf]\n[[pf.vf.capability]]\ntype = \"ari\"\noffset = 0x100\n",
         "d.toml:8:1: pf.vf.capability = no pcie: a PCI Express function has the PCI Express "
         "capability"},
        {minimal + "[pf.vf]\n[[pf.vf.capability]]\ntype = \"msix\"\noffset = 0x50\n"
                   "[[pf.vf.capability]]\ntype = \"pcie\"\noffset = 0x70\n"
                   "[[pf.vf.capability]]\ntype = \"ari\"\noffset = 0x100\n",
         "d.toml:8:1: pf.vf.capability[0].table_bir = 4: pf.sriov.vf_bars.bar4 is not a memory "
         "BAR"},
        // missing keys
        {"[pf]\nvendor_id = 0x8086\ndevice_id = 0x10FB\n",
         "d.toml:1:1: pf: missing key sriov (required)"},
        {"[link]\ngen = 3\n", "d.toml: missing table [pf] (required)"},
        // [[pf]]: each entry named by its position
        {"[[pf]]\nvendor_id = 0x8086\n", "d.toml:1:1: pf[0]: missing key device_id (required)"},
        // validate(), placed on the key that set the field
        {minimal + "initial_vfs = 0\n",
         "d.toml:7:15: pf.sriov.initial_vfs = 0: must equal "
         "pf.sriov.total_vfs = 64 unless pf.sriov.migration_capable = true"},
        {minimal + "initial_vfs = 65\n",
         "d.toml:7:15: pf.sriov.initial_vfs = 65: exceeds pf.sriov.total_vfs = 64"},
        {"[link]\ngen = 7\n" + minimal, "d.toml:2:7: link.gen = 7: must be 1..6"},
        {"[pf]\nrid = \"00:00.0\"\nvendor_id = 0x8086\ndevice_id = 0x10FB\n"
         "[pf.sriov]\ntotal_vfs = 64\nvf_device_id = 0x10ED\n",
         "d.toml:2:7: pf.rid = 00:00.0: bus 00 is outside the root port's secondary..subordinate "
         "buses 01..ff: the root complex answers UR for it"},
        {minimal + "[pf.bars]\nbar0 = { kind = \"mem64\", size = \"1M\" }\n"
                   "bar1 = { kind = \"mem32\", size = \"4K\" }\n",
         "d.toml:9:8: pf.bars.bar1 = mem32 4096: this BAR is the upper half of mem64 pf.bars.bar0 "
         "and "
         "must be none"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.text);
        EXPECT_EQ(error_of(c.text), c.message);
    }
    // A field the description left at its default: no position to give.
    try {
        parse_device_description(minimal, "d.toml", bus_range{2, 255});
        ADD_FAILURE() << "accepted";
    } catch (const profile_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "d.toml: pf.rid = 01:00.0: bus 01 is outside the root port's "
                  "secondary..subordinate buses 02..ff: the root complex answers UR for it");
    }
}

TEST(ConfigDescription, ShippedDescriptions) {
    const std::string dir = SRIOV_SOURCE_DIR "/profiles/";
    const auto intel = load_device_description(dir + "intel-82599.toml");
    EXPECT_TRUE(intel == device_description::defaults());
    EXPECT_EQ(dump(intel), dump(device_description::defaults()));
    const auto large = load_device_description(dir + "large-ari.toml", bus_range{1, 255});
    EXPECT_EQ(large.pfs[0].total_vfs, 32448);
    EXPECT_EQ(large.pfs[0].vf_bars[3].kind, bar_kind::none);
    EXPECT_EQ(large.reset_ready_ns, 1000u);
}

TEST(ConfigDescription, FilesAreReadWithTheInputLimits) {
    try {
        load_device_description(SRIOV_SOURCE_DIR "/profiles/does-not-exist.toml");
        ADD_FAILURE() << "loaded";
    } catch (const profile_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  SRIOV_SOURCE_DIR "/profiles/does-not-exist.toml: cannot read the device "
                                   "description: no such file");
    }
}
