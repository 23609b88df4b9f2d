// Several PFs in one device (docs/config-space-map.md, "Several PFs"): the
// [[pf]] reader and its error positions, the validation rules (placement,
// VF routing ID collisions, ARI Next Function chain, Function Dependency
// Link), routing every PF's VFs (Type 0 and Type 1, ARI and not) and ARI
// Capable Hierarchy taken from the lowest-numbered PF for every PF.
#include "config_test_util.h"

#include "sriov/config/device_description.h"
#include "sriov/pcie/registers.h"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>

using namespace sriov;
using namespace sriov::config;
using namespace sriov::config::testing;

namespace {

const std::string dual_pf_path =
    std::string(SRIOV_SOURCE_DIR) + "/tests/config/profiles/dual-pf.toml";

std::string dual_pf_text() {
    std::ifstream in(dual_pf_path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// dual-pf.toml with `from` replaced by `to` (once; the test fails if absent).
std::string edited(const std::string& from, const std::string& to) {
    std::string s = dual_pf_text();
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? s : s.replace(at, from.size(), to);
}

device_description dual_pf() {
    device_description d = load_device_description(dual_pf_path);
    d.reset_ready_ns = 10;
    d.vf_enable_ready_ns = 20;
    d.flr_ready_ns = 30;
    return d;
}

uint16_t sriov_at(const sriov_device& d, size_t pf) {
    return d.pf_layout(pf).capability_offset(capability_kind::sriov);
}

// PF p and its VFs without the ARI capability (SR-IOV first at 0x100).
void without_ari(pf_description& p) {
    for (auto* caps : {&p.pf_capabilities, &p.vf_capabilities}) {
        caps->erase(
            std::remove_if(caps->begin(), caps->end(),
                           [](const capability& c) { return c.kind() == capability_kind::ari; }),
            caps->end());
        for (capability& c : *caps) {
            if (c.kind() == capability_kind::sriov) {
                c.offset = 0x100;
            }
        }
    }
}

void enable(sriov_device& d, size_t pf, uint16_t n, uint16_t extra_ctrl = 0) {
    const uint16_t at = sriov_at(d, pf);
    wr(d, d.pf_rid(pf), at + sriov_field::num_vfs, 2, n, T / 2);
    wr(d, d.pf_rid(pf), at + sriov_field::ctrl, 2, bits::sriov_ctrl_vf_enable | extra_ctrl, T / 2);
}

// --- reader -------------------------------------------------------------------

TEST(MultiPfReader, ReadsEveryPfOfAnArray) {
    const device_description d = load_device_description(dual_pf_path);
    ASSERT_EQ(d.pfs.size(), 2u);
    EXPECT_EQ(d.pfs[0].pf_rid, 0x0100);
    EXPECT_EQ(d.pfs[1].pf_rid, 0x0101);
    EXPECT_EQ(d.pfs[0].total_vfs, 16);
    EXPECT_EQ(d.pfs[1].initial_vfs, 16);
    EXPECT_EQ(d.pfs[1].function_dependency_link, std::optional<uint8_t>(0));
    EXPECT_FALSE(d.pfs[0].function_dependency_link.has_value());
    EXPECT_EQ(d.reset_ready_ns, 1'000'000u); // device-wide tables stay device-wide
    // PF 1 keeps the built-in capability list, PF 0 its own (ARI next function 1).
    EXPECT_EQ(d.pfs[1].pf_capabilities, device_description::defaults().pfs[0].pf_capabilities);
    EXPECT_EQ(std::get<ari_params>(d.pfs[0].pf_capabilities[3].params).next_function, 1);
}

TEST(MultiPfReader, ErrorsNameTheArrayEntry) {
    EXPECT_EQ(error_of(edited("total_vfs = 16\nfirst_vf_offset = 0x180    # from",
                              "total_vfs = 0\nfirst_vf_offset = 0x180    # from")),
              "d.toml:61:13: pf[1].sriov.total_vfs = 0: an SR-IOV device has at least one VF");
    EXPECT_EQ(error_of(edited("device_id = 0x10FB\nclass_code = 0x020000\n# The built-in",
                              "device_id = 0x10FB\nclass_code = 0x1020000\n# The built-in")),
              "d.toml:57:14: pf[1].class_code = 0x1020000: out of range 0..0xFFFFFF");
    EXPECT_EQ(error_of(edited("function_dependency_link = 0", "function_dependency_link = 5")),
              "d.toml:65:28: pf[1].sriov.function_dependency_link = 5: names no PF of this "
              "device");
    // The reason names the other keys of the same entry too.
    EXPECT_EQ(
        error_of(edited("total_vfs = 16\nfirst_vf_offset = 0x180    # from",
                        "total_vfs = 16\ninitial_vfs = 3\nfirst_vf_offset = 0x180    # from")),
        "d.toml:62:15: pf[1].sriov.initial_vfs = 3: must equal pf[1].sriov.total_vfs = 16 "
        "unless pf[1].sriov.migration_capable = true");
}

// --- validation -----------------------------------------------------------------

TEST(MultiPfValidation, VfRoutingIdsCollidingWithAnotherPfsVfsAreRefused) {
    // PF 1's VF 0 at 01:00.1 + 0x17F = 02:10.0, PF 0's VF 0.
    EXPECT_EQ(
        error_of(edited("first_vf_offset = 0x180    # from", "first_vf_offset = 0x17F    # from")),
        "d.toml:61:13: pf[1].sriov.total_vfs = 16: VF 0's routing ID 02:10.0 (first VF offset 383, "
        "stride 2) is a VF of PF 0");
}

TEST(MultiPfValidation, VfRoutingIdOnAnotherPfIsRefused) {
    device_description d = dual_pf();
    d.pfs[0].first_vf_offset = 1; // VF 0 at 01:00.1, PF 1
    EXPECT_EQ(validation_error(d), "pf[0].total_vfs = 16: VF 0's routing ID 01:00.1 (first VF "
                                   "offset 1, stride 2) is PF 1's routing ID");
}

TEST(MultiPfValidation, AriDependentOffsetsAreCheckedToo) {
    device_description d = dual_pf();
    d.pfs[0].offset_stride = offset_stride_rule::ari_dependent; // ARI: offset 1 -> PF 1
    EXPECT_NE(validation_error(d).find("ARI Capable Hierarchy set) is PF 1's routing ID"),
              std::string::npos)
        << validation_error(d);
}

TEST(MultiPfValidation, MoreThanEightFunctionsNeedAri) {
    device_description d = dual_pf();
    without_ari(d.pfs[0]);
    d.pfs[0].total_vfs = d.pfs[0].initial_vfs = 1;
    d.pfs[0].first_vf_offset = 0x100;
    d.pfs.assign(9, d.pfs[0]);
    for (size_t i = 0; i < d.pfs.size(); ++i) {
        d.pfs[i].pf_rid = static_cast<uint16_t>(0x0100 + i); // VF at 02:00.i / 02:01.0
    }
    EXPECT_EQ(validation_error(d),
              "pf[8].pf_rid = 01:01.0: 9 PFs: a device without ARI has at most 8 functions");
}

TEST(MultiPfValidation, PfsOfOneDeviceShareBusAndDeviceNumber) {
    device_description d = dual_pf();
    without_ari(d.pfs[0]);
    without_ari(d.pfs[1]);
    d.pfs[1].pf_rid = 0x0109; // 01:01.1
    d.pfs[1].function_dependency_link.reset();
    EXPECT_EQ(validation_error(d), "pf[1].pf_rid = 01:01.1: without ARI the PFs of one device "
                                   "share its Device Number (00)");
}

// With ARI the whole low byte is the function number (PCIe Base 6.13): a PF
// at function 9 (01:01.1 in the non-ARI notation) is a valid function of
// Device 0, found through the ARI Next Function chain.
TEST(MultiPfValidation, AriPfsUseFunctionNumbersAboveSeven) {
    device_description d = dual_pf();
    d.pfs[1].pf_rid = 0x0109; // function 9: its VFs at 02:..., odd, PF 0's even
    d.pfs[1].function_dependency_link.reset();
    std::get<ari_params>(d.pfs[0].pf_capabilities[3].params).next_function = 9;
    ASSERT_EQ(validation_error(d), "");
    sriov_device dev(d);
    EXPECT_EQ(dev.pf_rid(1), routing_id(0x0109));
    const config_response r = dev.access({routing_id(0x0109), 0, 0xF, false, 0}, T);
    EXPECT_EQ(r.status, completion_status::successful);
    EXPECT_EQ(r.read_data, dev.access({dev.pf_rid(0), 0, 0xF, false, 0}, T).read_data);
}

TEST(MultiPfValidation, AriNextFunctionChainReachesEveryPf) {
    EXPECT_EQ(error_of(edited("next_function = 1", "next_function = 0")),
              "d.toml:54:7: pf[1].rid = 01:00.1: not on the ARI Next Function chain from function "
              "0: software using ARI does not find this PF");
    EXPECT_EQ(error_of(edited("next_function = 1", "next_function = 7")),
              "d.toml:41:17: pf[0].capability[3].next_function = 7: no PF of this device has this "
              "function number");
}

TEST(MultiPfValidation, AriNextFunctionChainMustNotLoop) {
    device_description d = dual_pf();
    d.pfs[1].pf_capabilities = d.pfs[0].pf_capabilities; // PF 1 -> 1: a loop
    std::get<ari_params>(d.pfs[1].pf_capabilities[3].params).next_function = 1;
    EXPECT_EQ(
        validation_error(d),
        "pf[1].pf_capabilities[3] (ari).next_function = 1: the ARI Next Function chain loops");
}

// --- the model ------------------------------------------------------------------

TEST(MultiPfDevice, HeaderTypeHasTheMultiFunctionBitAndDependencyLinks) {
    sriov_device d(dual_pf());
    for (size_t pf = 0; pf < 2; ++pf) {
        EXPECT_EQ(rd(d, d.pf_rid(pf), reg::header_type, 1), bits::header_type_multi_function);
        EXPECT_EQ(rd(d, d.pf_rid(pf), sriov_at(d, pf) + sriov_field::fn_dep_link, 1), 0u);
    }
    sriov_device one(fast_profile()); // one function: no Multi-Function bit, link to itself
    EXPECT_EQ(rd(one, PF, reg::header_type, 1), 0u);
    EXPECT_EQ(rd(one, PF, sriov_at(one, 0) + sriov_field::fn_dep_link, 1), 0u);
}

TEST(MultiPfDevice, RoutesEveryPfsVfsOnTheNextBusAsType1) {
    sriov_device d(dual_pf());
    enable(d, 0, 16);
    enable(d, 1, 3);
    EXPECT_EQ(d.vf_rid(0, 0), routing_id(0x0280));
    EXPECT_EQ(d.vf_rid(15, 0), routing_id(0x029E));
    EXPECT_EQ(d.vf_rid(0, 1), routing_id(0x0281));
    EXPECT_EQ(d.vf_rid(2, 1), routing_id(0x0285));
    EXPECT_EQ(d.pf_of(routing_id(0x0283)), std::optional<size_t>(1));
    EXPECT_EQ(d.pf_of(routing_id(0x0282)), std::optional<size_t>(0));
    EXPECT_FALSE(d.function_exists(routing_id(0x0287))); // PF 1 has 3 VFs
    EXPECT_EQ(d.vf_index_of(routing_id(0x0285), 1), std::optional<uint16_t>(2));
    config_request req;
    req.target = routing_id(0x0285);
    req.type1 = true;
    req.dw_index = 0;
    const config_response rsp = d.access(req, T);
    EXPECT_EQ(rsp.status, completion_status::successful);
    EXPECT_EQ(rsp.read_data, 0xFFFFFFFFu); // a VF's Vendor/Device ID
    req.target = routing_id(0x0385);       // bus 03: no VF there
    EXPECT_EQ(d.access(req, T).status, completion_status::unsupported_request);
    // Each PF's VF registers are its own.
    wr(d, routing_id(0x0281), reg::command, 2, bits::command_bus_master);
    EXPECT_EQ(rd(d, routing_id(0x0281), reg::command, 2), bits::command_bus_master);
    EXPECT_EQ(rd(d, routing_id(0x0280), reg::command, 2), 0u);
    EXPECT_EQ(d.materialized_vfs(), 1u);
}

TEST(MultiPfDevice, RoutesVfsOnThePfsBusAsType0) {
    device_description desc = dual_pf();
    desc.pfs[0].first_vf_offset = 0x10; // 01:02.0, 01:02.2, ...
    desc.pfs[1].first_vf_offset = 0x10; // 01:02.1, 01:02.3, ...
    sriov_device d(desc);
    enable(d, 0, 2);
    enable(d, 1, 2);
    EXPECT_EQ(d.pf_of(routing_id(0x0112)), std::optional<size_t>(0));
    EXPECT_EQ(d.pf_of(routing_id(0x0113)), std::optional<size_t>(1));
    EXPECT_EQ(rd(d, routing_id(0x0113), reg::vendor_id, 2), 0xFFFFu);
    EXPECT_FALSE(d.vf_bus_above_pf(2));
}

TEST(MultiPfDevice, AbsentFunctionsOfAMultiFunctionDeviceLogNothing) {
    sriov_device d(dual_pf());
    const uint16_t status =
        d.pf_layout(0).capability_offset(capability_kind::pcie) + pcie_field::dev_status;
    EXPECT_EQ(d.read(routing_id(0x0102), reg::vendor_id, 2, T).status,
              completion_status::unsupported_request);
    for (size_t pf = 0; pf < 2; ++pf) {
        EXPECT_EQ(rd(d, d.pf_rid(pf), status, 2) & bits::dev_status_urd, 0u);
    }
}

TEST(MultiPfDevice, AriCapableHierarchyOfTheLowestPfAppliesToEveryPf) {
    device_description desc = dual_pf();
    desc.pfs[1].offset_stride = offset_stride_rule::ari_dependent; // ARI: 01:00.2, 01:00.3, ...
    sriov_device d(desc);
    const uint16_t ctrl1 = sriov_at(d, 1) + sriov_field::ctrl;
    // RsvdP in PF 1: its own write does nothing.
    wr(d, d.pf_rid(1), ctrl1, 2, bits::sriov_ctrl_ari_capable);
    EXPECT_FALSE(d.ari_capable_hierarchy(1));
    EXPECT_EQ(d.first_vf_offset(1), 0x180u);
    EXPECT_EQ(d.pf_layout(1).rw_byte(ctrl1) & bits::sriov_ctrl_ari_capable, 0u);
    EXPECT_NE(d.pf_layout(0).rw_byte(sriov_at(d, 0) + sriov_field::ctrl) &
                  bits::sriov_ctrl_ari_capable,
              0u);
    // Set in PF 0: PF 1's offset and stride follow.
    wr(d, d.pf_rid(0), sriov_at(d, 0) + sriov_field::ctrl, 2, bits::sriov_ctrl_ari_capable);
    EXPECT_TRUE(d.ari_capable_hierarchy(0));
    EXPECT_EQ(d.first_vf_offset(1), 1u);
    EXPECT_EQ(d.vf_stride(1), 1u);
    enable(d, 1, 2);
    EXPECT_EQ(d.vf_rid(1, 1), routing_id(0x0103));
    EXPECT_EQ(d.pf_of(routing_id(0x0103)), std::optional<size_t>(1));
    // While PF 1's VF Enable is set, PF 0 clearing ARI leaves PF 1 alone.
    wr(d, d.pf_rid(0), sriov_at(d, 0) + sriov_field::ctrl, 2, 0);
    EXPECT_FALSE(d.ari_capable_hierarchy(0));
    EXPECT_EQ(d.first_vf_offset(1), 1u);
    // Once PF 1's VF Enable is clear, it takes the device's value again.
    wr(d, d.pf_rid(1), ctrl1, 2, 0);
    EXPECT_EQ(d.first_vf_offset(1), 0x180u);
    EXPECT_EQ(d.vf_stride(1), 2u);
}

} // namespace
