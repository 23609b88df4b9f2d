// Shared fixture for the directed RTL tests: a driver, a clock in ns and
// accessors that check the EP_CYCLES latency every time; RtlCfgSpace runs it on
// the default build.
#pragma once

#include "sriov/rtl_driver/rtl_driver.h"

#include <Vsriov_cfg_space_default.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <utility>

namespace sriov::rtl::test {

using sriov::completion_status;
using sriov::config_request;
using sriov::config_response;
using sriov::routing_id;

inline constexpr uint16_t pf = 0x0100;
inline constexpr uint16_t first_vf_offset = 0x180;
inline constexpr uint16_t vf_stride = 2;
inline constexpr uint64_t ready_ns = 100'000'000; // reset, VF enable and FLR windows
inline constexpr unsigned ep_cycles = 4;

constexpr uint16_t vf_rid(unsigned k) {
    return static_cast<uint16_t>(pf + first_vf_offset + k * vf_stride);
}

// A driver on any variant plus a clock in ns; every access happens 1 us after
// the previous one and checks the EP_CYCLES latency.
class timed_driver {
public:
    explicit timed_driver(std::unique_ptr<cfg_space_model> model) : drv(std::move(model)) {
        drv.reset(0);
    }

    config_response acc(uint16_t rid, uint16_t off, bool wr, uint32_t data, uint8_t be = 0xF) {
        unsigned cycles = 0;
        const config_response rsp = drv.access(dw_request(rid, off, wr, data, be), t, &cycles);
        EXPECT_EQ(cycles, ep_cycles) << "rid " << rid << " off " << off;
        t += 1000;
        return rsp;
    }
    uint32_t rd(uint16_t rid, uint16_t off) {
        const config_response r = acc(rid, off, false, 0);
        EXPECT_EQ(r.status, completion_status::successful)
            << "read rid 0x" << std::hex << rid << " off 0x" << off;
        return r.read_data;
    }
    void wr(uint16_t rid, uint16_t off, uint32_t data, uint8_t be = 0xF) {
        const config_response r = acc(rid, off, true, data, be);
        EXPECT_EQ(r.status, completion_status::successful)
            << "write rid 0x" << std::hex << rid << " off 0x" << off;
        EXPECT_EQ(r.read_data, 0u);
    }
    completion_status status_of(uint16_t rid, uint16_t off, bool write = false, uint32_t data = 0) {
        return acc(rid, off, write, data).status;
    }
    // NumVFs = n, VF Enable (+ extra Control bits), then wait out the VF window.
    void enable_vfs(uint16_t n, uint32_t extra_ctl = 0) {
        wr(pf, 0x170, n, 0x3);
        wr(pf, 0x168, 0x1 | extra_ctl, 0x3);
        t += ready_ns;
    }
    void expect_dw(uint16_t rid, uint16_t off, uint32_t value) {
        EXPECT_EQ(rd(rid, off), value) << "rid 0x" << std::hex << rid << " off 0x" << off;
    }

    rtl_driver drv;
    uint64_t t = ready_ns; // the PF just ready after the reset at 0
};

// The default build, reset at 0.
class RtlCfgSpace : public ::testing::Test, public timed_driver {
protected:
    RtlCfgSpace() : timed_driver(make_cfg_space<Vsriov_cfg_space_default>("default")) {}
};

} // namespace sriov::rtl::test
