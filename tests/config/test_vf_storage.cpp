// A written VF's private storage (issue 14): only the DWs its layout lets
// change (RW, RW1C or hooked) get storage, so a touched VF of the default
// device and of every shipped profile costs at most 1 KiB, and its registers
// read exactly what the masks of the shared layout say.
#include "config_test_util.h"
#include "sriov/config/device_description.h"
#include "sriov/config/register_file.h"
#include "sriov/config/sriov_device.h"
#include "sriov/pcie/registers.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

using namespace sriov;
using namespace sriov::config;

namespace {

constexpr uint64_t enable_at = 10'000'000'000;  // after every reset window of a profile
constexpr uint64_t access_at = 100'000'000'000; // after every VF Enable window
constexpr size_t max_vf_bytes = 1024;

config_response write_dw(sriov_device& d, routing_id fn, uint16_t dw, uint32_t data, uint64_t now) {
    return d.access(config_request{fn, dw, 0xF, true, data}, now);
}

// Enables min(2, TotalVFs) VFs of PF `pf`.
void enable_two_vfs(sriov_device& d, size_t pf) {
    const register_layout& l = d.pf_layout(pf);
    const uint16_t sriov_at = l.capability_offset(capability_kind::sriov);
    const uint16_t n = d.profile().pfs[pf].total_vfs < 2 ? 1 : 2;
    const routing_id rid = d.pf_rid(pf);
    ASSERT_EQ(d.write(rid, sriov_at + sriov_field::num_vfs, 2, n, enable_at).status,
              completion_status::successful);
    ASSERT_EQ(
        d.write(rid, sriov_at + sriov_field::ctrl, 2, bits::sriov_ctrl_vf_enable, enable_at).status,
        completion_status::successful);
    ASSERT_EQ(d.active_vfs(pf), n);
}

// Writes all ones to every writable DW of VF 0 that has no side-effect hook
// (a hook may reset the VF: FLR, D3hot -> D0), sets every RW1C bit the way
// hardware does, and checks each DW reads what the layout's masks give.
void touch_every_writable_register(sriov_device& d, size_t pf) {
    const register_layout& l = d.vf_layout(pf);
    const routing_id vf = d.vf_rid(0, pf);
    for (uint16_t dw = 0; dw < 1024; ++dw) {
        if (l.dw_has_hooks(dw) || (l.rw_dw(dw) | l.rw1c_dw(dw)) == 0) {
            continue;
        }
        ASSERT_EQ(write_dw(d, vf, dw, 0xFFFFFFFF, access_at).status, completion_status::successful);
        EXPECT_EQ(d.peek_dw(vf, dw), l.written_dw(dw, l.reset_dw(dw), 0xF, 0xFFFFFFFF))
            << "DW " << dw;
        d.hw_set_status(vf, static_cast<uint16_t>(4 * dw), l.rw1c_dw(dw));
        EXPECT_EQ(d.peek_dw(vf, dw),
                  l.written_dw(dw, l.reset_dw(dw), 0xF, 0xFFFFFFFF) | l.rw1c_dw(dw))
            << "DW " << dw;
    }
}

void expect_bounded(const device_description& desc, const std::string& name) {
    SCOPED_TRACE(name);
    sriov_device d(desc);
    for (size_t pf = 0; pf < d.pf_count(); ++pf) {
        enable_two_vfs(d, pf);
        touch_every_writable_register(d, pf);
        const size_t bytes = d.vf_private_bytes(d.vf_rid(0, pf));
        ::testing::Test::RecordProperty(name + " PF " + std::to_string(pf) + " VF bytes",
                                        std::to_string(bytes));
        EXPECT_GT(bytes, 0u) << "PF " << pf;
        EXPECT_LE(bytes, max_vf_bytes) << "PF " << pf;
        EXPECT_EQ(bytes, 4 * d.vf_layout(pf).mutable_dws() + sizeof(void*)) << "PF " << pf;
        if (d.active_vfs(pf) > 1) {
            EXPECT_EQ(d.vf_private_bytes(d.vf_rid(1, pf)), 0u) << "untouched VF, PF " << pf;
        }
    }
    EXPECT_EQ(d.materialized_vfs(), d.pf_count());
}

} // namespace

TEST(ConfigVfStorage, DefaultDeviceTouchedVfAtMostOneKiB) {
    expect_bounded(device_description::defaults(), "defaults");
}

TEST(ConfigVfStorage, EveryShippedProfileTouchedVfAtMostOneKiB) {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(SRIOV_SOURCE_DIR "/profiles")) {
        if (e.path().extension() == ".toml") {
            files.push_back(e.path().string());
        }
    }
    ASSERT_GE(files.size(), 7u);
    for (const std::string& f : files) {
        expect_bounded(load_device_description(f, bus_range{1, 255}), f);
    }
}

// A VF's FLR returns its compact image to the reset values and frees it;
// PF reads and the untouched VFs never owned any.
TEST(ConfigVfStorage, FlrFreesTheCompactImage) {
    sriov_device d(device_description::defaults());
    enable_two_vfs(d, 0);
    const routing_id vf = d.vf_rid(0);
    EXPECT_EQ(d.vf_private_bytes(vf), 0u);
    EXPECT_EQ(d.vf_private_bytes(d.pf_rid()), 0u);
    ASSERT_EQ(d.write(vf, reg::command, 2, bits::command_bus_master, access_at).status,
              completion_status::successful);
    EXPECT_GT(d.vf_private_bytes(vf), 0u);
    const uint16_t pcie_at = d.vf_layout().capability_offset(capability_kind::pcie);
    ASSERT_EQ(d.write(vf, pcie_at + pcie_field::dev_ctrl, 2, bits::dev_ctrl_initiate_flr, access_at)
                  .status,
              completion_status::successful);
    EXPECT_EQ(d.vf_private_bytes(vf), 0u);
    EXPECT_EQ(d.materialized_vfs(), 0u);
}
