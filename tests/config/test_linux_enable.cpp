// Conformance: the Linux drivers/pci/iov.c enable sequence on the default
// device, then `lspci -F` decoding a dump of the result.
#include "config_test_util.h"
#include "default_layout.h"
#include "sriov/config/lspci_dump.h"
#include "sriov/pcie/registers.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <sstream>

using namespace sriov;
using namespace sriov::config;
using namespace sriov::config::testing;

namespace {

// Mirrors sriov_init()/sriov_enable(): returns the VF BAR0 size the driver computed.
uint64_t linux_enable(sriov_device& dev, uint16_t nr_virtfn, uint64_t vf_bar0_base) {
    const routing_id pf = dev.pf_rid();
    const uint16_t pos = default_layout::sriov_header;
    EXPECT_EQ(rd(dev, pf, pos, 4) & 0xFFFFu, 0x0010u); // extended cap ID
    const uint32_t total = rd(dev, pf, default_layout::sriov_total_vfs, 2);
    EXPECT_EQ(total, 64u);
    EXPECT_EQ(rd(dev, pf, default_layout::sriov_initial_vfs, 2), 64u);
    // sriov_init: clear VF Enable, write NumVFs = TotalVFs to read offset/stride
    wr(dev, pf, default_layout::sriov_ctrl, 2, rd(dev, pf, default_layout::sriov_ctrl, 2) & ~1u);
    wr(dev, pf, default_layout::sriov_num_vfs, 2, total);
    EXPECT_EQ(rd(dev, pf, default_layout::sriov_vf_offset, 2), 0x180u);
    EXPECT_EQ(rd(dev, pf, default_layout::sriov_vf_stride, 2), 2u);
    // page size: the host's 4 KiB must be supported
    const uint32_t supported = rd(dev, pf, default_layout::sriov_supported_page_sizes, 4);
    EXPECT_NE(supported & 1u, 0u);
    wr(dev, pf, default_layout::sriov_system_page_size, 4, 1);
    EXPECT_EQ(rd(dev, pf, default_layout::sriov_system_page_size, 4), 1u);
    // size VF BAR0 (64-bit): all-ones to both halves, read back, restore
    const uint16_t lo = default_layout::sriov_vf_bar(0), hi = default_layout::sriov_vf_bar(1);
    const uint32_t orig_lo = rd(dev, pf, lo, 4);
    EXPECT_EQ(orig_lo & 0x6u, 0x4u); // 64-bit
    wr(dev, pf, lo, 4, 0xFFFFFFFF);
    wr(dev, pf, hi, 4, 0xFFFFFFFF);
    const uint64_t mask =
        (uint64_t{rd(dev, pf, hi, 4)} << 32 | rd(dev, pf, lo, 4)) & ~uint64_t{0xF};
    const uint64_t size = ~mask + 1;
    // program the base and the NumVFs actually wanted
    wr(dev, pf, lo, 4, static_cast<uint32_t>(vf_bar0_base) | (orig_lo & 0xF));
    wr(dev, pf, hi, 4, static_cast<uint32_t>(vf_bar0_base >> 32));
    wr(dev, pf, default_layout::sriov_num_vfs, 2, nr_virtfn);
    EXPECT_EQ(rd(dev, pf, default_layout::sriov_vf_offset, 2), 0x180u);
    // VF Enable + VF MSE
    wr(dev, pf, default_layout::sriov_ctrl, 2,
       bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse);
    return size;
}

} // namespace

TEST(ConfigConformance, LinuxEnableSequence) {
    sriov_device dev(fast_profile());
    const uint64_t size = linux_enable(dev, 8, 0x3F0000000ull);
    EXPECT_EQ(size, 16384u);
    EXPECT_TRUE(dev.vf_enable());
    EXPECT_TRUE(dev.vf_mse());
    ASSERT_EQ(dev.active_vfs(), 8u);
    const std::array<const char*, 8> expect = {"02:10.0", "02:10.2", "02:10.4", "02:10.6",
                                               "02:11.0", "02:11.2", "02:11.4", "02:11.6"};
    for (uint16_t k = 0; k < 8; ++k) {
        EXPECT_EQ(to_string(dev.vf_rid(k)), expect[k]);
        EXPECT_EQ(rd(dev, dev.vf_rid(k), reg::vendor_id, 4, T + 20), 0xFFFFFFFFu);
        EXPECT_EQ(rd(dev, dev.vf_rid(k), default_layout::pcie_cap, 1, T + 20), 0x10u);
        EXPECT_EQ(dev.vf_bar_address(0, k), 0x3F0000000ull + k * 16384ull);
    }
    EXPECT_EQ(dev.read(dev.vf_rid(0), 0, 4, T + 19).status,
              completion_status::config_request_retry); // 20 ns enable window
    EXPECT_EQ(dev.read(routing_id(0x0290), 0, 4, T + 20).status,
              completion_status::unsupported_request); // VF 8 does not exist
}

TEST(ConfigConformance, LspciDecodesDump) {
#ifndef SRIOV_LSPCI
    GTEST_SKIP() << "lspci not found at configure time";
#else
    sriov_device dev(fast_profile());
    linux_enable(dev, 4, 0x3F0000000ull);
    wr(dev, routing_id(0x0100), default_layout::sriov_vf_bar(3), 4, 0xE0000000u | 0xC);
    std::ostringstream dump;
    write_lspci_dump(dump, dev);
    const std::string text = dump.str();
    // PF + 4 VFs, 256 lines each
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5 * 257 + 4);
    EXPECT_EQ(text.rfind("01:00.0 ", 0), 0u);
    EXPECT_NE(text.find("\n000: 86 80 fb 10 "), std::string::npos);
    EXPECT_NE(text.find("\n02:10.6 "), std::string::npos);

    const std::string path = ::testing::TempDir() + "sriov_config_lspci.dump";
    {
        std::ofstream f(path);
        f << text;
    }
    const std::string cmd = std::string(SRIOV_LSPCI) + " -F " + path + " -vvv -s 01:00.0 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string out;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) {
        out.append(buf.data(), n);
    }
    const int rc = pclose(pipe);
    ASSERT_EQ(rc, 0) << out;
    auto has = [&](const char* re) {
        EXPECT_TRUE(std::regex_search(out, std::regex(re))) << "no /" << re << "/ in:\n" << out;
    };
    has(R"(Capabilities: \[160 v1\] Single Root I/O Virtualization \(SR-IOV\))");
    has(R"(IOVCap:\s+Migration-)");
    has(R"(IOVCtl:\s+Enable\+ Migration- Interrupt- MSE\+ ARIHierarchy-)");
    has(R"(Initial VFs: 64, Total VFs: 64, Number of VFs: 4, Function Dependency Link: 00)");
    has(R"(VF offset: 384, stride: 2, Device ID: 10ed)");
    has(R"(Supported Page Size: 00000553, System Page Size: 00000001)");
    has(R"(Region 0: Memory at 00000003f0000000 \(64-bit, prefetchable\))");
    has(R"(Region 3: Memory at 00000000e0000000 \(64-bit, prefetchable\))");
    has(R"(Capabilities: \[100 v1\] Alternative Routing-ID Interpretation \(ARI\))");
    has(R"(Capabilities: \[40\] Power Management version 3)");
    has(R"(Capabilities: \[50\] MSI-X: Enable- Count=64 Masked-)");
    has(R"(Capabilities: \[70\] Express \(v2\) Endpoint)");
    has(R"(LnkCap:\s+Port #0, Speed 8GT/s, Width x4)");
    has(R"(Region 0: Memory at <unassigned> \(64-bit, non-prefetchable\))"); // PF BAR0 unset

    // The VFs decode too.
    const std::string cmd2 = std::string(SRIOV_LSPCI) + " -F " + path + " -vvv -s 02:10.6 2>&1";
    pipe = popen(cmd2.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string out2;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) {
        out2.append(buf.data(), n);
    }
    pclose(pipe);
    EXPECT_TRUE(std::regex_search(out2, std::regex(R"(MSI-X: Enable- Count=3)"))) << out2;
    EXPECT_EQ(out2.find("Single Root I/O Virtualization"), std::string::npos) << out2;
#endif
}
