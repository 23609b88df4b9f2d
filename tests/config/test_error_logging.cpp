// Error logging (docs/config-space-map.md, "Error logging"): what a function
// records when it answers an Unsupported Request or its receiver drops a
// Malformed TLP. PCIe Base 6.2.5 (Figure 6-2), 6.2.3.2.4.1 (Advisory
// Non-Fatal), 7.5.3.5 (Device Status), 7.8.4 (AER status, First Error
// Pointer, Header Log).
#include "config_test_util.h"
#include "default_layout.h"
#include "sriov/pcie/registers.h"
#include "sriov/tlp/tlp.h"

#include <array>
#include <gtest/gtest.h>

using namespace sriov;
using namespace sriov::config;
using namespace sriov::config::testing;

namespace {

constexpr uint16_t aer_at = 0x1A0; // after SR-IOV (0x160..0x19F)
constexpr uint16_t uncor_status = aer_at + aer_field::uncor_status;
constexpr uint16_t uncor_mask = aer_at + aer_field::uncor_mask;
constexpr uint16_t uncor_severity = aer_at + aer_field::uncor_severity;
constexpr uint16_t cor_status = aer_at + aer_field::cor_status;
constexpr uint16_t cap_ctrl = aer_at + aer_field::cap_ctrl;
constexpr uint32_t ur_bit = 1u << 20;   // Unsupported Request Error Status
constexpr uint32_t mtlp_bit = 1u << 18; // Malformed TLP Status
constexpr uint32_t advisory_bit = 1u << 13;
constexpr uint16_t ced = bits::dev_status_ced;
constexpr uint16_t nfed = bits::dev_status_nfed;
constexpr uint16_t fed = bits::dev_status_fed;
constexpr uint16_t urd = bits::dev_status_urd;

device_profile with_aer(uint32_t dev_cap = 0x10008022) {
    device_profile p = fast_profile();
    p.pf_capabilities.push_back({aer_at, aer_params{}});
    std::get<pcie_params>(p.pf_capabilities[2].params).device_capabilities = dev_cap;
    return p;
}

// A CfgRd0 to 01:00.1 (no such function) from 00:00.0 with tag `tag`, and
// its header as the spec draws it: Fmt/Type 04h, Length 1; Requester ID,
// Tag, BEs; Completer ID and register.
tlp absent_read(uint16_t tag) {
    return make_cfg_read(routing_id(0), tag, routing_id(0x0101), 0x1F, 0xF);
}
std::array<uint32_t, 4> header_of_absent_read(uint16_t tag) {
    return {0x04000001, uint32_t{tag} << 8 | 0x0F, 0x0101007C, 0};
}

std::array<uint32_t, 4> header_log(sriov_device& dev, uint64_t now = T) {
    std::array<uint32_t, 4> h{};
    for (unsigned i = 0; i < 4; ++i) {
        h[i] = rd(dev, PF, static_cast<uint16_t>(aer_at + aer_field::header_log + 4 * i), 4, now);
    }
    return h;
}
uint32_t first_error_pointer(sriov_device& dev) {
    return rd(dev, PF, cap_ctrl, 4) & bits::aer_first_error_pointer;
}
uint16_t dev_status(sriov_device& dev) {
    return static_cast<uint16_t>(rd(dev, PF, default_layout::dev_status, 2));
}

TEST(ErrorLogging, UnsupportedRequestIsAdvisoryNonFatalWithRoleBasedErrors) {
    sriov_device dev(with_aer());
    EXPECT_EQ(dev.access(absent_read(5), T).status, completion_status::unsupported_request);
    EXPECT_EQ(dev_status(dev), ced | urd); // no Non-Fatal Error Detected
    EXPECT_EQ(rd(dev, PF, uncor_status, 4), ur_bit);
    EXPECT_EQ(rd(dev, PF, cor_status, 4), advisory_bit);
    EXPECT_EQ(first_error_pointer(dev), 20u);
    EXPECT_EQ(header_log(dev), header_of_absent_read(5));
}

TEST(ErrorLogging, FirstErrorKeepsTheLogUntilItsStatusIsCleared) {
    sriov_device dev(with_aer());
    dev.access(absent_read(5), T);
    dev.access(absent_read(6), T); // FEP valid: nothing new is logged
    EXPECT_EQ(header_log(dev), header_of_absent_read(5));
    wr(dev, PF, uncor_status, 4, ur_bit); // RW1CS: software clears it
    EXPECT_EQ(rd(dev, PF, uncor_status, 4), 0u);
    dev.access(absent_read(7), T);
    EXPECT_EQ(header_log(dev), header_of_absent_read(7));
    EXPECT_EQ(first_error_pointer(dev), 20u);
}

TEST(ErrorLogging, MaskedErrorSetsStatusButNotPointerOrLog) {
    sriov_device dev(with_aer());
    wr(dev, PF, uncor_mask, 4, ur_bit);
    dev.access(absent_read(5), T);
    EXPECT_EQ(rd(dev, PF, uncor_status, 4), ur_bit);
    EXPECT_EQ(first_error_pointer(dev), 0u);
    EXPECT_EQ(header_log(dev), (std::array<uint32_t, 4>{}));
    EXPECT_EQ(dev_status(dev), ced | urd); // Device Status ignores the AER mask
}

TEST(ErrorLogging, FatalSeverityIsNotAdvisory) {
    sriov_device dev(with_aer());
    wr(dev, PF, uncor_severity, 4, rd(dev, PF, uncor_severity, 4) | ur_bit);
    dev.access(absent_read(5), T);
    EXPECT_EQ(dev_status(dev), fed | urd);
    EXPECT_EQ(rd(dev, PF, cor_status, 4), 0u);
    EXPECT_EQ(rd(dev, PF, uncor_status, 4), ur_bit);
}

TEST(ErrorLogging, WithoutRoleBasedErrorsNonFatal) {
    sriov_device dev(with_aer(0x10000022));
    dev.access(absent_read(5), T);
    EXPECT_EQ(dev_status(dev), nfed | urd);
    EXPECT_EQ(rd(dev, PF, cor_status, 4), 0u);
}

TEST(ErrorLogging, WithoutAerOnlyDeviceStatus) {
    sriov_device dev(fast_profile());
    const snapshot before = snapshot::of(dev);
    EXPECT_EQ(dev.read(routing_id(0x0101), 0, 4, T).status, completion_status::unsupported_request);
    EXPECT_EQ(dev_status(dev), ced | urd);
    wr(dev, PF, default_layout::dev_status, 2, ced | urd);
    EXPECT_EQ(snapshot::of(dev), before);
}

TEST(ErrorLogging, ByteApiLogsTheTlpItStandsFor) {
    sriov_device dev(with_aer());
    dev.write(routing_id(0x0101), 0x7C, 4, 0x12345678, T); // CfgWr0, Requester 00:00.0, Tag 0
    EXPECT_EQ(header_log(dev), (std::array<uint32_t, 4>{0x44000001, 0x0000000F, 0x0101007C, 0}));
}

TEST(ErrorLogging, MalformedTlpIsFatalAndLoggedInThePf) {
    sriov_device dev(with_aer());
    tlp bad = make_cfg_write(routing_id(0), 9, routing_id(0x0100), 0x1F, 0xF, 0);
    bad.last_be = 0xF;
    dev.log_malformed_tlp(bad);
    EXPECT_EQ(dev_status(dev), fed);
    EXPECT_EQ(rd(dev, PF, uncor_status, 4), mtlp_bit);
    EXPECT_EQ(first_error_pointer(dev), 18u);
    EXPECT_EQ(header_log(dev), (std::array<uint32_t, 4>{0x44000001, 0x000009FF, 0x0100007C, 0}));
    // A UR after it: its status is set, the pointer still names the first error.
    dev.access(absent_read(5), T);
    EXPECT_EQ(rd(dev, PF, uncor_status, 4), mtlp_bit | ur_bit);
    EXPECT_EQ(first_error_pointer(dev), 18u);
    EXPECT_EQ(header_log(dev)[1], 0x000009FFu);
}

// A claimed Type 1 request (a bus of the VFs) for no function logs the
// CfgRd1 it came in; an unclaimed one is not the device's and logs nothing.
TEST(ErrorLogging, ClaimedType1LogsItsOwnHeaderUnclaimedNothing) {
    sriov_device dev(with_aer());
    wr(dev, PF, default_layout::sriov_num_vfs, 2, 4, T / 2);
    wr(dev, PF, default_layout::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable, T / 2);
    const tlp unclaimed = make_cfg_read(routing_id(0), 0x33, routing_id(0x0300), 0, 0xF, true);
    EXPECT_EQ(dev.access(unclaimed, T).status, completion_status::unsupported_request);
    EXPECT_EQ(dev_status(dev), 0u);
    EXPECT_EQ(rd(dev, PF, uncor_status, 4), 0u);
    const tlp claimed = make_cfg_read(routing_id(0), 0x33, routing_id(0x0200), 0, 0xF, true);
    EXPECT_EQ(dev.access(claimed, T).status, completion_status::unsupported_request);
    EXPECT_EQ(dev_status(dev), ced | urd);
    EXPECT_EQ(header_log(dev), (std::array<uint32_t, 4>{0x05000001, 0x0000330F, 0x02000000, 0}));
}

TEST(ErrorLogging, LogIsStickyAcrossFlr) {
    sriov_device dev(with_aer());
    dev.access(absent_read(5), T);
    wr(dev, PF, default_layout::dev_ctrl, 2, bits::dev_ctrl_initiate_flr);
    EXPECT_EQ(rd(dev, PF, uncor_status, 4, T + 30), ur_bit);
    EXPECT_EQ(header_log(dev, T + 30)[1], 0x0000050Fu);
    EXPECT_EQ(rd(dev, PF, default_layout::dev_status, 2, T + 30), 0u); // RW1C, not sticky
}

} // namespace
