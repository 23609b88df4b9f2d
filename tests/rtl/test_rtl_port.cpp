// The configurable block (rtl/sriov_cfg_port_space.sv): every shipped
// description fits its storage, its layout loads through the configuration
// port, and after reset it answers every PF DW as the model does; the
// driver refuses a layout for a block without the port.
#include "sriov/config/device_description.h"
#include "sriov/config/sriov_device.h"
#include "sriov/pcie/registers.h"
#include "sriov/rtl_driver/layout_port.h"
#include "sriov/rtl_driver/rtl_driver.h"

#include <Vsriov_cfg_port_space_port_fast.h>
#include <Vsriov_cfg_space_default.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using sriov::completion_status;
using sriov::config_request;
using sriov::routing_id;
using sriov::config::sriov_device;
using sriov::rtl::make_cfg_space;
using sriov::rtl::rtl_driver;

std::vector<std::string> shipped_profiles() {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(SRIOV_PROFILES_DIR)) {
        if (e.path().extension() == ".toml") {
            files.push_back(e.path().string());
        }
    }
    return files;
}

TEST(RtlPort, EveryShippedDescriptionLoadsAndReadsAsTheModel) {
    const std::vector<std::string> files = shipped_profiles();
    ASSERT_GE(files.size(), 7u);
    for (const std::string& f : files) {
        SCOPED_TRACE(f);
        sriov_device dev(sriov::config::load_device_description(f));
        rtl_driver drv(make_cfg_space<Vsriov_cfg_port_space_port_fast>("port_fast"));
        drv.set_layout(sriov::rtl::layout_writes(dev, sriov::rtl::built_port_sizes));
        drv.reset(0);
        // Inside the reset window both answer CRS; after it, every DW.
        const config_request first{dev.pf_rid(0), 0, 0xF, false, 0};
        EXPECT_EQ(drv.access(first, 0).status, completion_status::config_request_retry);
        const uint64_t t = dev.profile().reset_ready_ns;
        unsigned cycles = 0;
        for (size_t p = 0; p < dev.pf_count(); ++p) {
            for (uint16_t dw = 0; dw < 1024; ++dw) {
                const config_request req{dev.pf_rid(p), dw, 0xF, false, 0};
                const auto want = dev.access(req, t);
                const auto got = drv.access(req, t, &cycles);
                ASSERT_EQ(got.status, want.status) << "PF " << p << " DW " << dw;
                ASSERT_EQ(got.read_data, want.read_data) << "PF " << p << " DW " << dw;
                ASSERT_EQ(cycles, dev.profile().ep_cycles);
            }
        }
    }
}

TEST(RtlPort, DescriptionTooLargeForTheBuildIsRefusedWithTheReason) {
    sriov_device dev(sriov::config::device_description::defaults());
    sriov::rtl::port_sizes tiny = sriov::rtl::built_port_sizes;
    tiny.pf_slots = 30;
    EXPECT_THROW((void)sriov::rtl::layout_writes(dev, tiny), sriov::rtl::layout_too_large);
    tiny = sriov::rtl::built_port_sizes;
    tiny.max_vfs = 8; // the default device has TotalVFs 64
    try {
        (void)sriov::rtl::layout_writes(dev, tiny);
        FAIL() << "expected layout_too_large";
    } catch (const sriov::rtl::layout_too_large& e) {
        EXPECT_NE(std::string(e.what()).find("64 VFs"), std::string::npos) << e.what();
    }
}

TEST(RtlPort, LayoutOnlyForABlockWithThePortAndBeforeTheFirstReset) {
    rtl_driver fixed(make_cfg_space<Vsriov_cfg_space_default>("default"));
    EXPECT_THROW(fixed.set_layout({}), std::logic_error);
    sriov_device dev(sriov::config::device_description::defaults());
    rtl_driver drv(make_cfg_space<Vsriov_cfg_port_space_port_fast>("port_fast"));
    drv.set_layout(sriov::rtl::layout_writes(dev, sriov::rtl::built_port_sizes));
    drv.reset(0);
    EXPECT_THROW(drv.set_layout({}), std::logic_error);
}

} // namespace
