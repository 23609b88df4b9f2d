// The root port of the root complex (docs/config-space-map.md, root port
// section) as a component: its Type 1 header and PCI Express capability
// (RO / RW / RW1C), the routing rules of PCIe Base 7.3.1 / 7.3.3 (Device 0
// only on the secondary bus unless ARI Forwarding Enable, Type 1 for the
// buses behind it, UR at the port outside the range), and the SR-IOV
// device's claim of Type 1 requests for VFs on additional bus numbers (PCIe
// Base 9.2.1.2). Through the platform: test_root_port_platform.cpp.
#include "default_layout.h"
#include "sriov/endpoint/sriov_endpoint.h"
#include "sriov/pcie/registers.h"
#include "sriov/root_complex/root_port.h"

#include <gtest/gtest.h>
#include <vector>

namespace {

using namespace sriov;
using root_complex::root_complex_config;
using root_complex::root_port;
using root_complex::route;

routing_id rid(uint8_t bus, uint8_t dev, uint8_t fn) {
    return routing_id::from_bdf(bus, dev, fn);
}

uint16_t dw(uint16_t offset) {
    return static_cast<uint16_t>(offset / 4);
}

// The bytes [offset, offset + width) of a register as the port reads them.
uint32_t field(const root_port& p, uint16_t offset, unsigned width) {
    const uint64_t two = p.read_dw(dw(offset)) | uint64_t{p.read_dw(dw(offset) + 1)} << 32;
    const uint64_t v = two >> (8 * (offset % 4));
    return static_cast<uint32_t>(width == 4 ? v & 0xFFFFFFFFu : v & ((1u << (8 * width)) - 1));
}

// A write of `value` to the `width` bytes at `offset` (inside one DW).
void put(root_port& p, uint16_t offset, unsigned width, uint32_t value) {
    const unsigned lane = offset % 4;
    const uint8_t be = static_cast<uint8_t>(((1u << width) - 1) << lane);
    p.write_dw(dw(offset), be, value << (8 * lane));
}

// --- registers (no simulation) ------------------------------------------------

TEST(RootPortRegisters, IdentifiesAType1RootPort) {
    root_complex_config c;
    c.link_gen = 4;
    c.link_width = 8;
    const root_port p(c);
    EXPECT_EQ(field(p, reg::vendor_id, 2), 0x1B36u);
    EXPECT_EQ(field(p, reg::device_id, 2), 0x000Cu);
    EXPECT_EQ(field(p, reg::header_type, 1), bits::header_type_bridge);
    EXPECT_EQ(field(p, reg::class_code, 3), 0x060400u); // PCI-to-PCI bridge
    EXPECT_EQ(field(p, reg::status, 2) & bits::status_cap_list, bits::status_cap_list);
    EXPECT_EQ(field(p, reg::cap_ptr, 1), rp_reg::pcie_cap);
    EXPECT_EQ(field(p, rp_reg::pcie_cap, 1), cap_id::pcie);
    EXPECT_EQ(field(p, rp_reg::pcie_caps, 2) & bits::pcie_caps_port_type,
              bits::pcie_caps_root_port);
    EXPECT_EQ(field(p, rp_reg::pcie_caps, 2) & 0xFu, 2u); // capability version 2
    EXPECT_EQ(field(p, rp_reg::dev_cap2, 4) & bits::dev_cap2_ari_forwarding,
              bits::dev_cap2_ari_forwarding);
    EXPECT_EQ(field(p, rp_reg::root_cap, 2), bits::root_cap_crs_visibility);
    EXPECT_EQ(field(p, rp_reg::link_cap, 4) & 0x3FFu, 4u | 8u << 4); // 16 GT/s x8
    EXPECT_EQ(field(p, rp_reg::link_status, 2) & 0x3FFu, 4u | 8u << 4);
    EXPECT_EQ(field(p, rp_reg::link_cap2, 4), 0x1Eu); // 2.5, 5, 8 and 16 GT/s
    EXPECT_EQ(field(p, rp_reg::primary_bus, 1), 0u);
    EXPECT_EQ(field(p, rp_reg::secondary_bus, 1), 1u);
    EXPECT_EQ(field(p, rp_reg::subordinate_bus, 1), 255u);
    EXPECT_EQ(field(p, rp_reg::dev_ctrl2, 2), 0u); // ARI Forwarding Enable clear at reset
}

TEST(RootPortRegisters, ReadOnlyRegistersIgnoreWrites) {
    root_port p(root_complex_config{});
    const std::vector<uint16_t> ro_dws = {
        reg::vendor_id,   reg::revision_id, rp_reg::pcie_cap,  rp_reg::dev_cap,
        rp_reg::link_cap, rp_reg::dev_cap2, rp_reg::link_cap2, reg::config_space_size - 4};
    for (const uint16_t off : ro_dws) {
        const uint32_t before = p.read_dw(dw(off));
        p.write_dw(dw(off), 0xF, ~before);
        EXPECT_EQ(p.read_dw(dw(off)), before) << "DW at 0x" << std::hex << off;
    }
    put(p, reg::header_type, 1, 0x00);
    EXPECT_EQ(field(p, reg::header_type, 1), bits::header_type_bridge);
    // Root Capabilities shares its DW with Root Control: only the control bits move.
    put(p, rp_reg::root_cap, 2, 0);
    EXPECT_EQ(field(p, rp_reg::root_cap, 2), bits::root_cap_crs_visibility);
}

TEST(RootPortRegisters, ReadWriteRegistersTakeTheirMasks) {
    root_port p(root_complex_config{});
    p.write_dw(dw(rp_reg::primary_bus), 0xF, 0xFF050402); // Secondary Latency Timer is RO 0
    EXPECT_EQ(p.read_dw(dw(rp_reg::primary_bus)), 0x00050402u);
    EXPECT_EQ(p.secondary_bus(), 4u);
    EXPECT_EQ(p.subordinate_bus(), 5u);
    put(p, rp_reg::secondary_bus, 1, 0x07); // byte enables: the neighbours stay
    EXPECT_EQ(p.read_dw(dw(rp_reg::primary_bus)), 0x00050702u);
    put(p, reg::command, 2, 0xFFFF);
    EXPECT_EQ(field(p, reg::command, 2), 0x0547u);
    put(p, rp_reg::dev_ctrl2, 2, 0xFFFF);
    EXPECT_EQ(field(p, rp_reg::dev_ctrl2, 2), bits::dev_ctrl2_ari_forwarding);
    EXPECT_TRUE(p.ari_forwarding());
    put(p, rp_reg::dev_ctrl2, 2, 0);
    EXPECT_FALSE(p.ari_forwarding());
    put(p, rp_reg::root_ctrl, 2, 0xFFFF);
    EXPECT_EQ(field(p, rp_reg::root_ctrl, 2), 0x001Fu);
    EXPECT_TRUE(p.crs_software_visibility());
}

TEST(RootPortRegisters, ErrorStatusBitsAreRw1c) {
    root_port p(root_complex_config{});
    struct rw1c {
        const char* name;
        uint16_t offset;
        uint32_t mask;
    };
    for (const rw1c& r : {rw1c{"status", reg::status, 0xF900},
                          rw1c{"secondary_status", rp_reg::secondary_status, 0xF900},
                          rw1c{"dev_status", rp_reg::dev_status, 0x000F},
                          rw1c{"root_status", rp_reg::root_status, 0x00010000}}) {
        const config::register_def* d = p.layout().find(r.name);
        ASSERT_NE(d, nullptr) << r.name;
        EXPECT_EQ(d->offset, r.offset) << r.name;
        EXPECT_EQ(d->rw1c_mask, r.mask) << r.name;
        EXPECT_EQ(d->rw_mask & r.mask, 0u) << r.name;
        // Writing ones never sets a status bit: only hardware sets them.
        const uint32_t before = field(p, r.offset, d->width);
        put(p, r.offset, d->width, r.mask);
        EXPECT_EQ(field(p, r.offset, d->width), before) << r.name;
    }
}

TEST(RootPortRegisters, CrsSoftwareVisibilitySetterIsTheRegister) {
    root_complex_config c;
    c.crs_software_visibility = true;
    root_port p(c);
    EXPECT_EQ(field(p, rp_reg::root_ctrl, 2), bits::root_ctrl_crs_visibility);
    p.set_crs_software_visibility(false);
    EXPECT_EQ(field(p, rp_reg::root_ctrl, 2), 0u);
    put(p, rp_reg::root_ctrl, 2, 0x0001); // SERR on correctable error stays as written
    p.set_crs_software_visibility(true);
    EXPECT_EQ(field(p, rp_reg::root_ctrl, 2), 0x0011u);
    EXPECT_TRUE(p.crs_software_visibility());
}

// --- routing (no simulation) --------------------------------------------------

TEST(RootPortRouting, SecondaryBusCarriesDeviceZeroOnlyWithoutAriForwarding) {
    root_port p(root_complex_config{});
    EXPECT_EQ(p.route_of(rid(0, 0, 0)), route::root_port);
    EXPECT_EQ(p.route_of(rid(0, 1, 0)), route::unsupported); // the RC's bus: the port only
    EXPECT_EQ(p.route_of(rid(0, 0, 1)), route::unsupported);
    for (uint8_t fn = 0; fn < 8; ++fn) {
        EXPECT_EQ(p.route_of(rid(1, 0, fn)), route::type0);
    }
    for (uint8_t dev = 1; dev < 32; ++dev) {
        EXPECT_EQ(p.route_of(rid(1, dev, 0)), route::unsupported) << int(dev);
    }
    put(p, rp_reg::dev_ctrl2, 2, bits::dev_ctrl2_ari_forwarding);
    for (unsigned fn = 0; fn < 256; ++fn) { // every ARI function number
        EXPECT_EQ(p.route_of(routing_id(static_cast<uint16_t>(0x0100 | fn))), route::type0) << fn;
    }
}

TEST(RootPortRouting, BusesBehindTheSecondaryAreType1UpToTheSubordinate) {
    root_port p(root_complex_config{});
    put(p, rp_reg::subordinate_bus, 1, 0x10);
    EXPECT_EQ(p.route_of(rid(2, 0, 0)), route::type1);
    EXPECT_EQ(p.route_of(rid(2, 0x10, 0)), route::type1); // any device number on them
    EXPECT_EQ(p.route_of(rid(0x10, 31, 7)), route::type1);
    EXPECT_EQ(p.route_of(rid(0x11, 0, 0)), route::unsupported);
    EXPECT_EQ(p.route_of(rid(0xFF, 0, 0)), route::unsupported);
    put(p, rp_reg::secondary_bus, 1, 0x08); // buses below the secondary: not behind the port
    EXPECT_EQ(p.route_of(rid(1, 0, 0)), route::unsupported);
    EXPECT_EQ(p.route_of(rid(8, 0, 0)), route::type0);
}

TEST(RootPortRouting, SubordinateBelowSecondaryForwardsOnlyTheSecondary) {
    root_port p(root_complex_config{});
    p.write_dw(dw(rp_reg::primary_bus), 0x6, 0x00030500); // secondary 5 > subordinate 3
    EXPECT_EQ(p.secondary_bus(), 5u);
    EXPECT_EQ(p.subordinate_bus(), 3u);
    EXPECT_EQ(p.route_of(rid(5, 0, 0)), route::type0);
    for (const uint8_t bus : {1, 3, 4, 6, 0xFF}) {
        EXPECT_EQ(p.route_of(rid(bus, 0, 0)), route::unsupported) << int(bus);
    }
}

// --- the device's Type 1 claim (no simulation) --------------------------------

TEST(RootPortType1Claim, OnlyBusesOfEnabledVfsAboveThePf) {
    config::device_description prof = config::device_description::defaults();
    prof.reset_ready_ns = 0;
    prof.vf_enable_ready_ns = 0;
    config::sriov_device d(prof);                             // PF 01:00.0, VF k at 02:10.0 + 2k
    EXPECT_FALSE(endpoint::claims_type1(d, rid(2, 0x10, 0))); // VF Enable clear
    d.write(d.pf_rid(), default_layout::sriov_num_vfs, 2, 64, 0);
    d.write(d.pf_rid(), default_layout::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable, 0);
    ASSERT_EQ(d.active_vfs(), 64u); // VF 63 at 0x0280 + 126 = 02:1f.6
    EXPECT_TRUE(endpoint::claims_type1(d, rid(2, 0x10, 0)));
    EXPECT_TRUE(endpoint::claims_type1(d, rid(2, 0x1F, 6)));
    EXPECT_TRUE(endpoint::claims_type1(d, rid(2, 0, 0)));  // on a VF bus: the device answers
    EXPECT_FALSE(endpoint::claims_type1(d, rid(1, 0, 0))); // the captured bus is Type 0
    EXPECT_FALSE(endpoint::claims_type1(d, rid(3, 0, 0))); // beyond the last VF
}

// The device applies the claim itself (config_request::type1), in the call
// that applies the request: claimed ones like Type 0, the others UR without
// Unsupported Request Detected.
TEST(RootPortType1Claim, TheDeviceAppliesOnlyClaimedType1Requests) {
    config::device_description prof = config::device_description::defaults();
    prof.reset_ready_ns = 0;
    prof.vf_enable_ready_ns = 0;
    config::sriov_device d(prof);
    d.write(d.pf_rid(), default_layout::sriov_num_vfs, 2, 64, 0);
    d.write(d.pf_rid(), default_layout::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable, 0);
    const auto urd = [&d] {
        return (*d.peek_dw(d.pf_rid(), default_layout::dev_status / 4) >> 16 &
                bits::dev_status_urd) != 0;
    };
    const auto type1_read = [&d](routing_id target) {
        return d.access(config_request{target, 0, 0xF, false, 0, true}, 0);
    };
    const config_response vf = type1_read(rid(2, 0x10, 0));
    EXPECT_EQ(vf.status, completion_status::successful);
    EXPECT_EQ(vf.read_data, *d.peek_dw(rid(2, 0x10, 0), 0));
    EXPECT_EQ(type1_read(d.pf_rid()).status, completion_status::unsupported_request);
    EXPECT_EQ(type1_read(rid(3, 0, 0)).status, completion_status::unsupported_request);
    EXPECT_FALSE(urd()); // not the device's requests: nothing logged
    EXPECT_EQ(type1_read(rid(2, 0, 0)).status, completion_status::unsupported_request);
    EXPECT_TRUE(urd()); // claimed bus, no function there: like a Type 0 to an absent one
}

} // namespace
