// The non-default Verilated builds of sriov_cfg_space, all in one executable:
// 256 VFs, each fault-injected build (it must misbehave exactly as its define
// says, so the RTL/TLM cross-check can catch it) and the coverage build.
#include "rtl_test_fixture.h"

#include <Vsriov_cfg_space_default_cov.h>
#include <Vsriov_cfg_space_fault_numvfs_unlocked.h>
#include <Vsriov_cfg_space_fault_vf_cmd_mse.h>
#include <Vsriov_cfg_space_vf256.h>

#include <fstream>
#include <sstream>
#include <string>

namespace {

using namespace sriov::rtl::test;
using sriov::rtl::make_cfg_space;

TEST(RtlVf256, EnablesAll256VfsWithCarry) {
    timed_driver b(make_cfg_space<Vsriov_cfg_space_vf256>("vf256"));
    EXPECT_EQ(b.rd(pf, 0x16C), 0x01000100u); // TotalVFs = InitialVFs = 256
    EXPECT_EQ(b.rd(pf, 0x174), 0x00010001u); // offset 1, stride 1
    b.wr(pf, 0x170, 257, 0x3);
    b.wr(pf, 0x168, 0x1, 0x1);
    EXPECT_FALSE(b.drv.vf_enable()); // 257 > TotalVFs
    b.enable_vfs(256);
    ASSERT_TRUE(b.drv.vf_enable());
    EXPECT_EQ(b.drv.num_vfs(), 256);
    for (unsigned k = 0; k < 256; ++k) {
        const auto rid = static_cast<uint16_t>(pf + 1 + k);
        EXPECT_EQ(b.rd(rid, 0x00), 0xFFFFFFFFu) << "VF " << k;
    }
    // VF 255 = 02:00.0 (carried into the bus number), VF 254 = 01:1f.7.
    b.wr(0x0200, 0x04, 0x4);
    EXPECT_EQ(b.rd(0x0200, 0x04), 0x00100004u);
    EXPECT_EQ(b.rd(0x01FF, 0x04), 0x00100000u);
    EXPECT_EQ(b.acc(0x0201, 0x00, false, 0).status, completion_status::unsupported_request);
    // VF FLR of the last VF.
    const uint64_t flr_at = b.t;
    b.wr(0x0200, 0x78, 0x8000, 0x2);
    EXPECT_EQ(b.acc(0x0200, 0x00, false, 0).status, completion_status::config_request_retry);
    b.t = flr_at + ready_ns;
    EXPECT_EQ(b.rd(0x0200, 0x04), 0x00100000u);
}

// Runs the same VF Command write on the default and the MSE-fault build.
TEST(RtlFault, VfCommandMemorySpaceEnableBecomesWritable) {
    timed_driver good(make_cfg_space<Vsriov_cfg_space_default>("default"));
    timed_driver bad(make_cfg_space<Vsriov_cfg_space_fault_vf_cmd_mse>("fault_vf_cmd_mse"));
    const uint16_t vf0 = pf + 0x180;
    for (timed_driver* b : {&good, &bad}) {
        b->enable_vfs(2);
        b->wr(vf0, 0x04, 0x0000FFFF);
    }
    EXPECT_EQ(good.rd(vf0, 0x04), 0x00100004u);
    EXPECT_EQ(bad.rd(vf0, 0x04), 0x00100006u); // the injected fault
    // Everything else still matches (PF Command is unaffected).
    for (timed_driver* b : {&good, &bad}) {
        b->wr(pf, 0x04, 0xFFFF);
    }
    EXPECT_EQ(good.rd(pf, 0x04), bad.rd(pf, 0x04));
    // VF FLR clears the faulty bit too.
    for (timed_driver* b : {&good, &bad}) {
        b->wr(vf0, 0x78, 0x8000, 0x2);
        b->t += ready_ns;
    }
    EXPECT_EQ(bad.rd(vf0, 0x04), 0x00100000u);
}

TEST(RtlFault, NumVfsWritableWhileVfEnable) {
    timed_driver good(make_cfg_space<Vsriov_cfg_space_default>("default"));
    timed_driver bad(
        make_cfg_space<Vsriov_cfg_space_fault_numvfs_unlocked>("fault_numvfs_unlocked"));
    for (timed_driver* b : {&good, &bad}) {
        b->enable_vfs(4);
        b->wr(pf, 0x170, 8, 0x3);
    }
    EXPECT_EQ(good.rd(pf, 0x170), 4u);
    EXPECT_EQ(bad.rd(pf, 0x170), 8u); // the injected fault
    EXPECT_EQ(good.drv.num_vfs(), 4);
    EXPECT_EQ(bad.drv.num_vfs(), 8);
    // The visible consequence: VF 5 exists in the faulty build only.
    const uint16_t vf5 = pf + 0x180 + 5 * 2;
    EXPECT_EQ(good.acc(vf5, 0x00, false, 0).status, completion_status::unsupported_request);
    EXPECT_EQ(bad.acc(vf5, 0x00, false, 0).status, completion_status::successful);
    // NumVFs beyond TotalVFs under VF Enable must not break the block.
    bad.wr(pf, 0x170, 0xFFFF, 0x3);
    EXPECT_EQ(bad.acc(pf + 0x180 + 100 * 2, 0x00, false, 0).status,
              completion_status::unsupported_request);
    EXPECT_EQ(bad.rd(pf + 0x180 + 63 * 2, 0x00), 0xFFFFFFFFu);
    // ARI stays locked in the faulty build (only NumVFs is unlocked).
    bad.wr(pf, 0x168, 0x11, 0x1);
    EXPECT_EQ(bad.rd(pf, 0x168), 0x1u);
}

TEST(RtlCoverage, CoverageBuildWritesDatabase) {
    const std::string path = std::string(SRIOV_RTL_TEST_OUT_DIR) + "/rtl_coverage_test.dat";
    {
        timed_driver b(make_cfg_space<Vsriov_cfg_space_default_cov>("default_cov"));
        b.enable_vfs(2);
        b.wr(pf + 0x180, 0x04, 0x4);
        EXPECT_EQ(b.rd(pf + 0x180, 0x04), 0x00100004u);
        b.drv.write_coverage(path);
    }
    std::ifstream f(path);
    ASSERT_TRUE(f.good());
    std::stringstream ss;
    ss << f.rdbuf();
    EXPECT_NE(ss.str().find("sriov_cfg_space"), std::string::npos);
}

} // namespace
