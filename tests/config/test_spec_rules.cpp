// Conformance: each VF field against the SR-IOV VF register tables (PCIe Base
// 4.0+ 9.3.4-9.3.6, SR-IOV 1.1 3.4-3.5), and the fields a Function Level Reset
// keeps (PCIe Base 6.6.2). The rules and their sources are listed next to the
// registers in docs/config-space-map.md.
#include "config_test_util.h"
#include "default_layout.h"
#include "sriov/pcie/registers.h"

#include <array>
#include <gtest/gtest.h>
#include <string>

using namespace sriov;
using namespace sriov::config;
using namespace sriov::config::testing;

namespace {

enum class field_kind { rw, ro, rsvdp, rw1c };

const char* kind_name(field_kind k) {
    switch (k) {
    case field_kind::rw:
        return "RW";
    case field_kind::ro:
        return "RO";
    case field_kind::rsvdp:
        return "RsvdP";
    case field_kind::rw1c:
        return "RW1C";
    }
    return "?";
}

struct vf_field {
    const char* name;
    uint16_t offset;
    uint8_t width; // of the register holding the field
    uint32_t mask; // the field's bits in that register
    field_kind kind;
    uint32_t reset; // the field's value after VF Enable (masked)
};

// VF of the default profile (82599-like), one row per field of every register
// the VF layout has.
const vf_field vf_fields[] = {
    {"VendorId", reg::vendor_id, 2, 0xFFFF, field_kind::ro, 0xFFFF},
    {"DeviceId", reg::device_id, 2, 0xFFFF, field_kind::ro, 0xFFFF},
    {"CommandIoSpace", reg::command, 2, bits::command_io, field_kind::ro, 0},
    {"CommandMemorySpace", reg::command, 2, bits::command_mem, field_kind::ro, 0},
    {"CommandBusMaster", reg::command, 2, bits::command_bus_master, field_kind::rw, 0},
    {"CommandParityErrorResponse", reg::command, 2, bits::command_parity, field_kind::rsvdp, 0},
    {"CommandSerrEnable", reg::command, 2, bits::command_serr, field_kind::rsvdp, 0},
    {"CommandInterruptDisable", reg::command, 2, bits::command_intx_disable, field_kind::ro, 0},
    {"CommandOtherBits", reg::command, 2, 0xFABA, field_kind::ro, 0},
    {"StatusCapabilitiesList", reg::status, 2, bits::status_cap_list, field_kind::ro,
     bits::status_cap_list},
    {"StatusInterruptStatus", reg::status, 2, 1u << 3, field_kind::ro, 0},
    {"StatusErrorBits", reg::status, 2, 0xF900, field_kind::rw1c, 0},
    {"RevisionId", reg::revision_id, 1, 0xFF, field_kind::ro, 0x01},
    {"ClassCode", reg::class_code, 3, 0xFFFFFF, field_kind::ro, 0x020000},
    {"CacheLineSize", reg::cache_line_size, 1, 0xFF, field_kind::ro, 0},
    {"LatencyTimer", reg::latency_timer, 1, 0xFF, field_kind::ro, 0},
    {"HeaderType", reg::header_type, 1, 0xFF, field_kind::ro, 0},
    {"Bist", reg::bist, 1, 0xFF, field_kind::ro, 0},
    {"Bar0", reg::bar(0), 4, 0xFFFFFFFF, field_kind::ro, 0},
    {"Bar1", reg::bar(1), 4, 0xFFFFFFFF, field_kind::ro, 0},
    {"Bar2", reg::bar(2), 4, 0xFFFFFFFF, field_kind::ro, 0},
    {"Bar3", reg::bar(3), 4, 0xFFFFFFFF, field_kind::ro, 0},
    {"Bar4", reg::bar(4), 4, 0xFFFFFFFF, field_kind::ro, 0},
    {"Bar5", reg::bar(5), 4, 0xFFFFFFFF, field_kind::ro, 0},
    {"SubsystemVendorId", reg::subsys_vendor_id, 2, 0xFFFF, field_kind::ro, 0x8086},
    {"SubsystemId", reg::subsys_id, 2, 0xFFFF, field_kind::ro, 0x000C},
    {"ExpansionRom", reg::expansion_rom, 4, 0xFFFFFFFF, field_kind::ro, 0},
    {"CapabilitiesPointer", reg::cap_ptr, 1, 0xFF, field_kind::ro, default_layout::msix_cap},
    {"InterruptLine", reg::interrupt_line, 1, 0xFF, field_kind::ro, 0},
    {"InterruptPin", reg::interrupt_pin, 1, 0xFF, field_kind::ro, 0},
    {"MsixEnable", default_layout::msix_ctrl, 2, bits::msix_ctrl_enable, field_kind::rw, 0},
    {"MsixFunctionMask", default_layout::msix_ctrl, 2, bits::msix_ctrl_function_mask,
     field_kind::rw, 0},
    {"MsixTableSize", default_layout::msix_ctrl, 2, 0x07FF, field_kind::ro, 2},
    {"DevCtrlErrorReportingEnables", default_layout::dev_ctrl, 2, 0x000F, field_kind::rsvdp, 0},
    {"DevCtrlRelaxedOrdering", default_layout::dev_ctrl, 2, bits::dev_ctrl_relaxed_ordering,
     field_kind::rsvdp, 0},
    {"DevCtrlMaxPayloadSize", default_layout::dev_ctrl, 2, bits::dev_ctrl_max_payload_size,
     field_kind::rsvdp, 0},
    {"DevCtrlExtendedTag", default_layout::dev_ctrl, 2, bits::dev_ctrl_extended_tag,
     field_kind::rsvdp, 0},
    {"DevCtrlPhantomFunctions", default_layout::dev_ctrl, 2, 1u << 9, field_kind::rsvdp, 0},
    {"DevCtrlAuxPowerPm", default_layout::dev_ctrl, 2, 1u << 10, field_kind::rsvdp, 0},
    {"DevCtrlNoSnoop", default_layout::dev_ctrl, 2, bits::dev_ctrl_no_snoop, field_kind::rsvdp, 0},
    {"DevCtrlMaxReadRequestSize", default_layout::dev_ctrl, 2, bits::dev_ctrl_max_read_request_size,
     field_kind::rsvdp, 0},
    {"DevStatusErrorsDetected", default_layout::dev_status, 2, 0x000F, field_kind::rw1c, 0},
    // Link Capabilities (2): Base, the PF's values (Gen3 x4: 0x43, speeds 0x0E).
    // Link Control (2): RsvdP; Link Status (2): RsvdZ (PCIe Base 9.3.5).
    {"LinkCapabilities", default_layout::link_cap, 4, 0xFFFFFFFF, field_kind::ro, 0x43},
    {"LinkControl", default_layout::link_ctrl, 2, 0xFFFF, field_kind::rsvdp, 0},
    {"LinkStatus", default_layout::link_status, 2, 0xFFFF, field_kind::ro, 0},
    {"LinkCapabilities2", default_layout::link_cap2, 4, 0xFFFFFFFF, field_kind::ro, 0x0E},
    {"LinkStatus2", default_layout::link_status2, 2, 0xFFFF, field_kind::ro, 0},
    {"DevCtrl2", default_layout::dev_ctrl2, 2, 0xFFFF, field_kind::rsvdp, 0},
    {"LinkControl2", default_layout::link_ctrl2, 2, 0xFFFF, field_kind::rsvdp, 0},
    {"AriControl", default_layout::ari_ctrl, 2, 0xFFFF, field_kind::ro, 0},
    {"NoSriovCapability", default_layout::sriov_ctrl, 2, 0xFFFF, field_kind::ro, 0},
};

// Test names are the rows' names.
struct row_name {
    template <class Row>
    std::string operator()(const ::testing::TestParamInfo<Row>& i) const {
        return i.param.name;
    }
};

// The byte masks of the rows `selected` picks, as a 4 KiB map.
template <class Row, size_t N, class Pred>
std::array<uint8_t, 4096> mask_bytes(const Row (&rows)[N], Pred selected) {
    std::array<uint8_t, 4096> m{};
    for (const Row& f : rows) {
        for (unsigned i = 0; selected(f) && i < f.width; ++i) {
            m[f.offset + i] |= static_cast<uint8_t>(f.mask >> (8 * i));
        }
    }
    return m;
}

class VfFieldRule : public ::testing::TestWithParam<vf_field> {
protected:
    void SetUp() override {
        wr(dev, PF, default_layout::sriov_num_vfs, 2, 4, T / 2);
        wr(dev, PF, default_layout::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable, T / 2);
        vf = dev.vf_rid(1);
    }
    uint32_t field() { return rd(dev, vf, GetParam().offset, GetParam().width) & GetParam().mask; }
    // A write of every bit of the register except Initiate FLR.
    void write_all(bool ones) {
        const vf_field& f = GetParam();
        uint32_t v = ones ? (f.width == 4 ? 0xFFFFFFFFu : (1u << (8 * f.width)) - 1u) : 0u;
        if (f.offset == default_layout::dev_ctrl) {
            v &= ~uint32_t{bits::dev_ctrl_initiate_flr};
        }
        wr(dev, vf, f.offset, f.width, v);
    }

    sriov_device dev{fast_profile()};
    routing_id vf{0};
};

TEST_P(VfFieldRule, AllOnesThenAllZeros) {
    const vf_field& f = GetParam();
    SCOPED_TRACE(std::string(f.name) + " (" + kind_name(f.kind) + ")");
    EXPECT_EQ(field(), f.reset);
    if (f.kind == field_kind::rw1c) {
        dev.hw_set_status(vf, f.offset, f.mask); // set by the function itself
        EXPECT_EQ(field(), f.mask);
        write_all(false); // 0 keeps
        EXPECT_EQ(field(), f.mask);
        write_all(true); // 1 clears
        EXPECT_EQ(field(), 0u);
        return;
    }
    write_all(true);
    EXPECT_EQ(field(), f.kind == field_kind::rw ? f.mask : f.reset);
    write_all(false);
    EXPECT_EQ(field(), f.kind == field_kind::rw ? 0u : f.reset);
    // Another VF never sees it.
    EXPECT_EQ(rd(dev, dev.vf_rid(0), f.offset, f.width) & f.mask, f.reset);
}

INSTANTIATE_TEST_SUITE_P(SriovVfTables, VfFieldRule, ::testing::ValuesIn(vf_fields), row_name{});

// The VF layout declares the same: no RW bit outside the fields above marked RW.
TEST(SriovVfTables, LayoutWritableBitsAreExactlyTheRwFields) {
    sriov_device dev(fast_profile());
    const auto rw =
        mask_bytes(vf_fields, [](const vf_field& f) { return f.kind == field_kind::rw; });
    for (uint16_t o = 0; o < 4096; ++o) {
        ASSERT_EQ(dev.vf_layout().rw_byte(o), rw[o]) << "VF byte 0x" << std::hex << o;
    }
}

// --- Function Level Reset -----------------------------------------------------

struct flr_field {
    const char* name;
    uint16_t offset;
    uint8_t width;
    uint32_t mask;    // the field's bits
    uint32_t written; // a value the field takes before the FLR (masked)
    bool kept;        // PCIe Base 6.6.2: not affected by FLR
    uint32_t reset;   // otherwise the value after the FLR (masked)
};

const flr_field pf_flr_fields[] = {
    {"MaxPayloadSize", default_layout::dev_ctrl, 2, bits::dev_ctrl_max_payload_size, 0x0020, true,
     0},
    {"AspmControl", default_layout::link_ctrl, 2, bits::link_ctrl_aspm_control, 0x0003, true, 0},
    {"ReadCompletionBoundary", default_layout::link_ctrl, 2, bits::link_ctrl_rcb,
     bits::link_ctrl_rcb, true, 0},
    {"CommonClockConfiguration", default_layout::link_ctrl, 2, bits::link_ctrl_common_clock,
     bits::link_ctrl_common_clock, true, 0},
    {"ExtendedSynch", default_layout::link_ctrl, 2, bits::link_ctrl_extended_synch,
     bits::link_ctrl_extended_synch, true, 0},
    {"TargetLinkSpeedSticky", default_layout::link_ctrl2, 2, bits::link_ctrl2_target_link_speed,
     0x0001, true, 0},
    // Not on the list: back to the reset value.
    {"MaxReadRequestSize", default_layout::dev_ctrl, 2, bits::dev_ctrl_max_read_request_size,
     0x5000, false, 0x2000},
    {"RelaxedOrdering", default_layout::dev_ctrl, 2, bits::dev_ctrl_relaxed_ordering, 0, false,
     bits::dev_ctrl_relaxed_ordering},
    {"ErrorReportingEnables", default_layout::dev_ctrl, 2, 0x000F, 0x000F, false, 0},
    {"BusMaster", reg::command, 2, bits::command_bus_master, bits::command_bus_master, false, 0},
    {"MsixEnable", default_layout::msix_ctrl, 2, bits::msix_ctrl_enable, bits::msix_ctrl_enable,
     false, 0},
    {"DevCtrl2", default_layout::dev_ctrl2, 2, 0x001F, 0x0015, false, 0},
    {"CacheLineSize", reg::cache_line_size, 1, 0xFF, 0x10, false, 0},
    {"InterruptLine", reg::interrupt_line, 1, 0xFF, 0x0B, false, 0},
    {"SriovNumVfs", default_layout::sriov_num_vfs, 2, 0xFFFF, 7, false, 0},
    {"SystemPageSize", default_layout::sriov_system_page_size, 4, 0xFFFFFFFF, 0x2, false, 1},
};

class PfFlrField : public ::testing::TestWithParam<flr_field> {};

TEST_P(PfFlrField, KeptOrReset) {
    const flr_field& f = GetParam();
    SCOPED_TRACE(f.name);
    sriov_device dev(fast_profile());
    const uint32_t old = rd(dev, PF, f.offset, f.width);
    wr(dev, PF, f.offset, f.width, (old & ~f.mask) | f.written);
    ASSERT_EQ(rd(dev, PF, f.offset, f.width) & f.mask, f.written);
    wr(dev, PF, default_layout::dev_ctrl, 2,
       bits::dev_ctrl_initiate_flr | (rd(dev, PF, default_layout::dev_ctrl, 2) & 0x7FFF));
    const uint64_t ready = T + 30;
    EXPECT_EQ(rd(dev, PF, f.offset, f.width, ready) & f.mask, f.kept ? f.written : f.reset);
    // A conventional reset (power-on / PERST#, no Aux power) resets every field.
    dev.reset(ready);
    const sriov_device fresh(fast_profile());
    const uint32_t reset_value = fresh.pf_layout().reset_dw(f.offset / 4) >> (8 * (f.offset & 3u));
    EXPECT_EQ(rd(dev, PF, f.offset, f.width, ready + 10) & f.mask, reset_value & f.mask);
}

INSTANTIATE_TEST_SUITE_P(PcieBase662, PfFlrField, ::testing::ValuesIn(pf_flr_fields), row_name{});

// The PF layout's FLR mask is exactly the kept fields above.
TEST(PcieBase662, PfLayoutKeepsExactlyTheListedFields) {
    sriov_device dev(fast_profile());
    const auto keep = mask_bytes(pf_flr_fields, [](const flr_field& f) { return f.kept; });
    for (uint16_t o = 0; o < 4096; ++o) {
        ASSERT_EQ(dev.pf_layout().flr_keep_byte(o), keep[o]) << "PF byte 0x" << std::hex << o;
        // A VF keeps nothing: its Device/Link Control fields are RsvdP.
        ASSERT_EQ(dev.vf_layout().flr_keep_byte(o), 0) << "VF byte 0x" << std::hex << o;
    }
}

// A VF FLR drops the VF's private storage: every field back to the template.
TEST(PcieBase662, VfFlrDropsStorage) {
    sriov_device dev(fast_profile());
    wr(dev, PF, default_layout::sriov_num_vfs, 2, 4, T / 2);
    wr(dev, PF, default_layout::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable, T / 2);
    const routing_id vf = dev.vf_rid(3);
    wr(dev, vf, reg::command, 2, bits::command_bus_master);
    wr(dev, vf, default_layout::msix_ctrl, 2, bits::msix_ctrl_enable);
    dev.hw_set_status(vf, default_layout::dev_status, bits::dev_status_urd);
    ASSERT_EQ(dev.materialized_vfs(), 1u);
    wr(dev, vf, default_layout::dev_ctrl, 2, bits::dev_ctrl_initiate_flr);
    EXPECT_EQ(dev.materialized_vfs(), 0u);
    for (uint16_t d = 0; d < 1024; ++d) {
        ASSERT_EQ(dev.peek_dw(vf, d), dev.vf_layout().reset_dw(d)) << "DW " << d;
    }
}

// The mechanism a VF with kept bits would use: FLR keeps exactly the flr_keep
// bits and reports whether the image still differs from the reset values.
TEST(PcieBase662, LayoutApplyFlrKeepsOnlyMarkedBits) {
    register_layout l;
    register_def sticky;
    sticky.name = "sticky";
    sticky.offset = 0x10;
    sticky.width = 2;
    sticky.reset = 0x0001;
    sticky.rw_mask = 0xFFFF;
    sticky.flr_keep_mask = 0x00F0;
    l.add(sticky);
    std::array<uint8_t, 4096> v = l.reset_bytes();
    v[0x10] = 0xAB;
    v[0x11] = 0xCD;
    EXPECT_TRUE(l.apply_flr(v.data()));
    EXPECT_EQ(v[0x10], 0xA1); // kept high nibble, reset low nibble
    EXPECT_EQ(v[0x11], 0x00);
    v[0x10] = 0x0F; // kept bits at their reset value: nothing to keep
    EXPECT_FALSE(l.apply_flr(v.data()));
    EXPECT_EQ(v, l.reset_bytes());
    register_layout none; // no kept bits: FLR is a copy of the reset values
    std::array<uint8_t, 4096> w{};
    w.fill(0x5A);
    EXPECT_FALSE(none.apply_flr(w.data()));
    EXPECT_EQ(w, none.reset_bytes());
}

} // namespace
