// The Linux flow on a two-PF device (tests/config/profiles/dual-pf.toml)
// through the platform: function 0, then the other PF found through the ARI
// Next Function chain (ARI Forwarding enabled) or the Multi-Function bit
// (pci=noari), VFs enabled on both PFs at the routing IDs of the SR-IOV
// formula PF + First VF Offset + k * VF Stride, and no access in the flow
// setting Unsupported Request Detected in any function.
#include "sc_report_guard.h"
#include "sriov/config/device_description.h"
#include "sriov/config/lspci_dump.h"
#include "sriov/pcie/registers.h"
#include "sriov/tb/host_cpu.h"
#include "sriov/tb/linux_sriov_enable.h"
#include "sriov/tb/platform.h"

#include <gtest/gtest.h>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <systemc>
#include <vector>

namespace {

using namespace sriov;

constexpr uint64_t ready_ns = 2'000;

tb::platform_config dual_pf_config(root_complex::coding_style mode) {
    tb::platform_config cfg;
    cfg.profile = config::load_device_description(
        std::string(SRIOV_SOURCE_DIR) + "/tests/config/profiles/dual-pf.toml",
        config::bus_range{cfg.rc.secondary_bus, cfg.rc.subordinate_bus});
    cfg.profile.reset_ready_ns = ready_ns;
    cfg.profile.vf_enable_ready_ns = ready_ns;
    cfg.profile.flr_ready_ns = ready_ns;
    cfg.rc.mode = mode;
    return cfg;
}

struct rig {
    std::unique_ptr<tb::platform> top;
    std::unique_ptr<tb::host_cpu> cpu;

    rig(const char* name, const tb::platform_config& cfg)
        : top(std::make_unique<tb::platform>(name, cfg)),
          cpu(std::make_unique<tb::host_cpu>((std::string(name) + "_cpu").c_str())) {
        cpu->socket.bind(top->rc.ecam);
    }

    // The Linux flow on the whole device, without the 100 ms waits.
    std::vector<tb::enable_report> enable(uint16_t num_vfs, bool pci_noari) {
        tb::enable_options o;
        o.pf = top->device.pf_rid(0);
        o.num_vfs = num_vfs;
        o.pci_noari = pci_noari;
        o.reset_wait = sc_core::sc_time(2 * ready_ns, sc_core::SC_NS);
        o.vf_enable_wait = sc_core::sc_time(2 * ready_ns, sc_core::SC_NS);
        std::vector<tb::enable_report> reps;
        sc_core::sc_spawn([&] {
            reps = tb::linux_enable_device(*cpu, o);
            cpu->sync();
        });
        sc_core::sc_start();
        return reps;
    }

    // Device Status of function `fn` (a PF or a VF of PF `pf`).
    uint16_t dev_status(routing_id fn, size_t pf, bool vf) const {
        const config::register_layout& l =
            vf ? top->device.vf_layout(pf) : top->device.pf_layout(pf);
        const uint16_t at = static_cast<uint16_t>(
            l.capability_offset(config::capability_kind::pcie) + pcie_field::dev_status);
        return static_cast<uint16_t>(*top->device.peek_dw(fn, at / 4) >> (8 * (at % 4)));
    }

    // Every function of the device: no Unsupported Request Detected.
    void expect_no_urd() const {
        const config::sriov_device& d = top->device;
        for (size_t pf = 0; pf < d.pf_count(); ++pf) {
            EXPECT_EQ(dev_status(d.pf_rid(pf), pf, false) & bits::dev_status_urd, 0u)
                << to_string(d.pf_rid(pf));
            for (uint16_t k = 0; k < d.active_vfs(pf); ++k) {
                EXPECT_EQ(dev_status(d.vf_rid(k, pf), pf, true) & bits::dev_status_urd, 0u)
                    << to_string(d.vf_rid(k, pf));
            }
        }
    }
};

std::unique_ptr<rig> g_ari_lt, g_ari_at, g_noari;

// Both PFs enabled with the formula's routing IDs, every VF answering.
void expect_both_pfs_enabled(const rig& r, const std::vector<tb::enable_report>& reps,
                             uint16_t num_vfs) {
    ASSERT_EQ(reps.size(), 2u);
    for (size_t pf = 0; pf < 2; ++pf) {
        const tb::enable_report& rep = reps[pf];
        ASSERT_TRUE(rep.ok) << rep.error;
        EXPECT_EQ(rep.pf, r.top->device.pf_rid(pf));
        EXPECT_EQ(rep.first_vf_offset, 0x180u);
        EXPECT_EQ(rep.vf_stride, 2u);
        EXPECT_EQ(r.top->device.active_vfs(pf), num_vfs);
        ASSERT_EQ(rep.functions.size(), num_vfs + 1u);
        for (uint16_t k = 0; k < num_vfs; ++k) {
            const routing_id expected(static_cast<uint16_t>(0x0100 + pf + 0x180 + 2 * k));
            EXPECT_EQ(rep.functions[k + 1u].rid, expected);
            EXPECT_EQ(r.top->device.vf_rid(k, pf), expected);
            EXPECT_EQ(rep.functions[k + 1u].class_code, 0x020000u); // the VF answered
        }
    }
    // PF 1's VF BARs lie above PF 0's.
    EXPECT_GT(reps[1].vf_bars.front().base, reps[0].vf_bars.back().base);
}

TEST(MultiPfLinuxFlow, AriChainFindsBothPfsAndEnablesTheirVfsLt) {
    const std::vector<tb::enable_report> reps = g_ari_lt->enable(16, false);
    EXPECT_TRUE(g_ari_lt->top->rc.port().ari_forwarding());
    expect_both_pfs_enabled(*g_ari_lt, reps, 16);
    g_ari_lt->expect_no_urd();
    // --dump-config: every PF and VF, in routing ID order.
    std::ostringstream dump;
    config::write_lspci_dump(dump, g_ari_lt->top->device);
    const std::regex header("^([0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]) Ethernet controller");
    std::vector<std::string> functions;
    std::istringstream lines(dump.str());
    for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (std::regex_search(line, m, header)) {
            functions.push_back(m[1]);
        }
    }
    ASSERT_EQ(functions.size(), 34u);
    EXPECT_EQ(functions[0], "01:00.0");
    EXPECT_EQ(functions[1], "01:00.1");
    EXPECT_EQ(functions[2], "02:10.0");
    EXPECT_EQ(functions[3], "02:10.1"); // PF 1's VF 0 between PF 0's VFs 0 and 1
    EXPECT_EQ(functions[33], "02:13.7");
}

TEST(MultiPfLinuxFlow, AriChainFindsBothPfsAndEnablesTheirVfsAt) {
    const std::vector<tb::enable_report> reps = g_ari_at->enable(4, false);
    expect_both_pfs_enabled(*g_ari_at, reps, 4);
    g_ari_at->expect_no_urd();
}

TEST(MultiPfLinuxFlow, MultiFunctionScanWithoutAriFindsBothPfs) {
    // pci=noari: functions 1-7 of device 0 scanned (2-7 absent: UR, nothing logged).
    const std::vector<tb::enable_report> reps = g_noari->enable(2, true);
    EXPECT_FALSE(g_noari->top->rc.port().ari_forwarding());
    expect_both_pfs_enabled(*g_noari, reps, 2);
    g_noari->expect_no_urd();
}

} // namespace

namespace sriov::test {

void elaborate() {
    g_ari_lt = std::make_unique<rig>("ari_lt", dual_pf_config(root_complex::coding_style::lt));
    g_ari_at = std::make_unique<rig>("ari_at", dual_pf_config(root_complex::coding_style::at));
    g_noari = std::make_unique<rig>("noari", dual_pf_config(root_complex::coding_style::lt));
}

} // namespace sriov::test
