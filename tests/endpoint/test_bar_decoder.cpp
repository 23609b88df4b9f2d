// BAR window arithmetic (models/endpoint bar_decoder) on hand-built states,
// and on the state the configuration-space model reports after software
// programs the built-in device (82599 layout: PF BAR0 512 KiB and BAR4
// 16 KiB, VF BAR0 and BAR3 16 KiB, all 64-bit).
#include "config_test_util.h"
#include "default_layout.h"
#include "sriov/endpoint/bar_decoder.h"
#include "sriov/endpoint/bar_state.h"

#include <gtest/gtest.h>

namespace sriov::endpoint {
namespace {

using config::sriov_device;
using config::testing::fast_profile;
using config::testing::T;
using config::testing::wr;
namespace dl = default_layout;

// --- pure arithmetic -----------------------------------------------------------

pf_bar_state hand_state() {
    pf_bar_state s;
    s.pf = routing_id(0x0100);
    s.memory_space_enable = true;
    s.bars[0] = {0xFE000000, 0x1000, false};
    s.bars[2] = {0x300000000ull, 0x10000, true};
    s.vf_enable = true;
    s.vf_mse = true;
    s.vfs = {routing_id(0x0180), routing_id(0x0182), routing_id(0x0184)};
    s.vf_bars[0] = {0x400000000ull, 0x4000, true};
    return s;
}

TEST(BarDecoder, PfWindowsAndOffsets) {
    bar_decoder d;
    d.set_pf(0, hand_state());
    auto h = d.decode(0xFE000FFC, 4);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->function, routing_id(0x0100));
    EXPECT_FALSE(h->is_vf);
    EXPECT_EQ(h->bar, 0u);
    EXPECT_EQ(h->offset, 0xFFCu);
    h = d.decode(0x30000FFF0ull, 16);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->bar, 2u);
    EXPECT_EQ(h->offset, 0xFFF0u);
}

TEST(BarDecoder, VfKAtBasePlusKTimesAperture) {
    bar_decoder d;
    d.set_pf(0, hand_state());
    for (uint16_t k = 0; k < 3; ++k) {
        const auto h = d.decode(0x400000000ull + k * 0x4000ull + 0x20, 4);
        ASSERT_TRUE(h) << k;
        EXPECT_TRUE(h->is_vf);
        EXPECT_EQ(h->vf_index, k);
        EXPECT_EQ(h->function, hand_state().vfs[k]);
        EXPECT_EQ(h->offset, 0x20u);
        EXPECT_EQ(h->window_base, 0x400000000ull + k * 0x4000ull);
    }
    // Past NumVFs apertures: nobody.
    EXPECT_FALSE(d.decode(0x400000000ull + 3 * 0x4000ull));
    EXPECT_FALSE(d.decode(0x400000000ull - 4));
}

TEST(BarDecoder, RequestsMustFitOneWindow) {
    bar_decoder d;
    d.set_pf(0, hand_state());
    EXPECT_TRUE(d.decode(0xFE000FFC, 4));
    EXPECT_FALSE(d.decode(0xFE000FFC, 8));              // runs past the PF BAR
    EXPECT_FALSE(d.decode(0x400000000ull + 0x3FFC, 8)); // VF 0 into VF 1
    EXPECT_TRUE(d.decode(0xFE000000, 0));               // zero-length read
    EXPECT_FALSE(d.decode(0xFFFFFFFFFFFFFFFCull, 8));   // wraps
}

TEST(BarDecoder, EnablesGateTheWindows) {
    bar_decoder d;
    pf_bar_state s = hand_state();
    s.memory_space_enable = false;
    d.set_pf(0, s);
    EXPECT_FALSE(d.decode(0xFE000000));
    EXPECT_TRUE(d.decode(0x400000000ull)); // PF MSE does not gate VFs
    s.vf_mse = false;
    d.set_pf(0, s);
    EXPECT_FALSE(d.decode(0x400000000ull));
    s.vf_mse = true;
    s.vf_enable = false;
    d.set_pf(0, s);
    EXPECT_FALSE(d.decode(0x400000000ull));
    EXPECT_TRUE(d.windows().empty());
}

TEST(BarDecoder, WindowsListsEveryClaimedRange) {
    bar_decoder d;
    d.set_pf(0, hand_state());
    const auto w = d.windows();
    ASSERT_EQ(w.size(), 5u); // PF BAR0, BAR2, VF 0..2 BAR0
    EXPECT_EQ(w[1].window_base, 0x300000000ull);
    EXPECT_EQ(w[4].function, routing_id(0x0184));
    EXPECT_EQ(w[4].window_base, 0x400008000ull);
}

TEST(BarDecoder, OverlapGoesToThePfFirst) {
    bar_decoder d;
    pf_bar_state s = hand_state();
    s.vf_bars[0] = {0xFE000000, 0x1000, false};
    d.set_pf(0, s);
    EXPECT_FALSE(d.decode(0xFE000000)->is_vf);
    EXPECT_TRUE(d.decode(0xFE001000)->is_vf);
}

// --- on the configuration-space model ------------------------------------------

class BarDecodeOnDevice : public ::testing::Test {
protected:
    sriov_device dev{fast_profile()};
    const routing_id pf = dev.pf_rid();

    void program_pf_bars() {
        wr(dev, pf, reg::bar(0), 4, 0x00000000);
        wr(dev, pf, reg::bar(1), 4, 0x00000001); // BAR0: 1_0000_0000
        wr(dev, pf, reg::bar(4), 4, 0xFE000000);
        wr(dev, pf, reg::bar(5), 4, 0x00000000); // BAR4: FE00_0000
    }
    void program_vf_bars() {
        wr(dev, pf, dl::sriov_vf_bar(0), 4, 0x00000000);
        wr(dev, pf, dl::sriov_vf_bar(1), 4, 0x00000002); // VF BAR0: 2_0000_0000
        wr(dev, pf, dl::sriov_vf_bar(3), 4, 0xFD000000);
        wr(dev, pf, dl::sriov_vf_bar(4), 4, 0x00000000); // VF BAR3: FD00_0000
    }
    void enable_vfs(uint16_t n, uint16_t ctrl) {
        wr(dev, pf, dl::sriov_num_vfs, 2, n);
        wr(dev, pf, dl::sriov_ctrl, 2, ctrl);
    }
    bar_decoder decoder() const { return make_bar_decoder(dev); }
};

constexpr uint16_t vf_on = bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse;

TEST_F(BarDecodeOnDevice, PfBarsOnlyWithMemorySpaceEnable) {
    program_pf_bars();
    EXPECT_FALSE(decoder().decode(0x100000000ull));
    wr(dev, pf, reg::command, 2, bits::command_mem);
    const bar_decoder d = decoder();
    auto h = d.decode(0x100000000ull + 0x7FFFC, 4); // 64-bit BAR0, last DW of 512 KiB
    ASSERT_TRUE(h);
    EXPECT_EQ(h->function, pf);
    EXPECT_EQ(h->bar, 0u);
    EXPECT_EQ(h->offset, 0x7FFFCu);
    EXPECT_FALSE(d.decode(0x100000000ull + 0x80000));
    h = d.decode(0xFE000010, 4);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->bar, 4u);
    EXPECT_EQ(h->offset, 0x10u);
}

TEST_F(BarDecodeOnDevice, VfWindowsFollowVfBarsAndNumVfs) {
    program_vf_bars();
    enable_vfs(4, vf_on);
    const bar_decoder d = decoder();
    for (uint16_t k = 0; k < 4; ++k) {
        auto h = d.decode(0x200000000ull + k * 0x4000ull + 0x10, 4);
        ASSERT_TRUE(h) << k;
        EXPECT_EQ(h->function, dev.vf_rid(k));
        EXPECT_EQ(h->bar, 0u);
        EXPECT_EQ(h->offset, 0x10u);
        h = d.decode(0xFD000000 + k * 0x4000u, 4);
        ASSERT_TRUE(h) << k;
        EXPECT_EQ(h->function, dev.vf_rid(k));
        EXPECT_EQ(h->bar, 3u);
    }
    EXPECT_FALSE(d.decode(0x200000000ull + 4 * 0x4000ull));
    EXPECT_FALSE(d.decode(0xFD010000));
}

TEST_F(BarDecodeOnDevice, VfMseGatesAndPfMseDoesNot) {
    program_vf_bars();
    enable_vfs(2, bits::sriov_ctrl_vf_enable);
    EXPECT_FALSE(decoder().decode(0x200000000ull));
    wr(dev, pf, dl::sriov_ctrl, 2, vf_on);
    EXPECT_EQ(dev.peek_dw(pf, reg::command / 4).value_or(1) & bits::command_mem, 0u);
    EXPECT_TRUE(decoder().decode(0x200000000ull));
}

TEST_F(BarDecodeOnDevice, SystemPageSizeWidensAndAlignsTheAperture) {
    // 64 KiB pages (bit 4): each VF's 16 KiB BAR takes a 64 KiB aperture, and
    // VF BAR bits below 64 KiB read 0 (SR-IOV 3.3.13, 3.3.14).
    wr(dev, pf, dl::sriov_system_page_size, 4, 0x10);
    program_vf_bars();
    wr(dev, pf, dl::sriov_vf_bar(3), 4, 0xFD004000); // not 64 KiB aligned
    enable_vfs(3, vf_on);
    const bar_decoder d = decoder();
    auto h = d.decode(0x200000000ull + 2 * 0x10000ull + 0x3FFC, 4);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->function, dev.vf_rid(2));
    EXPECT_EQ(h->window_size, 0x10000u);
    EXPECT_EQ(h->offset, 0x3FFCu);
    h = d.decode(0xFD010000, 4);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->window_base, 0xFD010000u); // base rounded down to FD00_0000
    EXPECT_EQ(h->function, dev.vf_rid(1));
}

TEST_F(BarDecodeOnDevice, ReprogrammingMovesTheWindows) {
    program_vf_bars();
    enable_vfs(2, vf_on);
    wr(dev, pf, dl::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable); // VF MSE off to move
    wr(dev, pf, dl::sriov_vf_bar(1), 4, 0x00000003);
    wr(dev, pf, dl::sriov_ctrl, 2, vf_on);
    const bar_decoder d = decoder();
    EXPECT_FALSE(d.decode(0x200000000ull));
    ASSERT_TRUE(d.decode(0x300004000ull));
    EXPECT_EQ(d.decode(0x300004000ull)->function, dev.vf_rid(1));
}

TEST_F(BarDecodeOnDevice, VfDisableAndPfFlrRemoveWindows) {
    program_pf_bars();
    program_vf_bars();
    wr(dev, pf, reg::command, 2, bits::command_mem);
    enable_vfs(2, vf_on);
    EXPECT_EQ(decoder().windows().size(), 2u + 2u * 2u);
    wr(dev, pf, dl::sriov_ctrl, 2, bits::sriov_ctrl_vf_mse); // VF Enable off
    EXPECT_EQ(decoder().windows().size(), 2u);
    EXPECT_FALSE(decoder().decode(0x200000000ull));
    wr(dev, pf, dl::sriov_ctrl, 2, vf_on);
    EXPECT_TRUE(decoder().decode(0x200000000ull));
    // PF FLR: Command and SR-IOV Control back to 0, every window gone.
    wr(dev, pf, dl::dev_ctrl, 2, bits::dev_ctrl_initiate_flr, 2 * T);
    EXPECT_TRUE(decoder().windows().empty());
    EXPECT_FALSE(decoder().decode(0xFE000000));
}

TEST_F(BarDecodeOnDevice, VfFlrKeepsTheVfWindow) {
    // A VF's BAR window lives in the PF's SR-IOV capability: a VF FLR leaves it.
    program_vf_bars();
    enable_vfs(2, vf_on);
    wr(dev, dev.vf_rid(1), dl::dev_ctrl, 2, bits::dev_ctrl_initiate_flr, 2 * T);
    ASSERT_TRUE(decoder().decode(0x200004000ull));
    EXPECT_EQ(decoder().decode(0x200004000ull)->function, dev.vf_rid(1));
}

} // namespace
} // namespace sriov::endpoint
