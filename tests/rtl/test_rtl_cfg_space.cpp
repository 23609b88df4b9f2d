// Directed tests of rtl/sriov_cfg_space.sv (default 82599-like build) through
// the C++ pin-level driver. Expected values come from docs/config-space-map.md.
#include "rtl_test_fixture.h"

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace sriov::rtl::test;

TEST_F(RtlCfgSpace, PfHeaderResetValues) {
    const std::vector<std::pair<uint16_t, uint32_t>> expect = {
        {0x00, 0x10FB8086}, {0x04, 0x00100000}, {0x08, 0x02000001}, {0x0C, 0x00000000},
        {0x10, 0x00000004}, {0x14, 0x00000000}, {0x18, 0x00000001}, {0x1C, 0x00000000},
        {0x20, 0x00000004}, {0x24, 0x00000000}, {0x28, 0x00000000}, {0x2C, 0x000C8086},
        {0x30, 0x00000000}, {0x34, 0x00000040}, {0x38, 0x00000000}, {0x3C, 0x00000100},
    };
    for (const auto& [off, v] : expect) {
        expect_dw(pf, off, v);
    }
}

TEST_F(RtlCfgSpace, PfCapabilityResetValues) {
    const std::vector<std::pair<uint16_t, uint32_t>> expect = {
        // PM
        {0x40, 0x00035001},
        {0x44, 0x00000008},
        {0x48, 0},
        // MSI-X: 64 vectors
        {0x50, 0x003F7011},
        {0x54, 0x00000004},
        {0x58, 0x00002004},
        {0x5C, 0},
        // PCIe, Gen3 x4
        {0x70, 0x00020010},
        {0x74, 0x10008022},
        {0x78, 0x00002810},
        {0x7C, 0x00000043},
        {0x80, 0x10430000},
        {0x84, 0},
        {0x88, 0},
        {0x8C, 0},
        {0x90, 0},
        {0x94, 0x0000001F},
        {0x98, 0},
        {0x9C, 0x0000000E},
        {0xA0, 0x00000003},
        {0xA4, 0},
        {0xA8, 0},
        // ARI
        {0x100, 0x1601000E},
        {0x104, 0},
        // SR-IOV
        {0x160, 0x00010010},
        {0x164, 0},
        {0x168, 0},
        {0x16C, 0x00400040},
        {0x170, 0},
        {0x174, 0x00020180},
        {0x178, 0x10ED0000},
        {0x17C, 0x00000553},
        {0x180, 1},
        {0x184, 0x0000000C},
        {0x188, 0},
        {0x18C, 0},
        {0x190, 0x0000000C},
        {0x194, 0},
        {0x198, 0},
        {0x19C, 0},
        // unlisted
        {0x60, 0},
        {0xFC, 0},
        {0x108, 0},
        {0x1A0, 0},
        {0xFFC, 0},
    };
    for (const auto& [off, v] : expect) {
        expect_dw(pf, off, v);
    }
}

TEST_F(RtlCfgSpace, ReadOnlyRegistersIgnoreWrites) {
    for (uint16_t off :
         {0x00, 0x08,  0x2C,  0x34,  0x40,  0x54,  0x58,  0x70,  0x74,  0x7C,  0x94,
          0x9C, 0x100, 0x104, 0x160, 0x164, 0x16C, 0x174, 0x178, 0x17C, 0x19C, 0x200}) {
        const uint32_t before = rd(pf, off);
        wr(pf, off, 0xFFFFFFFF);
        EXPECT_EQ(rd(pf, off), before) << "off 0x" << std::hex << off;
        wr(pf, off, 0);
        EXPECT_EQ(rd(pf, off), before) << "off 0x" << std::hex << off;
    }
}

// Write masks of PF registers: each rule is a sequence of writes, each read
// back right after it (on a fresh block per rule).
struct write_step {
    uint16_t off;
    uint32_t data;
    uint8_t be;
    uint32_t read_back;
};

struct write_rule {
    const char* name;
    std::vector<write_step> steps;
};

const write_rule write_rules[] = {
    {"PfBarSizing",
     {
         {0x10, 0xFFFFFFFF, 0xF, 0xFFF80004}, // mem64 512 KiB
         {0x14, 0xFFFFFFFF, 0xF, 0xFFFFFFFF}, // its upper DW
         {0x18, 0xFFFFFFFF, 0xF, 0xFFFFFFE1}, // io 32 B
         {0x1C, 0xFFFFFFFF, 0xF, 0x00000000}, // none
         {0x20, 0xFFFFFFFF, 0xF, 0xFFFFC004}, // mem64 16 KiB
         {0x24, 0xFFFFFFFF, 0xF, 0xFFFFFFFF},
         {0x10, 0xFEB12345, 0xF, 0xFEB00004},
         {0x18, 0x0000E0FF, 0xF, 0x0000E0E1},
         {0x14, 0x00000001, 0xF, 0x00000001},
     }},
    {"CommandStatusRules",
     {
         // RW bits only; Status RW1C bits were 0, Cap List RO 1
         {0x04, 0xFFFFFFFF, 0xF, 0x00100547},
         {0x04, 0x00000000, 0xF, 0x00100000},
         {0x04, 0xFFFFFFFF, 0x2, 0x00100500}, // byte 1 only: SERR, INTx Disable
         {0x04, 0x00000006, 0x1, 0x00100506},
     }},
    {"SubDwWritesTouchOnlyEnabledBytes",
     {
         {0x0C, 0xFFFFFFFF, 0x1, 0x000000FF}, // Cache Line Size RW; Lat/HdrType/BIST RO 0
         {0x3C, 0xFFFFFFFF, 0x1, 0x000001FF}, // Interrupt Line RW, Pin RO 1
         {0x3C, 0x00000000, 0xE, 0x000001FF},
         {0x3C, 0x00000000, 0x0, 0x000001FF}, // BE 0 writes nothing
         {0x78, 0x00000000, 0x0, 0x00002810},
     }},
    {"PcieControlMasks",
     {
         {0x78, 0x00007FFF, 0x3, 0x000079FF}, // Device Control RW 0x79FF
         {0x78, 0x00000000, 0x3, 0x00000000},
         {0x80, 0xFFFFFFFF, 0xF, 0x104300CB}, // Link Control RW 0xCB, Link Status RO
         {0x98, 0xFFFFFFFF, 0xF, 0x0000001F},
         {0xA0, 0xFFFFFFFF, 0xF, 0x0000000F},
         {0x50, 0xFFFFFFFF, 0xF, 0xC03F7011}, // MSI-X Enable + Function Mask
         {0x50, 0x40000000, 0x8, 0x403F7011},
     }},
    {"PowerStateRejectsD1D2",
     {
         {0x44, 0x00000001, 0xF, 0x00000008},
         {0x44, 0x00000003, 0xF, 0x0000000B},
         {0x44, 0x00000002, 0xF, 0x0000000B},
         {0x44, 0xFFFFFFFC, 0xF, 0x00000008}, // D0; other PMCSR bits RO
     }},
};

// gtest prints the parameter in the test's name (CTest shows it): the rule's name.
void PrintTo(const write_rule& rule, std::ostream* os) {
    *os << rule.name;
}

class RtlWriteRules : public RtlCfgSpace, public ::testing::WithParamInterface<write_rule> {};

TEST_P(RtlWriteRules, ReadBack) {
    for (const write_step& s : GetParam().steps) {
        SCOPED_TRACE(::testing::Message() << "write 0x" << std::hex << s.data << " BE 0x"
                                          << unsigned{s.be} << " at 0x" << s.off);
        wr(pf, s.off, s.data, s.be);
        expect_dw(pf, s.off, s.read_back);
    }
}

INSTANTIATE_TEST_SUITE_P(RtlCfgSpace, RtlWriteRules, ::testing::ValuesIn(write_rules),
                         [](const ::testing::TestParamInfo<write_rule>& rule) {
                             return std::string(rule.param.name);
                         });

// URD, and CED: a Non-Fatal UR a completer with Role-Based Error Reporting
// sends is an Advisory Non-Fatal Error (PCIe Base 6.2.3.2.4.1).
TEST_F(RtlCfgSpace, UnsupportedRequestSetsUrdAndRw1cClears) {
    EXPECT_EQ(status_of(vf_rid(0), 0x00), completion_status::unsupported_request);
    expect_dw(pf, 0x78, 0x00092810);
    wr(pf, 0x78, 0x00002810, 0x3); // bytes 0-1 only: no clear
    expect_dw(pf, 0x78, 0x00092810);
    wr(pf, 0x78, 0x00060000, 0x4); // writing 0 to URD and CED keeps them
    expect_dw(pf, 0x78, 0x00092810);
    wr(pf, 0x78, 0x00090000, 0x4);
    expect_dw(pf, 0x78, 0x00002810);
    // A UR write changes nothing else.
    EXPECT_EQ(status_of(0x0101, 0x04, true, 0xFFFF), completion_status::unsupported_request);
    expect_dw(pf, 0x04, 0x00100000);
    expect_dw(pf, 0x78, 0x00092810);
}

TEST_F(RtlCfgSpace, SriovControlBits) {
    wr(pf, 0x168, 0xFFFFFFFF); // NumVFs 0: VF Enable may be set, no VF exists
    expect_dw(pf, 0x168, 0x00000019);
    EXPECT_TRUE(drv.vf_enable());
    EXPECT_TRUE(drv.vf_mse());
    EXPECT_EQ(status_of(vf_rid(0), 0x00), completion_status::unsupported_request);
    wr(pf, 0x168, 0x0);
    expect_dw(pf, 0x168, 0x00000010); // ARI was locked by VF Enable = 1 before the write
    wr(pf, 0x168, 0x0);
    expect_dw(pf, 0x168, 0x00000000);
    // ARI Capable Hierarchy does not move offset/stride with the fixed rule.
    wr(pf, 0x168, 0x10);
    expect_dw(pf, 0x174, 0x00020180);
}

TEST_F(RtlCfgSpace, VfEnableBlockedWhenNumVfsAboveTotal) {
    wr(pf, 0x170, 65, 0x3);
    wr(pf, 0x168, 0x9, 0x3); // VF Enable + VF MSE
    expect_dw(pf, 0x168, 0x00000008);
    EXPECT_FALSE(drv.vf_enable());
    EXPECT_TRUE(drv.vf_mse());
    t += ready_ns;
    EXPECT_EQ(status_of(vf_rid(0), 0x00), completion_status::unsupported_request);
    wr(pf, 0x170, 0xFFFF, 0x3);
    wr(pf, 0x168, 0x9, 0x3);
    EXPECT_FALSE(drv.vf_enable());
    wr(pf, 0x170, 64, 0x3);
    wr(pf, 0x168, 0x9, 0x3);
    EXPECT_TRUE(drv.vf_enable());
    EXPECT_EQ(drv.num_vfs(), 64);
}

TEST_F(RtlCfgSpace, NumVfsAndAriLockedWhileEnabled) {
    enable_vfs(4);
    wr(pf, 0x170, 8, 0x3);
    expect_dw(pf, 0x170, 4);
    wr(pf, 0x170, 0xFFFFFFFF);
    expect_dw(pf, 0x170, 4);
    EXPECT_EQ(drv.num_vfs(), 4);
    wr(pf, 0x168, 0x19, 0x1); // ARI ignored, MSE applied
    expect_dw(pf, 0x168, 0x00000009);
    wr(pf, 0x168, 0x0, 0x1); // disable: VFs gone
    EXPECT_EQ(status_of(vf_rid(0), 0x00), completion_status::unsupported_request);
    wr(pf, 0x170, 8, 0x3);
    expect_dw(pf, 0x170, 8);
    wr(pf, 0x170, 0x12345678, 0x2); // byte 1 only
    expect_dw(pf, 0x170, 0x5608);
}

TEST_F(RtlCfgSpace, SystemPageSizeValidation) {
    wr(pf, 0x180, 0x2);
    expect_dw(pf, 0x180, 0x2);
    EXPECT_EQ(drv.system_page_size(), 0x2u);
    wr(pf, 0x180, 0x3); // two bits
    expect_dw(pf, 0x180, 0x2);
    wr(pf, 0x180, 0x4); // unsupported
    expect_dw(pf, 0x180, 0x2);
    wr(pf, 0x180, 0x0);
    expect_dw(pf, 0x180, 0x2);
    wr(pf, 0x180, 0x00000410, 0x1); // byte 0 -> 0x10 (byte 1 not enabled)
    expect_dw(pf, 0x180, 0x10);
    wr(pf, 0x180, 0x00000400, 0x2); // DW after BE = 0x410: two bits, rejected
    expect_dw(pf, 0x180, 0x10);
    wr(pf, 0x180, 0x1);
    enable_vfs(1);
    wr(pf, 0x180, 0x2); // locked while VF Enable
    expect_dw(pf, 0x180, 0x1);
}

TEST_F(RtlCfgSpace, VfBarSizingAndPageSize) {
    wr(pf, 0x184, 0xFFFFFFFF);
    expect_dw(pf, 0x184, 0xFFFFC00C); // mem64 prefetchable 16 KiB
    wr(pf, 0x188, 0xFFFFFFFF);
    expect_dw(pf, 0x188, 0xFFFFFFFF);
    wr(pf, 0x18C, 0xFFFFFFFF);
    expect_dw(pf, 0x18C, 0x00000000); // none
    wr(pf, 0x190, 0xFFFFFFFF);
    expect_dw(pf, 0x190, 0xFFFFC00C);
    wr(pf, 0x184, 0x12345678);
    expect_dw(pf, 0x184, 0x1234400C);
    wr(pf, 0x180, 0x10); // 64 KiB pages: re-mask
    expect_dw(pf, 0x184, 0x1234000C);
    expect_dw(pf, 0x188, 0xFFFFFFFF); // upper DW untouched
    expect_dw(pf, 0x190, 0xFFFF000C);
    wr(pf, 0x184, 0xFFFFFFFF);
    expect_dw(pf, 0x184, 0xFFFF000C);
    wr(pf, 0x184, 0x12345678);
    wr(pf, 0x180, 0x1); // back to 4 KiB: cleared bits stay cleared
    expect_dw(pf, 0x184, 0x1234000C);
    wr(pf, 0x180, 0x400); // 4 MiB pages
    wr(pf, 0x184, 0xFFFFFFFF);
    expect_dw(pf, 0x184, 0xFFC0000C);
    // VF BARs stay writable with VF Enable set.
    wr(pf, 0x180, 0x1);
    enable_vfs(2);
    wr(pf, 0x190, 0xABCDE000);
    expect_dw(pf, 0x190, 0xABCDC00C);
}

TEST_F(RtlCfgSpace, VfHeaderRules) {
    enable_vfs(2);
    const uint16_t vf = vf_rid(0);
    const std::vector<std::pair<uint16_t, uint32_t>> expect = {
        {0x00, 0xFFFFFFFF}, {0x04, 0x00100000},  {0x08, 0x02000001}, {0x0C, 0},
        {0x10, 0},          {0x14, 0},           {0x18, 0},          {0x1C, 0},
        {0x20, 0},          {0x24, 0},           {0x28, 0},          {0x2C, 0x000C8086},
        {0x30, 0},          {0x34, 0x00000050},  {0x3C, 0},          {0x40, 0},
        {0x44, 0},          {0x50, 0x00027011},  {0x54, 0x00000003}, {0x58, 0x00002003},
        {0x70, 0x00020010}, {0x74, 0x10008022},  {0x78, 0x00000000}, {0x7C, 0x00000043},
        {0x80, 0x00000000}, {0x94, 0x0000001F},  {0x98, 0},          {0x9C, 0x0000000E},
        {0xA0, 0},          {0x100, 0x0001000E}, {0x104, 0},         {0x160, 0},
        {0x168, 0},         {0x180, 0},          {0x184, 0},
    };
    for (const auto& [off, v] : expect) {
        expect_dw(vf, off, v);
    }
    // Writes: only BME and MSI-X control bits stick (VF Device Control is RsvdP).
    for (uint16_t off : {0x00, 0x04, 0x0C, 0x10, 0x14, 0x24, 0x3C, 0x50, 0x78, 0x80, 0x98, 0xA0,
                         0x168, 0x170, 0x180}) {
        wr(vf, off, (off == 0x78) ? 0x00007FFF : 0xFFFFFFFF);
    }
    expect_dw(vf, 0x04, 0x00100004);
    expect_dw(vf, 0x0C, 0);
    expect_dw(vf, 0x10, 0);
    expect_dw(vf, 0x3C, 0);
    expect_dw(vf, 0x50, 0xC0027011);
    expect_dw(vf, 0x78, 0x00000000);
    expect_dw(vf, 0x80, 0x00000000); // Link Control RsvdP, Link Status RsvdZ
    expect_dw(vf, 0x98, 0);
    expect_dw(vf, 0xA0, 0);
    expect_dw(vf, 0x168, 0);
    // VF 1 and the PF are untouched.
    expect_dw(vf_rid(1), 0x04, 0x00100000);
    expect_dw(vf_rid(1), 0x78, 0x00000000);
    expect_dw(pf, 0x04, 0x00100000);
    expect_dw(pf, 0x168, 0x00000001);
}

TEST_F(RtlCfgSpace, RoutingGridAndLimits) {
    enable_vfs(64);
    for (unsigned k = 0; k < 64; ++k) {
        expect_dw(vf_rid(k), 0x00, 0xFFFFFFFF);
    }
    EXPECT_EQ(vf_rid(0), 0x0280); // 02:10.0: carried into the bus number
    EXPECT_EQ(status_of(vf_rid(64), 0x00), completion_status::unsupported_request);
    EXPECT_EQ(status_of(vf_rid(0) + 1, 0x00), completion_status::unsupported_request);
    EXPECT_EQ(status_of(vf_rid(0) - 2, 0x00), completion_status::unsupported_request);
    EXPECT_EQ(status_of(0x0101, 0x00), completion_status::unsupported_request);
    EXPECT_EQ(status_of(0xFFFF, 0x00), completion_status::unsupported_request);
    // Each VF keeps its own state.
    wr(vf_rid(10), 0x04, 0x4);
    expect_dw(vf_rid(10), 0x04, 0x00100004);
    expect_dw(vf_rid(11), 0x04, 0x00100000);
    expect_dw(vf_rid(9), 0x04, 0x00100000);
}

TEST_F(RtlCfgSpace, FewerVfsThanTotal) {
    enable_vfs(3);
    expect_dw(vf_rid(2), 0x00, 0xFFFFFFFF);
    EXPECT_EQ(status_of(vf_rid(3), 0x00), completion_status::unsupported_request);
    // VF Enable 1 -> 0 removes VFs; re-enabling gives fresh ones at reset values.
    wr(vf_rid(1), 0x04, 0x4);
    wr(pf, 0x168, 0x0, 0x1);
    EXPECT_EQ(status_of(vf_rid(1), 0x00), completion_status::unsupported_request);
    wr(pf, 0x168, 0x1, 0x1);
    t += ready_ns;
    expect_dw(vf_rid(1), 0x04, 0x00100000);
}

TEST_F(RtlCfgSpace, CrsWindows) {
    drv.reset(1000);
    t = 1000;
    EXPECT_EQ(status_of(pf, 0x00), completion_status::config_request_retry);
    // A write during CRS changes nothing.
    EXPECT_EQ(status_of(pf, 0x04, true, 0x7), completion_status::config_request_retry);
    t = 1000 + ready_ns - 1;
    EXPECT_EQ(status_of(pf, 0x00), completion_status::config_request_retry);
    t = 1000 + ready_ns;
    expect_dw(pf, 0x00, 0x10FB8086);
    expect_dw(pf, 0x04, 0x00100000);
    expect_dw(pf, 0x78, 0x00002810); // CRS does not set URD

    wr(pf, 0x170, 2, 0x3);
    const uint64_t enable_at = t;
    wr(pf, 0x168, 0x1, 0x1);
    EXPECT_EQ(status_of(vf_rid(0), 0x00), completion_status::config_request_retry);
    EXPECT_EQ(status_of(vf_rid(1), 0x04, true, 0x4), completion_status::config_request_retry);
    t = enable_at + ready_ns - 1;
    EXPECT_EQ(status_of(vf_rid(1), 0x04), completion_status::config_request_retry);
    t = enable_at + ready_ns;
    expect_dw(vf_rid(1), 0x04, 0x00100000);
    // The PF is not affected by the VF window.
    expect_dw(pf, 0x170, 2);
}

TEST_F(RtlCfgSpace, PfFlrRemovesVfs) {
    wr(pf, 0x04, 0x6);
    wr(pf, 0x10, 0xFFFFFFFF);
    wr(pf, 0x180, 0x2);
    wr(pf, 0x184, 0xFFFFFFFF);
    wr(pf, 0x80, 0x0000FFFF, 0x3); // Link Control: FLR keeps ASPM, RCB, CCC, ES
    wr(pf, 0xA0, 0x00000002, 0x3); // Link Control 2 Target Link Speed: RWS
    wr(pf, 0x98, 0x0000001F, 0x3); // Device Control 2: reset by FLR
    enable_vfs(8, 0x8);
    EXPECT_EQ(status_of(0x0101, 0x00), completion_status::unsupported_request); // URD
    const uint64_t flr_at = t;
    wr(pf, 0x78, 0x000080FF, 0x3); // FLR plus other Device Control bits
    EXPECT_FALSE(drv.vf_enable());
    EXPECT_EQ(drv.num_vfs(), 0);
    EXPECT_EQ(drv.system_page_size(), 1u);
    EXPECT_EQ(status_of(pf, 0x00), completion_status::config_request_retry);
    t = flr_at + ready_ns - 1;
    EXPECT_EQ(status_of(pf, 0x00), completion_status::config_request_retry);
    t = flr_at + ready_ns;
    expect_dw(pf, 0x04, 0x00100000);
    expect_dw(pf, 0x10, 0x00000004);
    expect_dw(pf, 0x78, 0x000028F0); // write wiped but MPS (kept by FLR), URD cleared
    expect_dw(pf, 0x80, 0x104300CB);
    expect_dw(pf, 0x98, 0);
    expect_dw(pf, 0xA0, 0x00000002);
    expect_dw(pf, 0x168, 0);
    expect_dw(pf, 0x170, 0);
    expect_dw(pf, 0x180, 1);
    expect_dw(pf, 0x184, 0x0000000C);
    EXPECT_EQ(status_of(vf_rid(0), 0x00), completion_status::unsupported_request);
}

TEST_F(RtlCfgSpace, VfFlrResetsOnlyThatVf) {
    enable_vfs(4);
    for (unsigned k = 0; k < 4; ++k) {
        wr(vf_rid(k), 0x04, 0x4);
        wr(vf_rid(k), 0x78, 0x00000010, 0x3); // RsvdP: ignored
    }
    const uint64_t flr_at = t;
    wr(vf_rid(2), 0x78, 0x0000F810, 0x3); // FLR with other bits set: applied, then wiped
    EXPECT_EQ(status_of(vf_rid(2), 0x04), completion_status::config_request_retry);
    expect_dw(vf_rid(1), 0x04, 0x00100004);
    expect_dw(vf_rid(3), 0x78, 0x00000000);
    expect_dw(pf, 0x168, 0x1);
    t = flr_at + ready_ns - 1;
    EXPECT_EQ(status_of(vf_rid(2), 0x00), completion_status::config_request_retry);
    t = flr_at + ready_ns;
    expect_dw(vf_rid(2), 0x04, 0x00100000);
    expect_dw(vf_rid(2), 0x78, 0x00000000);
    expect_dw(vf_rid(0), 0x04, 0x00100004);
}

TEST_F(RtlCfgSpace, LatencyIsEpCyclesForEveryRequest) {
    // acc() checks cycles == EP_CYCLES on every access; mix statuses and kinds.
    EXPECT_EQ(status_of(vf_rid(0), 0x00), completion_status::unsupported_request);
    EXPECT_EQ(status_of(vf_rid(0), 0x04, true, 1), completion_status::unsupported_request);
    drv.reset(t);
    EXPECT_EQ(status_of(pf, 0x00), completion_status::config_request_retry);
    EXPECT_EQ(status_of(pf, 0x04, true, 4), completion_status::config_request_retry);
    t += ready_ns;
    for (uint16_t off = 0; off < 0x200; off += 4) {
        rd(pf, off);
    }
    wr(pf, 0x78, 0x8000, 0x2); // FLR
    const uint64_t before = drv.cycles();
    EXPECT_EQ(status_of(pf, 0x00), completion_status::config_request_retry);
    EXPECT_EQ(drv.cycles() - before, ep_cycles + 2u); // handshake edge + EP_CYCLES + response edge
}

} // namespace
