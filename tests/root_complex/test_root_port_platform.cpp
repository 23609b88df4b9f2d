// The root port through the platform (docs/config-space-map.md, root port
// section), LT and AT: its own registers answered inside the root complex
// without a TLP, device numbers 1-31 on the secondary bus UR at the port
// unless ARI Forwarding Enable, CfgRd1/CfgWr1 for the VFs on the next bus,
// UR at the port outside secondary..subordinate, and the Linux enable flow
// setting ARI Forwarding Enable and never Unsupported Request Detected. One
// elaboration: an LT and an AT platform, and an LT platform whose VFs share
// the PF's bus.
#include "default_layout.h"
#include "sc_report_guard.h"
#include "sriov/pcie/registers.h"
#include "sriov/tb/host_cpu.h"
#include "sriov/tb/linux_sriov_enable.h"
#include "sriov/tb/platform.h"

#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <systemc>
#include <vector>

namespace {

using namespace sriov;
using root_complex::coding_style;

// Device Status Correctable / Non-Fatal / Fatal Error Detected and URD: what
// a logged error sets (docs/config-space-map.md, "Error logging").
constexpr uint16_t error_bits =
    bits::dev_status_ced | bits::dev_status_nfed | bits::dev_status_fed | bits::dev_status_urd;

routing_id rid(uint8_t bus, uint8_t dev, uint8_t fn) {
    return routing_id::from_bdf(bus, dev, fn);
}

uint16_t dw(uint16_t offset) {
    return static_cast<uint16_t>(offset / 4);
}

// --- through the platform (LT and AT) -----------------------------------------

constexpr uint64_t ready_ns = 2'000;

tb::platform_config platform_config(coding_style mode) {
    tb::platform_config cfg;
    cfg.profile.reset_ready_ns = ready_ns;
    cfg.profile.vf_enable_ready_ns = ready_ns;
    cfg.profile.flr_ready_ns = ready_ns;
    cfg.rc.mode = mode;
    return cfg;
}

// Every TLP the link carries downstream.
struct request_log : link::tlp_observer {
    std::vector<tlp> requests;
    std::vector<tlp> completions;
    void on_tlp(uint64_t, link::direction dir, const tlp& t) override {
        (dir == link::direction::downstream ? requests : completions).push_back(t);
    }
};

struct rig {
    std::unique_ptr<tb::platform> top;
    std::unique_ptr<tb::host_cpu> cpu;
    request_log log;

    rig(const char* name, const tb::platform_config& cfg)
        : top(std::make_unique<tb::platform>(name, cfg)),
          cpu(std::make_unique<tb::host_cpu>((std::string(name) + "_cpu").c_str())) {
        cpu->socket.bind(top->rc.ecam);
        top->link.add_observer(&log);
    }
    routing_id pf() const { return top->device.pf_rid(); }
    uint16_t pf_dev_status() const {
        return static_cast<uint16_t>(*top->device.peek_dw(pf(), dw(default_layout::dev_status)) >>
                                     16);
    }
};

std::unique_ptr<rig> g_lt, g_at, g_shared_bus;

// Runs `body` in a thread of its own on a freshly reset device and root port
// state the test left as it found it; the log starts empty.
void run(rig& r, const std::function<void(tb::host_cpu&)>& body) {
    r.top->ep.reset();
    sc_core::sc_spawn([&r, &body] {
        r.cpu->delay(sc_core::sc_time(2 * ready_ns, sc_core::SC_NS));
        r.log.requests.clear();
        r.log.completions.clear();
        body(*r.cpu);
        r.cpu->sync();
    });
    sc_core::sc_start();
}

// The Linux flow on the rig's PF, without the 100 ms waits.
tb::enable_options linux_options(const rig& r, uint16_t num_vfs, bool pci_noari = false) {
    tb::enable_options o;
    o.pf = r.pf();
    o.num_vfs = num_vfs;
    o.pci_noari = pci_noari;
    o.reset_wait = sc_core::SC_ZERO_TIME;
    o.vf_enable_wait = sc_core::sc_time(2 * ready_ns, sc_core::SC_NS);
    return o;
}

rig& by_mode(coding_style m) {
    return m == coding_style::lt ? *g_lt : *g_at;
}

class RootPortModes : public ::testing::TestWithParam<coding_style> {};

TEST_P(RootPortModes, OwnRegistersAnswerInsideTheRootComplex) {
    rig& r = by_mode(GetParam());
    tb::cfg_result id, hdr, bus_write, bus_read;
    run(r, [&](tb::host_cpu& cpu) {
        id = cpu.read(rid(0, 0, 0), reg::vendor_id, 4);
        hdr = cpu.read(rid(0, 0, 0), reg::header_type, 1);
        bus_write = cpu.write(rid(0, 0, 0), rp_reg::subordinate_bus, 1, 0x20);
        bus_read = cpu.read(rid(0, 0, 0), rp_reg::primary_bus, 4);
        cpu.write(rid(0, 0, 0), rp_reg::subordinate_bus, 1, 0xFF);
    });
    EXPECT_TRUE(r.log.requests.empty()); // nothing on the link
    EXPECT_EQ(id.value, 0x000C1B36u);
    EXPECT_EQ(id.tlps_sent, 0u);
    EXPECT_EQ(id.dws_completed, 1u);
    // The RC's request and completion pipelines: 150 + 150 cycles at 1 GHz.
    EXPECT_EQ(id.latency_ps, 300'000u);
    EXPECT_EQ(bus_write.latency_ps, 300'000u);
    EXPECT_EQ(hdr.value, bits::header_type_bridge);
    EXPECT_TRUE(bus_write.ok());
    EXPECT_EQ(bus_read.value, 0x00200100u);
    EXPECT_EQ(r.top->rc.port().subordinate_bus(), 0xFFu);
}

TEST_P(RootPortModes, DeviceNumbersOneToThirtyOneAreUrAtThePort) {
    rig& r = by_mode(GetParam());
    std::vector<tb::cfg_result> reads;
    run(r, [&](tb::host_cpu& cpu) {
        for (uint8_t dev = 1; dev < 32; ++dev) { // a firmware / Linux slot scan
            reads.push_back(cpu.read(rid(1, dev, 0), reg::vendor_id, 4));
        }
    });
    EXPECT_TRUE(r.log.requests.empty());
    for (const tb::cfg_result& x : reads) {
        EXPECT_EQ(x.failed_status, completion_status::unsupported_request);
        EXPECT_EQ(x.value, 0xFFFFFFFFu);
        EXPECT_EQ(x.tlps_sent, 0u);
    }
    EXPECT_EQ(r.pf_dev_status() & error_bits, 0u);
}

TEST_P(RootPortModes, AriForwardingSendsEveryFunctionNumberDown) {
    rig& r = by_mode(GetParam());
    tb::cfg_result other;
    run(r, [&](tb::host_cpu& cpu) {
        cpu.write(rid(0, 0, 0), rp_reg::dev_ctrl2, 2, bits::dev_ctrl2_ari_forwarding);
        other = cpu.read(rid(1, 1, 0), reg::vendor_id, 4); // ARI function 8: no such function
        cpu.write(rid(0, 0, 0), rp_reg::dev_ctrl2, 2, 0);
    });
    ASSERT_EQ(r.log.requests.size(), 1u);
    EXPECT_EQ(r.log.requests[0].type, tlp_type::cfg_rd0);
    EXPECT_EQ(r.log.requests[0].completer, rid(1, 1, 0));
    EXPECT_EQ(other.failed_status, completion_status::unsupported_request); // from the device
    EXPECT_EQ(other.tlps_sent, 1u);
    // The device did receive it: its PF logs the UR (the next run resets the device).
    // URD and CED: the built-in PF's UR is an Advisory Non-Fatal Error.
    EXPECT_EQ(r.pf_dev_status() & error_bits, bits::dev_status_urd | bits::dev_status_ced);
}

TEST_P(RootPortModes, VfsOnTheNextBusAreReachedWithType1) {
    rig& r = by_mode(GetParam());
    tb::cfg_result before, cls, bme;
    run(r, [&](tb::host_cpu& cpu) {
        const routing_id vf0 = rid(2, 0x10, 0);
        before = cpu.read(vf0, reg::revision_id, 4); // VF Enable clear: not claimed
        cpu.write(r.pf(), default_layout::sriov_num_vfs, 2, 2);
        cpu.write(r.pf(), default_layout::sriov_ctrl, 2,
                  bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse);
        cpu.delay(sc_core::sc_time(2 * ready_ns, sc_core::SC_NS));
        cls = cpu.read(vf0, reg::revision_id, 4);
        bme = cpu.write(rid(2, 0x10, 2), reg::command, 2, bits::command_bus_master);
    });
    ASSERT_EQ(r.log.requests.size(), 5u);
    EXPECT_EQ(r.log.requests[0].type, tlp_type::cfg_rd1);
    EXPECT_EQ(r.log.requests[1].type, tlp_type::cfg_wr0); // the PF: its own bus
    EXPECT_EQ(r.log.requests[3].type, tlp_type::cfg_rd1);
    EXPECT_EQ(r.log.requests[4].type, tlp_type::cfg_wr1);
    EXPECT_EQ(before.failed_status, completion_status::unsupported_request);
    EXPECT_TRUE(cls.ok());
    EXPECT_EQ(cls.value, 0x02000001u);
    EXPECT_TRUE(bme.ok());
    EXPECT_EQ(*r.top->device.peek_dw(rid(2, 0x10, 2), dw(reg::command)) & 0xFFFFu,
              bits::command_bus_master);
    EXPECT_EQ(r.pf_dev_status() & error_bits, 0u); // an unclaimed Type 1 logs nothing
}

TEST_P(RootPortModes, BusesOutsideTheRangeAreUrAtThePort) {
    rig& r = by_mode(GetParam());
    tb::cfg_result vf, rc_bus;
    run(r, [&](tb::host_cpu& cpu) {
        cpu.write(r.pf(), default_layout::sriov_num_vfs, 2, 1);
        cpu.write(r.pf(), default_layout::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable);
        cpu.delay(sc_core::sc_time(2 * ready_ns, sc_core::SC_NS));
        cpu.write(rid(0, 0, 0), rp_reg::subordinate_bus, 1, 0x01); // bus 02 no longer behind it
        r.log.requests.clear();
        vf = cpu.read(rid(2, 0x10, 0), reg::vendor_id, 4);
        rc_bus = cpu.read(rid(0, 2, 0), reg::vendor_id, 4);
        cpu.write(rid(0, 0, 0), rp_reg::subordinate_bus, 1, 0xFF);
    });
    EXPECT_TRUE(r.log.requests.empty());
    EXPECT_EQ(vf.failed_status, completion_status::unsupported_request);
    EXPECT_EQ(vf.tlps_sent, 0u);
    EXPECT_EQ(rc_bus.failed_status, completion_status::unsupported_request);
}

TEST_P(RootPortModes, LinuxFlowSetsAriForwardingAndNeverUrd) {
    rig& r = by_mode(GetParam());
    tb::enable_report rep;
    run(r, [&](tb::host_cpu& cpu) { rep = tb::linux_sriov_enable(cpu, linux_options(r, 8)); });
    ASSERT_TRUE(rep.ok) << rep.error;
    EXPECT_TRUE(rep.ari_forwarding);
    EXPECT_TRUE(r.top->rc.port().ari_forwarding());
    EXPECT_NE(rep.sriov_ctrl & bits::sriov_ctrl_ari_capable, 0u);
    EXPECT_EQ(r.pf_dev_status() & error_bits, 0u);
    for (const tlp& c : r.log.completions) {
        EXPECT_EQ(c.status, completion_status::successful) << to_string(c.completer);
    }
    for (const tlp& q : r.log.requests) {
        const bool vf = q.completer.bus() > r.pf().bus();
        EXPECT_EQ(q.type == tlp_type::cfg_rd1 || q.type == tlp_type::cfg_wr1, vf)
            << to_string(q.completer);
    }
    run(r, [&](tb::host_cpu& cpu) { cpu.write(rid(0, 0, 0), rp_reg::dev_ctrl2, 2, 0); });
}

INSTANTIATE_TEST_SUITE_P(Both, RootPortModes, ::testing::Values(coding_style::lt, coding_style::at),
                         [](const ::testing::TestParamInfo<coding_style>& p) {
                             return std::string(root_complex::to_string(p.param));
                         });

// VFs on the PF's bus at device numbers above 0 (First VF Offset 0x10: VF k
// at 01:02.0 + k, ARI functions 0x10 + k) answer only once Linux has set ARI
// Forwarding Enable, which it does before it enables them.
TEST(RootPortSharedBus, LinuxReachesVfsBeyondDeviceZeroThroughAriForwarding) {
    rig& r = *g_shared_bus;
    tb::cfg_result before;
    tb::enable_report rep;
    run(r, [&](tb::host_cpu& cpu) {
        before = cpu.read(rid(1, 2, 0), reg::vendor_id, 4);
        rep = tb::linux_sriov_enable(cpu, linux_options(r, 4));
    });
    EXPECT_EQ(before.failed_status, completion_status::unsupported_request);
    EXPECT_EQ(before.tlps_sent, 0u);
    ASSERT_TRUE(rep.ok) << rep.error;
    ASSERT_EQ(rep.functions.size(), 5u);
    EXPECT_EQ(rep.functions[1].rid, rid(1, 2, 0));
    EXPECT_EQ(rep.functions[1].class_code, 0x020000u);
    EXPECT_EQ(r.pf_dev_status() & error_bits, 0u);
    for (const tlp& q : r.log.requests) {
        EXPECT_TRUE(q.type == tlp_type::cfg_rd0 || q.type == tlp_type::cfg_wr0);
    }
}

TEST(RootPortSharedBus, WithoutAriTheLinuxFlowCannotReachThem) {
    rig& r = *g_shared_bus;
    tb::enable_report rep;
    run(r, [&](tb::host_cpu& cpu) {
        cpu.write(rid(0, 0, 0), rp_reg::dev_ctrl2, 2, 0);
        rep = tb::linux_sriov_enable(cpu, linux_options(r, 4, true));
    });
    EXPECT_FALSE(r.top->rc.port().ari_forwarding());
    ASSERT_EQ(rep.functions.size(), 5u);
    EXPECT_EQ(rep.functions[1].id_dw, 0xFFFFFFFFu);
    EXPECT_EQ(rep.functions[1].class_code, 0xFFFFFFu); // UR at the port: all-ones
    EXPECT_EQ(r.pf_dev_status() & error_bits, 0u);
}

} // namespace

namespace sriov::test {

void elaborate() {
    g_lt = std::make_unique<rig>("lt", platform_config(coding_style::lt));
    g_at = std::make_unique<rig>("at", platform_config(coding_style::at));
    tb::platform_config shared = platform_config(coding_style::lt);
    shared.profile.total_vfs = 8;
    shared.profile.initial_vfs = 8;
    shared.profile.first_vf_offset = 0x10;
    shared.profile.vf_stride = 1;
    g_shared_bus = std::make_unique<rig>("shared", shared);
}

} // namespace sriov::test
