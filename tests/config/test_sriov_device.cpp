// Behaviour of the PF + VFs device: the rules of docs/config-space-map.md
// (SR-IOV capability, routing, UR, readiness, FLR, BARs, lazy VF storage).
#include "config_test_util.h"
#include "default_layout.h"
#include "sriov/config/ari_scale_profile.h"
#include "sriov/pcie/registers.h"

#include <gtest/gtest.h>

using namespace sriov;
using namespace sriov::config;
using namespace sriov::config::testing;
using sriov::test::sc_report_expectation;

namespace {

class ConfigDevice : public ::testing::Test {
protected:
    void SetUp() override { cache_config_warnings(); }
    sriov_device dev{fast_profile()};
};

config_request dw_req(routing_id fn, uint16_t dw, bool write = false, uint32_t data = 0,
                      uint8_t be = 0xF) {
    return config_request{fn, dw, be, write, data};
}

} // namespace

// --- header basics ----------------------------------------------------------

TEST_F(ConfigDevice, PfHeaderBarsSizeMask) {
    wr(dev, PF, reg::bar(0), 4, 0xFFFFFFFF);
    wr(dev, PF, reg::bar(1), 4, 0xFFFFFFFF);
    wr(dev, PF, reg::bar(2), 4, 0xFFFFFFFF);
    wr(dev, PF, reg::bar(3), 4, 0xFFFFFFFF);
    EXPECT_EQ(rd(dev, PF, reg::bar(0), 4), 0xFFF80004u); // mem64 512 KiB
    EXPECT_EQ(rd(dev, PF, reg::bar(1), 4), 0xFFFFFFFFu);
    EXPECT_EQ(rd(dev, PF, reg::bar(2), 4), 0xFFFFFFE1u); // io 32 B
    EXPECT_EQ(rd(dev, PF, reg::bar(3), 4), 0u);          // none
    wr(dev, PF, reg::bar(0), 4, 0xFEB12345);
    EXPECT_EQ(rd(dev, PF, reg::bar(0), 4), 0xFEB00004u); // address bits below the size read 0
}

TEST_F(ConfigDevice, Rw1cSemantics) {
    EXPECT_EQ(rd(dev, PF, reg::status, 2), 0x0010u);
    dev.hw_set_status(PF, reg::status, 0xFFFF); // only RW1C bits can be set by hardware
    EXPECT_EQ(rd(dev, PF, reg::status, 2), 0xF910u);
    wr(dev, PF, reg::status, 2, 0x0000); // writing 0 keeps
    EXPECT_EQ(rd(dev, PF, reg::status, 2), 0xF910u);
    wr(dev, PF, reg::status, 2, 0x0100); // 1 clears exactly that bit
    EXPECT_EQ(rd(dev, PF, reg::status, 2), 0xF810u);
    wr(dev, PF, reg::status, 2, 0xFFFF);
    EXPECT_EQ(rd(dev, PF, reg::status, 2), 0x0010u);

    dev.hw_set_status(PF, default_layout::dev_status, bits::dev_status_urd | bits::dev_status_ced);
    EXPECT_EQ(rd(dev, PF, default_layout::dev_status, 2), 0x0009u);
    wr(dev, PF, default_layout::dev_status, 2, bits::dev_status_ced);
    EXPECT_EQ(rd(dev, PF, default_layout::dev_status, 2), 0x0008u);
    // RW1C next to RW in the same DW: a DW write of Device Control leaves status alone
    dev.hw_set_status(PF, default_layout::dev_status, 0x4);
    wr(dev, PF, default_layout::dev_ctrl, 4, 0x00002810);
    EXPECT_EQ(rd(dev, PF, default_layout::dev_status, 2), 0x000Cu);
}

TEST_F(ConfigDevice, Rw1cOnOneVfOnly) {
    enable_vfs(dev, 4);
    dev.hw_set_status(dev.vf_rid(1), default_layout::dev_status, 0x2);
    EXPECT_EQ(rd(dev, dev.vf_rid(1), default_layout::dev_status, 2), 0x2u);
    EXPECT_EQ(rd(dev, dev.vf_rid(0), default_layout::dev_status, 2), 0x0u);
    EXPECT_EQ(rd(dev, PF, default_layout::dev_status, 2), 0x0u);
    wr(dev, dev.vf_rid(1), default_layout::dev_status, 2, 0x2);
    EXPECT_EQ(rd(dev, dev.vf_rid(1), default_layout::dev_status, 2), 0x0u);
    dev.hw_set_status(routing_id(0x0FFF), reg::status, 0xFFFF); // absent: ignored, no crash
}

TEST_F(ConfigDevice, PowerStateD1D2Rejected) {
    EXPECT_EQ(rd(dev, PF, default_layout::pmcsr, 2), 0x0008u);
    {
        sc_report_expectation w("sriov/config", 1);
        wr(dev, PF, default_layout::pmcsr, 2, 0x0001);
    }
    EXPECT_NE(last_warning().find("1"), std::string::npos);
    EXPECT_EQ(rd(dev, PF, default_layout::pmcsr, 2), 0x0008u);
    wr(dev, PF, default_layout::pmcsr, 2, 0x0003); // D3hot accepted
    EXPECT_EQ(rd(dev, PF, default_layout::pmcsr, 2), 0x000Bu);
    {
        sc_report_expectation w("sriov/config", 1);
        wr(dev, PF, default_layout::pmcsr, 1, 0x02); // D2, byte write
    }
    EXPECT_NE(last_warning().find("D2"), std::string::npos);
    EXPECT_EQ(rd(dev, PF, default_layout::pmcsr, 2), 0x000Bu);
    wr(dev, PF, default_layout::pmcsr, 2, 0x0000); // D0
    EXPECT_EQ(rd(dev, PF, default_layout::pmcsr, 2), 0x0008u);
    wr(dev, PF, default_layout::pmcsr + 1, 1,
       0xFF); // other byte only: no PowerState change, no warning
    EXPECT_EQ(rd(dev, PF, default_layout::pmcsr, 2), 0x0008u);
}

// --- SR-IOV capability ------------------------------------------------------

TEST_F(ConfigDevice, NumVfsAboveTotalVfsBlocksVfEnable) {
    wr(dev, PF, default_layout::sriov_num_vfs, 2, 65); // accepted as a register value
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_num_vfs, 2), 65u);
    {
        sc_report_expectation w("sriov/config", 1);
        wr(dev, PF, default_layout::sriov_ctrl, 2,
           bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse);
    }
    EXPECT_NE(last_warning().find("NumVFs = 65"), std::string::npos) << last_warning();
    EXPECT_NE(last_warning().find("TotalVFs = 64"), std::string::npos) << last_warning();
    // The rest of the Control write applied, VF Enable did not.
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_ctrl, 2), uint32_t{bits::sriov_ctrl_vf_mse});
    EXPECT_FALSE(dev.vf_enable());
    EXPECT_EQ(dev.active_vfs(), 0u);
    const routing_id vf0(0x0280);
    EXPECT_FALSE(dev.function_exists(vf0));
    EXPECT_EQ(dev.read(vf0, 0, 4, T).status, completion_status::unsupported_request);
    // Fixing NumVFs makes the next enable work.
    wr(dev, PF, default_layout::sriov_num_vfs, 2, 64);
    wr(dev, PF, default_layout::sriov_ctrl, 2,
       bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse);
    EXPECT_EQ(dev.active_vfs(), 64u);
    EXPECT_TRUE(dev.function_exists(vf0));
}

TEST_F(ConfigDevice, NumVfsAndAriLockedWhileVfEnable) {
    enable_vfs(dev, 4);
    ASSERT_EQ(dev.active_vfs(), 4u);
    wr(dev, PF, default_layout::sriov_num_vfs, 2, 8); // ignored
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_num_vfs, 2), 4u);
    EXPECT_EQ(dev.active_vfs(), 4u);
    // ARI Capable Hierarchy locked, VF MSE in the same write applies.
    wr(dev, PF, default_layout::sriov_ctrl, 2,
       bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_ari_capable | bits::sriov_ctrl_vf_mse);
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_ctrl, 2), 0x0009u);
    EXPECT_FALSE(dev.ari_capable_hierarchy());
    EXPECT_TRUE(dev.vf_mse());
    // System Page Size locked as well
    wr(dev, PF, default_layout::sriov_system_page_size, 4, 0x10);
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_system_page_size, 4), 0x1u);
    // Disable, then both are writable again.
    wr(dev, PF, default_layout::sriov_ctrl, 2, 0);
    EXPECT_EQ(dev.active_vfs(), 0u);
    wr(dev, PF, default_layout::sriov_num_vfs, 2, 8);
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_num_vfs, 2), 8u);
}

TEST_F(ConfigDevice, VfEnableWithZeroNumVfs) {
    wr(dev, PF, default_layout::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable);
    EXPECT_TRUE(dev.vf_enable());
    EXPECT_EQ(dev.active_vfs(), 0u);
    EXPECT_EQ(dev.read(routing_id(0x0280), 0, 4, T).status, completion_status::unsupported_request);
}

TEST_F(ConfigDevice, VfDisableRemovesVfsAndReenableIsFresh) {
    enable_vfs(dev, 4);
    wr(dev, dev.vf_rid(3), reg::command, 2, bits::command_bus_master);
    EXPECT_EQ(dev.materialized_vfs(), 1u);
    wr(dev, PF, default_layout::sriov_ctrl, 2, 0);
    EXPECT_EQ(dev.active_vfs(), 0u);
    EXPECT_EQ(dev.materialized_vfs(), 0u);
    EXPECT_FALSE(dev.function_exists(routing_id(0x0286)));
    wr(dev, PF, default_layout::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable);
    EXPECT_EQ(dev.ready_at_ns(dev.vf_rid(3)), T + 20); // a new CRS window
    EXPECT_EQ(rd(dev, dev.vf_rid(3), reg::command, 2, T + 20), 0u);
}

TEST_F(ConfigDevice, SystemPageSizeValidation) {
    struct bad {
        uint32_t value;
        const char* text;
    };
    for (const bad& b : {bad{0x0, "0x00000000"}, bad{0x3, "0x00000003"}, bad{0x4, "0x00000004"},
                         bad{0x80000000u, "0x80000000"}}) {
        {
            sc_report_expectation w("sriov/config", 1);
            wr(dev, PF, default_layout::sriov_system_page_size, 4, b.value);
        }
        EXPECT_NE(last_warning().find(b.text), std::string::npos) << last_warning();
        EXPECT_EQ(rd(dev, PF, default_layout::sriov_system_page_size, 4), 0x1u);
    }
    // Sub-DW write: the DW after byte enables is what gets validated.
    {
        sc_report_expectation w("sriov/config", 1);
        wr(dev, PF, default_layout::sriov_system_page_size + 1, 1, 0x01); // 0x101: two bits
    }
    EXPECT_NE(last_warning().find("0x00000101"), std::string::npos) << last_warning();
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_system_page_size, 4), 0x1u);
    wr(dev, PF, default_layout::sriov_system_page_size, 4, 0x10); // 64 KiB, supported
    EXPECT_EQ(dev.system_page_size(), 0x10u);
    {
        sc_report_expectation w("sriov/config", 1);
        wr(dev, PF, default_layout::sriov_system_page_size + 1, 1, 0x04); // 0x410: two bits
    }
    EXPECT_EQ(dev.system_page_size(), 0x10u);
    wr(dev, PF, default_layout::sriov_system_page_size, 1, 0x01); // byte write to a valid value
    EXPECT_EQ(dev.system_page_size(), 0x01u);
    wr(dev, PF, default_layout::sriov_system_page_size, 4, 0x01); // same value: no warning
}

TEST_F(ConfigDevice, VfBarSizingFollowsSystemPageSize) {
    const uint16_t b0 = default_layout::sriov_vf_bar(0), b1 = default_layout::sriov_vf_bar(1);
    wr(dev, PF, b0, 4, 0xFFFFFFFF);
    wr(dev, PF, b1, 4, 0xFFFFFFFF);
    EXPECT_EQ(rd(dev, PF, b0, 4), 0xFFFFC00Cu); // 16 KiB, mem64 prefetchable
    EXPECT_EQ(rd(dev, PF, b1, 4), 0xFFFFFFFFu);
    EXPECT_EQ(dev.vf_bar_size(0), 16384u);
    wr(dev, PF, default_layout::sriov_system_page_size, 4, 0x10); // 64 KiB pages: re-mask
    EXPECT_EQ(rd(dev, PF, b0, 4), 0xFFFF000Cu);
    EXPECT_EQ(dev.vf_bar_size(0), 65536u);
    EXPECT_EQ(dev.vf_bar_size(3), 65536u);
    wr(dev, PF, b0, 4, 0xFFFFFFFF);
    EXPECT_EQ(rd(dev, PF, b0, 4), 0xFFFF000Cu);
    wr(dev, PF, b0, 4, 0x12345678);
    EXPECT_EQ(rd(dev, PF, b0, 4), 0x1234000Cu);
    wr(dev, PF, default_layout::sriov_system_page_size, 4,
       0x1); // back to 4 KiB: profile size again
    EXPECT_EQ(dev.vf_bar_size(0), 16384u);
    wr(dev, PF, b0, 4, 0x12345678);
    EXPECT_EQ(rd(dev, PF, b0, 4), 0x1234400Cu);
    EXPECT_EQ(dev.vf_bar_size(1), 0u); // upper half is not a BAR of its own
    EXPECT_EQ(dev.vf_bar_size(2), 0u);
    wr(dev, PF, default_layout::sriov_vf_bar(2), 4, 0xFFFFFFFF); // none: RO 0
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_vf_bar(2), 4), 0u);
}

TEST_F(ConfigDevice, VfBarAddressMath) {
    wr(dev, PF, default_layout::sriov_vf_bar(0), 4, 0x80000000);
    wr(dev, PF, default_layout::sriov_vf_bar(1), 4, 0x00000001);
    wr(dev, PF, default_layout::sriov_vf_bar(3), 4, 0xC0010000);
    EXPECT_EQ(dev.vf_bar_address(0, 0), 0x180000000ull);
    EXPECT_EQ(dev.vf_bar_address(0, 5), 0x180000000ull + 5 * 0x4000);
    EXPECT_EQ(dev.vf_bar_address(0, 63), 0x180000000ull + 63 * 0x4000);
    EXPECT_EQ(dev.vf_bar_address(3, 2), 0xC0010000ull + 2 * 0x4000);
    wr(dev, PF, default_layout::sriov_system_page_size, 4, 0x2); // 8 KiB < 16 KiB: size unchanged
    EXPECT_EQ(dev.vf_bar_address(0, 5), 0x180000000ull + 5 * 0x4000);
    wr(dev, PF, default_layout::sriov_system_page_size, 4, 0x100); // 1 MiB
    EXPECT_EQ(dev.vf_bar_address(0, 5), 0x180000000ull + 5 * 0x100000);
    EXPECT_EQ(dev.vf_bar_address(3, 1), 0xC0000000ull + 0x100000); // re-masked to 1 MiB
}

TEST(ConfigDeviceVfBars, LargePageSizeWidensIntoUpperDw) {
    device_profile p = fast_profile();
    p.supported_page_sizes = 0x00100553; // + bit 20: 4 GiB pages
    sriov_device dev(p);
    wr(dev, PF, default_layout::sriov_vf_bar(0), 4, 0xFFFFFFFF);
    wr(dev, PF, default_layout::sriov_vf_bar(1), 4, 0xFFFFFFFF);
    wr(dev, PF, default_layout::sriov_system_page_size, 4, 0x00100000);
    EXPECT_EQ(dev.vf_bar_size(0), 1ull << 32);
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_vf_bar(0), 4), 0x0000000Cu);
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_vf_bar(1), 4), 0xFFFFFFFFu);
}

// --- routing --------------------------------------------------------------------

TEST_F(ConfigDevice, VfRoutingIds) {
    enable_vfs(dev, 64);
    EXPECT_EQ(dev.first_vf_offset(), 0x180u);
    EXPECT_EQ(dev.vf_stride(), 2u);
    EXPECT_EQ(dev.vf_rid(0), routing_id(0x0280)); // 02:10.0
    EXPECT_EQ(to_string(dev.vf_rid(0)), "02:10.0");
    EXPECT_EQ(dev.vf_rid(1), routing_id(0x0282));
    EXPECT_EQ(dev.vf_rid(63), routing_id(0x02FE));
    EXPECT_EQ(dev.vf_index_of(routing_id(0x02FE)), std::optional<uint16_t>(63));
    EXPECT_EQ(dev.vf_index_of(routing_id(0x0281)), std::nullopt); // off the grid
    EXPECT_EQ(dev.vf_index_of(routing_id(0x0300)), std::nullopt); // k >= NumVFs
    EXPECT_EQ(dev.vf_index_of(routing_id(0x0100)), std::nullopt); // the PF
}

TEST(ConfigRouting, CarryIntoBus) {
    device_profile p = fast_profile();
    p.pf_rid = 0x01FA; // 01:1f.2
    p.first_vf_offset = 2;
    p.vf_stride = 2;
    p.total_vfs = 8;
    p.initial_vfs = 8;
    sriov_device dev(p);
    const routing_id pf(0x01FA);
    wr(dev, pf, default_layout::sriov_num_vfs, 2, 8, T / 2);
    wr(dev, pf, default_layout::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable, T / 2);
    EXPECT_EQ(dev.vf_rid(0), routing_id(0x01FC));
    EXPECT_EQ(dev.vf_rid(1), routing_id(0x01FE));
    EXPECT_EQ(dev.vf_rid(2), routing_id(0x0200)); // carried into bus 2
    EXPECT_EQ(to_string(dev.vf_rid(2)), "02:00.0");
    EXPECT_EQ(dev.vf_rid(7), routing_id(0x020A));
    EXPECT_EQ(dev.vf_index_of(routing_id(0x0200)), std::optional<uint16_t>(2));
    EXPECT_EQ(rd(dev, routing_id(0x0200), reg::vendor_id, 2), 0xFFFFu);
    EXPECT_EQ(dev.read(routing_id(0x01FF), 0, 4, T).status, completion_status::unsupported_request);
}

TEST(ConfigRouting, StrideZeroWithOneVf) {
    device_profile p = fast_profile();
    p.total_vfs = 1;
    p.initial_vfs = 1;
    p.vf_stride = 0;
    sriov_device dev(p);
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_vf_stride, 2), 0u);
    // No VF yet: lookups never divide.
    EXPECT_EQ(dev.vf_index_of(routing_id(0x0280)), std::nullopt);
    enable_vfs(dev, 1);
    EXPECT_EQ(dev.active_vfs(), 1u);
    EXPECT_EQ(dev.vf_rid(0), routing_id(0x0280));
    EXPECT_EQ(dev.vf_index_of(routing_id(0x0280)), std::optional<uint16_t>(0));
    EXPECT_EQ(dev.vf_index_of(routing_id(0x0281)), std::nullopt);
    EXPECT_EQ(dev.vf_index_of(routing_id(0x027F)), std::nullopt);
    EXPECT_EQ(rd(dev, routing_id(0x0280), default_layout::msix_cap, 1), 0x11u);
    EXPECT_EQ(dev.read(routing_id(0x0282), 0, 4, T).status, completion_status::unsupported_request);
}

TEST(ConfigRouting, AriDependentOffsetAndStride) {
    device_profile p = fast_profile();
    p.offset_stride = offset_stride_rule::ari_dependent;
    sriov_device dev(p);
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_vf_offset, 2), 0x180u);
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_vf_stride, 2), 2u);
    wr(dev, PF, default_layout::sriov_ctrl, 2, bits::sriov_ctrl_ari_capable);
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_vf_offset, 2), 1u);
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_vf_stride, 2), 1u);
    wr(dev, PF, default_layout::sriov_num_vfs, 2, 16);
    wr(dev, PF, default_layout::sriov_ctrl, 2,
       bits::sriov_ctrl_ari_capable | bits::sriov_ctrl_vf_enable);
    EXPECT_EQ(dev.vf_rid(0), routing_id(0x0101));
    EXPECT_EQ(dev.vf_rid(15), routing_id(0x0110));
    EXPECT_EQ(to_string(dev.vf_rid(7)), "01:01.0"); // ARI function 8 shows as dev 1 fn 0
    // A PF FLR clears ARI Capable Hierarchy: offset/stride back to the non-ARI values.
    wr(dev, PF, default_layout::dev_ctrl, 2, bits::dev_ctrl_initiate_flr);
    EXPECT_EQ(dev.peek_dw(PF, default_layout::sriov_vf_offset / 4).value() & 0xFFFFu, 0x180u);
}

// --- UR -------------------------------------------------------------------------

TEST_F(ConfigDevice, OutOfRangeAccessIsUrAndChangesNothing) {
    enable_vfs(dev, 4);
    wr(dev, dev.vf_rid(1), reg::command, 2, bits::command_bus_master);
    const auto before = snapshot::of(dev);
    EXPECT_EQ(dev.read(PF, 4096, 1, T).status, completion_status::unsupported_request);
    EXPECT_EQ(dev.write(PF, 4096, 4, 0xFFFFFFFF, T).status, completion_status::unsupported_request);
    EXPECT_EQ(dev.write(PF, 4094, 4, 0xFFFFFFFF, T).status,
              completion_status::unsupported_request); // crosses the end / a DW
    EXPECT_EQ(dev.write(PF, 0x0E, 4, 0xFFFFFFFF, T).status,
              completion_status::unsupported_request); // crosses a DW
    EXPECT_EQ(dev.write(PF, 0x0C, 0, 0xFFFFFFFF, T).status,
              completion_status::unsupported_request); // length 0
    EXPECT_EQ(dev.access(dw_req(PF, 1024, true, 0xFFFFFFFF), T).status,
              completion_status::unsupported_request);
    EXPECT_EQ(dev.access(dw_req(dev.vf_rid(1), 0xFFFF, true, 0xFFFFFFFF), T).status,
              completion_status::unsupported_request);
    EXPECT_EQ(snapshot::of(dev), before); // not even URD: no TLP could carry such an offset
}

// URD and CED: the PF has Role-Based Error Reporting, so the UR it answers
// is an Advisory Non-Fatal Error (docs/config-space-map.md, "Error logging").
TEST_F(ConfigDevice, VfBeyondNumVfsIsUrAndSetsOnlyUrdAndCed) {
    enable_vfs(dev, 4);
    wr(dev, dev.vf_rid(1), reg::command, 2, bits::command_bus_master);
    auto before = snapshot::of(dev);
    const routing_id vf4(0x0288); // k = 4 = NumVFs
    const auto r = dev.access(dw_req(vf4, reg::command / 4, true, 0xFFFFFFFF), T);
    EXPECT_EQ(r.status, completion_status::unsupported_request);
    EXPECT_EQ(dev.read(vf4, 0, 4, T).status, completion_status::unsupported_request);
    EXPECT_EQ(dev.read(routing_id(0x0283), 0, 4, T).status,
              completion_status::unsupported_request); // off the grid
    auto after = snapshot::of(dev);
    const unsigned ds = default_layout::dev_ctrl / 4; // DW with Device Status in its upper half
    EXPECT_EQ(after.functions[PF.value][ds], before.functions[PF.value][ds] | 0x00090000u);
    after.functions[PF.value][ds] = before.functions[PF.value][ds];
    EXPECT_EQ(after, before);
}

TEST_F(ConfigDevice, VfWhileVfEnableClearIsUr) {
    const auto r = dev.read(routing_id(0x0280), 0, 4, T);
    EXPECT_EQ(r.status, completion_status::unsupported_request);
    EXPECT_EQ(rd(dev, PF, default_layout::dev_status, 2),
              uint32_t{bits::dev_status_urd} | bits::dev_status_ced);
}

// --- readiness --------------------------------------------------------------------

TEST(ConfigReadiness, CrsWindows) {
    device_profile p = device_profile::defaults(); // 100 ms windows
    sriov_device dev(p);
    const uint64_t ms = 1'000'000;
    EXPECT_EQ(dev.ready_at_ns(PF), 100 * ms);
    EXPECT_EQ(dev.read(PF, 0, 2, 100 * ms - 1).status, completion_status::config_request_retry);
    // A write during CRS changes nothing.
    const auto before = snapshot::of(dev);
    EXPECT_EQ(dev.write(PF, reg::command, 2, 0x0547, 50 * ms).status,
              completion_status::config_request_retry);
    EXPECT_EQ(snapshot::of(dev), before);
    EXPECT_EQ(rd(dev, PF, reg::vendor_id, 2, 100 * ms), 0x8086u);

    // VF Enable: every VF answers CRS for vf_enable_ready_ns.
    const uint64_t t1 = 200 * ms;
    wr(dev, PF, default_layout::sriov_num_vfs, 2, 8, t1);
    wr(dev, PF, default_layout::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable, t1);
    for (uint16_t k = 0; k < 8; ++k) {
        EXPECT_EQ(dev.ready_at_ns(dev.vf_rid(k)), t1 + 100 * ms);
        EXPECT_EQ(dev.read(dev.vf_rid(k), 0, 4, t1 + 100 * ms - 1).status,
                  completion_status::config_request_retry);
    }
    EXPECT_EQ(rd(dev, PF, reg::vendor_id, 2, t1 + 1), 0x8086u); // PF unaffected
    EXPECT_EQ(rd(dev, dev.vf_rid(7), reg::vendor_id, 2, t1 + 100 * ms), 0xFFFFu);

    // VF FLR: only that VF.
    const uint64_t t2 = 400 * ms;
    wr(dev, dev.vf_rid(3), default_layout::dev_ctrl, 2, bits::dev_ctrl_initiate_flr, t2);
    EXPECT_EQ(dev.ready_at_ns(dev.vf_rid(3)), t2 + 100 * ms);
    EXPECT_EQ(dev.read(dev.vf_rid(3), 0, 4, t2 + 1).status,
              completion_status::config_request_retry);
    EXPECT_EQ(rd(dev, dev.vf_rid(4), reg::vendor_id, 2, t2 + 1), 0xFFFFu);
    EXPECT_EQ(rd(dev, dev.vf_rid(3), reg::vendor_id, 2, t2 + 100 * ms), 0xFFFFu);

    // PF FLR.
    const uint64_t t3 = 600 * ms;
    wr(dev, PF, default_layout::dev_ctrl, 2, bits::dev_ctrl_initiate_flr, t3);
    EXPECT_EQ(dev.ready_at_ns(PF), t3 + 100 * ms);
    EXPECT_EQ(dev.read(PF, 0, 4, t3 + 100 * ms - 1).status,
              completion_status::config_request_retry);
    EXPECT_EQ(rd(dev, PF, reg::vendor_id, 2, t3 + 100 * ms), 0x8086u);

    // Conventional reset.
    dev.reset(t3 + 200 * ms);
    EXPECT_EQ(dev.ready_at_ns(PF), t3 + 300 * ms);
    EXPECT_EQ(dev.read(PF, 0, 4, t3 + 300 * ms - 1).status,
              completion_status::config_request_retry);
}

// --- FLR ------------------------------------------------------------------------

TEST_F(ConfigDevice, PfFlrResetsPfAndRemovesVfs) {
    wr(dev, PF, default_layout::sriov_system_page_size, 4, 0x10);
    wr(dev, PF, default_layout::sriov_vf_bar(0), 4, 0xFFFFFFFF);
    enable_vfs(dev, 8, bits::sriov_ctrl_vf_mse);
    wr(dev, PF, reg::command, 2, 0x0006);
    wr(dev, PF, reg::cache_line_size, 1, 0x10);
    wr(dev, PF, default_layout::link_ctrl, 2, 0xFFFF);
    wr(dev, PF, default_layout::link_ctrl2, 2, 0x0002);
    wr(dev, PF, default_layout::dev_ctrl2, 2, 0x001F);
    wr(dev, dev.vf_rid(2), reg::command, 2, bits::command_bus_master);
    ASSERT_EQ(dev.materialized_vfs(), 1u);
    const uint64_t now = 2 * T;
    // FLR together with other Device Control bits: the write is applied then
    // wiped, except Max_Payload_Size, which FLR keeps (PCIe Base 6.6.2).
    wr(dev, PF, default_layout::dev_ctrl, 2, 0x8000 | 0x00FF, now);
    EXPECT_FALSE(dev.vf_enable());
    EXPECT_EQ(dev.active_vfs(), 0u);
    EXPECT_EQ(dev.materialized_vfs(), 0u);
    EXPECT_FALSE(dev.function_exists(routing_id(0x0280)));
    const uint64_t later = now + 30;
    EXPECT_EQ(rd(dev, PF, default_layout::dev_ctrl, 2, later), 0x28F0u);  // MPS 111b kept
    EXPECT_EQ(rd(dev, PF, default_layout::link_ctrl, 2, later), 0x00CBu); // ASPM, RCB, CCC, ES kept
    EXPECT_EQ(rd(dev, PF, default_layout::link_ctrl2, 2, later),
              0x0002u);                                              // Target Link Speed (RWS)
    EXPECT_EQ(rd(dev, PF, default_layout::dev_ctrl2, 2, later), 0u); // not on the list: reset
    EXPECT_EQ(rd(dev, PF, reg::command, 2, later), 0u);
    EXPECT_EQ(rd(dev, PF, reg::cache_line_size, 1, later), 0u);
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_ctrl, 2, later), 0u);
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_num_vfs, 2, later), 0u);
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_system_page_size, 4, later), 1u);
    EXPECT_EQ(rd(dev, PF, default_layout::sriov_vf_bar(0), 4, later), 0xCu);
    EXPECT_EQ(dev.read(routing_id(0x0280), 0, 4, later).status,
              completion_status::unsupported_request);
    sriov_device fresh_dev(fast_profile());
    for (uint16_t d = 0; d < 1024; ++d) {
        if (d == default_layout::dev_ctrl / 4 || d == default_layout::link_ctrl / 4 ||
            d == default_layout::link_ctrl2 / 4) {
            continue; // URD from the UR above; the fields FLR keeps
        }
        ASSERT_EQ(dev.peek_dw(PF, d), fresh_dev.peek_dw(PF, d)) << "DW " << d;
    }
}

TEST_F(ConfigDevice, VfFlrResetsOnlyThatVf) {
    enable_vfs(dev, 8);
    wr(dev, PF, reg::command, 2, 0x0002);
    for (uint16_t k : {2, 3}) {
        wr(dev, dev.vf_rid(k), reg::command, 2, bits::command_bus_master);
        wr(dev, dev.vf_rid(k), default_layout::msix_ctrl, 2, bits::msix_ctrl_enable);
    }
    ASSERT_EQ(dev.materialized_vfs(), 2u);
    auto before = snapshot::of(dev);
    wr(dev, dev.vf_rid(2), default_layout::dev_ctrl, 2, bits::dev_ctrl_initiate_flr | 0x00F0, T);
    EXPECT_EQ(dev.materialized_vfs(), 1u);
    EXPECT_EQ(dev.ready_at_ns(dev.vf_rid(2)), T + 30);
    EXPECT_EQ(dev.read(dev.vf_rid(2), 0, 4, T + 29).status,
              completion_status::config_request_retry);
    auto after = snapshot::of(dev);
    // VF 2 back to the template; everything else identical.
    for (uint16_t d = 0; d < 1024; ++d) {
        EXPECT_EQ(after.functions[dev.vf_rid(2).value][d], dev.vf_layout().reset_dw(d));
    }
    after.functions[dev.vf_rid(2).value] = before.functions[dev.vf_rid(2).value];
    after.ready[dev.vf_rid(2).value] = before.ready[dev.vf_rid(2).value];
    after.materialized = before.materialized;
    EXPECT_EQ(after, before);
    EXPECT_EQ(rd(dev, dev.vf_rid(3), reg::command, 2, T + 30), 4u);
    EXPECT_EQ(rd(dev, dev.vf_rid(2), reg::command, 2, T + 30), 0u);
    EXPECT_EQ(rd(dev, dev.vf_rid(2), default_layout::dev_ctrl, 2, T + 30), 0u); // RsvdP in a VF
}

// --- VF header rules and lazy storage -------------------------------------------

TEST_F(ConfigDevice, VfHeaderRules) {
    enable_vfs(dev, 2);
    const routing_id vf = dev.vf_rid(1);
    wr(dev, vf, reg::command, 2, 0xFFFF);
    EXPECT_EQ(rd(dev, vf, reg::command, 2), 0x0004u); // only Bus Master Enable
    for (unsigned i = 0; i < 6; ++i) {
        wr(dev, vf, reg::bar(i), 4, 0xFFFFFFFF);
        EXPECT_EQ(rd(dev, vf, reg::bar(i), 4), 0u);
    }
    wr(dev, vf, reg::interrupt_line, 1, 0xFF);
    EXPECT_EQ(rd(dev, vf, reg::interrupt_line, 2), 0u);
    EXPECT_EQ(rd(dev, vf, default_layout::sriov_header, 4), 0u); // no SR-IOV capability
    EXPECT_EQ(rd(dev, vf, reg::cap_ptr, 1), 0x50u);
    wr(dev, vf, default_layout::dev_ctrl, 2, 0x7FFF);
    EXPECT_EQ(rd(dev, vf, default_layout::dev_ctrl, 2), 0u); // RsvdP but Initiate FLR
    EXPECT_EQ(rd(dev, vf, reg::revision_id, 1), 0x01u);
    EXPECT_EQ(rd(dev, dev.vf_rid(0), reg::command, 2), 0u); // other VF untouched
}

TEST_F(ConfigDevice, VfStorageIsLazy) {
    enable_vfs(dev, 64);
    EXPECT_EQ(dev.materialized_vfs(), 0u);
    for (uint16_t k = 0; k < 64; ++k) {
        rd(dev, dev.vf_rid(k), reg::command, 2);
        wr(dev, dev.vf_rid(k), reg::vendor_id, 2, 0x1234); // RO: nothing changes
    }
    EXPECT_EQ(dev.materialized_vfs(), 0u);
    wr(dev, dev.vf_rid(5), reg::command, 2, bits::command_bus_master);
    EXPECT_EQ(dev.materialized_vfs(), 1u);
}

TEST(ConfigScale, SixtyFiveThousandVfs) {
    sriov_device dev(ari_scale_profile(fast_profile()));
    const routing_id pf(0);
    wr(dev, pf, default_layout::sriov_ctrl, 2, bits::sriov_ctrl_ari_capable);
    wr(dev, pf, default_layout::sriov_num_vfs, 2, 65000);
    wr(dev, pf, default_layout::sriov_ctrl, 2,
       bits::sriov_ctrl_ari_capable | bits::sriov_ctrl_vf_enable, T / 2);
    EXPECT_EQ(dev.active_vfs(), 65000u);
    EXPECT_EQ(dev.vf_rid(64999), routing_id(65000));
    EXPECT_EQ(rd(dev, routing_id(65000), reg::vendor_id, 2), 0xFFFFu);
    EXPECT_EQ(dev.read(routing_id(65001), 0, 4, T).status, completion_status::unsupported_request);
    EXPECT_EQ(dev.materialized_vfs(), 0u);
}

TEST(ConfigDeviceCtor, InvalidProfileThrows) {
    device_profile p = fast_profile();
    p.initial_vfs = 0;
    EXPECT_THROW(sriov_device{p}, profile_error);
}

TEST(ConfigAccess, ToString) {
    EXPECT_EQ(to_string(routing_id::from_bdf(0x3a, 0x1f, 7)), "3a:1f.7");
    EXPECT_STREQ(to_string(completion_status::config_request_retry), "CRS");
    EXPECT_STREQ(to_string(completion_status::unsupported_request), "UR");
    EXPECT_STREQ(to_string(reg_attr::rw1c), "RW1C");
}
