// Pin protocol, reset and tracing behaviour of the RTL driver and block.
#include "rtl_test_fixture.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace {

using namespace sriov::rtl::test;
using sriov::rtl::make_cfg_space;
using sriov::rtl::rtl_driver;

class RtlDriver : public RtlCfgSpace {};

TEST_F(RtlDriver, PinProtocol) {
    auto& in = drv.inputs();
    ASSERT_TRUE(drv.outputs().req_ready);
    in.req_valid = true;
    in.req_rid = pf;
    in.req_dw = 0;
    in.req_be = 0xF;
    in.req_write = false;
    in.now_ns = t;
    drv.tick(); // handshake
    in.req_valid = false;
    EXPECT_TRUE(drv.busy());
    EXPECT_FALSE(drv.outputs().req_ready);
    for (unsigned c = 1; c < ep_cycles; ++c) {
        drv.tick();
        EXPECT_FALSE(drv.outputs().rsp_valid) << "cycle " << c;
        EXPECT_EQ(drv.state(), 1);
    }
    drv.tick();
    ASSERT_TRUE(drv.outputs().rsp_valid);
    EXPECT_EQ(drv.state(), 2);
    // rsp_valid holds (and data stays) until rsp_ready; no new request is accepted.
    in.req_valid = true;
    in.req_dw = 1;
    for (int c = 0; c < 5; ++c) {
        drv.tick();
        EXPECT_TRUE(drv.outputs().rsp_valid);
        EXPECT_EQ(drv.outputs().rsp_rdata, 0x10FB8086u);
        EXPECT_FALSE(drv.outputs().req_ready);
    }
    in.req_valid = false;
    in.rsp_ready = true;
    drv.tick();
    in.rsp_ready = false;
    drv.apply_inputs();
    EXPECT_FALSE(drv.outputs().rsp_valid);
    EXPECT_TRUE(drv.outputs().req_ready);
    EXPECT_FALSE(drv.busy());
    expect_dw(pf, 0x00, 0x10FB8086);
}

TEST_F(RtlDriver, ResetDuringRequestDropsIt) {
    auto& in = drv.inputs();
    in.req_valid = true;
    in.req_rid = pf;
    in.req_dw = 1;
    in.req_be = 0xF;
    in.req_write = true;
    in.req_wdata = 0x4;
    in.now_ns = t;
    drv.tick();
    in.req_valid = false;
    drv.reset(t); // before EP_CYCLES: the write never takes effect
    EXPECT_FALSE(drv.busy());
    t += ready_ns;
    expect_dw(pf, 0x04, 0x00100000);
}

TEST_F(RtlDriver, AccessBeforeResetThrows) {
    rtl_driver fresh(make_cfg_space<Vsriov_cfg_space_default>("default"));
    config_request r;
    EXPECT_THROW(fresh.access(r, 0), std::logic_error);
}

TEST_F(RtlDriver, VcdTraceFollowsCallerTime) {
    const std::string path = std::string(SRIOV_RTL_TEST_OUT_DIR) + "/rtl_trace_test.vcd";
    drv.open_trace(path);
    const uint64_t t0 = t;
    rd(pf, 0x00);
    t = t0 + 5000; // 5 us later
    rd(pf, 0x04);
    drv.close_trace();
    std::ifstream f(path);
    ASSERT_TRUE(f.good());
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string vcd = ss.str();
    EXPECT_NE(vcd.find("$timescale"), std::string::npos);
    EXPECT_NE(vcd.find("1ps"), std::string::npos);
    EXPECT_NE(vcd.find("req_valid"), std::string::npos);
    // Handshake rising edges sit half a clock after each request's time.
    EXPECT_NE(vcd.find("#" + std::to_string(t0 * 1000 + 2000) + "\n"), std::string::npos);
    EXPECT_NE(vcd.find("#" + std::to_string((t0 + 5000) * 1000 + 2000) + "\n"), std::string::npos);
}

} // namespace

namespace {

TEST_F(RtlDriver, ThroughputReport) {
    constexpr unsigned n = 20000;
    const auto start = std::chrono::steady_clock::now();
    for (unsigned i = 0; i < n; ++i) {
        drv.read(pf, static_cast<uint16_t>((i % 128) * 4), t);
        t += 100;
    }
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double rate = n / s;
    RecordProperty("requests_per_second", static_cast<int>(rate));
    std::cout << "rtl_driver: " << static_cast<long>(rate) << " requests/s, "
              << static_cast<long>(rate * (ep_cycles + 2)) << " cycles/s\n";
    EXPECT_GT(rate, 1000.0);
}

} // namespace
