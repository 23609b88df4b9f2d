// mem_completer on the built-in device (82599 layout) programmed through
// config writes: MMIO round trips to PF and VF BARs, UR for unclaimed
// addresses, byte enables, read completions split by MPS / RCB, a bound
// function target, and MSI-X programmed and masked through MMIO.
#include "config_test_util.h"
#include "default_layout.h"
#include "sriov/endpoint/bar_state.h"
#include "sriov/endpoint/mem_completer.h"
#include "sriov/tlp/mem_split.h"

#include <gtest/gtest.h>
#include <vector>

namespace sriov::endpoint {
namespace {

using bytes = std::vector<uint8_t>;
using config::sriov_device;
using config::testing::fast_profile;
using config::testing::wr;
namespace dl = default_layout;

const routing_id rc = routing_id::from_bdf(0, 0, 0);
constexpr uint64_t pf_bar0 = 0xFE000000;     // 512 KiB
constexpr uint64_t vf_bar0 = 0x200000000ull; // 16 KiB per VF
constexpr uint64_t vf_bar3 = 0xFD000000;     // VF MSI-X: table + 0, PBA + 0x2000
constexpr uint64_t vf_aperture = 0x4000;
const completer_params params{64, 128};

class MemCompleter : public ::testing::Test {
protected:
    sriov_device dev{fast_profile()};
    const routing_id pf = dev.pf_rid();
    mem_completer ep{dev.profile(), pf};

    MemCompleter() {
        wr(dev, pf, reg::bar(0), 4, static_cast<uint32_t>(pf_bar0));
        wr(dev, pf, reg::bar(1), 4, 0);
        wr(dev, pf, reg::command, 2, bits::command_mem);
        wr(dev, pf, dl::sriov_vf_bar(0), 4, 0);
        wr(dev, pf, dl::sriov_vf_bar(1), 4, static_cast<uint32_t>(vf_bar0 >> 32));
        wr(dev, pf, dl::sriov_vf_bar(3), 4, static_cast<uint32_t>(vf_bar3));
        wr(dev, pf, dl::sriov_vf_bar(4), 4, 0);
        wr(dev, pf, dl::sriov_num_vfs, 2, 4);
        wr(dev, pf, dl::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse);
        ep.set_decoder(make_bar_decoder(dev));
    }

    mem_response write(uint64_t address, const bytes& data) {
        return ep.handle(make_mem_write(rc, 0, address, data), params);
    }
    // The data of a read answered by CplDs (empty when it was not).
    bytes read(uint64_t address, uint32_t size, uint16_t tag = 1) {
        const mem_response r = ep.handle(make_mem_read(rc, tag, address, size), params);
        bytes out;
        for (const mem_tlp& c : r.completions) {
            if (c.type != mem_tlp_type::cpl_d) {
                return {};
            }
            const std::size_t skip = c.lower_address % 4;
            const std::size_t n = std::min<std::size_t>(c.byte_count, c.payload.size() - skip);
            out.insert(out.end(), c.payload.begin() + static_cast<long>(skip),
                       c.payload.begin() + static_cast<long>(skip + n));
        }
        return out;
    }
};

TEST_F(MemCompleter, VfRegisterRoundTrip) {
    const uint64_t vf1_reg = vf_bar0 + 1 * vf_aperture + 0x10;
    EXPECT_TRUE(write(vf1_reg, {0x78, 0x56, 0x34, 0x12}).completions.empty()); // posted
    const mem_response r = ep.handle(make_mem_read(rc, 0x2A, vf1_reg, 4), params);
    ASSERT_EQ(r.completions.size(), 1u);
    const mem_tlp& c = r.completions[0];
    EXPECT_EQ(c.type, mem_tlp_type::cpl_d);
    EXPECT_EQ(c.completer, dev.vf_rid(1));
    EXPECT_EQ(c.requester, rc);
    EXPECT_EQ(c.tag, 0x2A);
    EXPECT_EQ(c.payload, (bytes{0x78, 0x56, 0x34, 0x12}));
    // Each function has its own registers: VF 0 at the same offset reads 0.
    EXPECT_EQ(read(vf_bar0 + 0x10, 4), (bytes{0, 0, 0, 0}));
}

TEST_F(MemCompleter, UnclaimedAddressesGetUr) {
    const mem_response r = ep.handle(make_mem_read(rc, 3, 0xFB000000, 4), params);
    EXPECT_TRUE(r.unsupported);
    ASSERT_EQ(r.completions.size(), 1u);
    EXPECT_EQ(r.completions[0].type, mem_tlp_type::cpl);
    EXPECT_EQ(r.completions[0].status, completion_status::unsupported_request);
    EXPECT_EQ(r.completions[0].completer, pf);
    // Past VF 3 (NumVFs = 4): nobody.
    EXPECT_TRUE(write(vf_bar0 + 4 * vf_aperture, {1}).unsupported);
    EXPECT_EQ(ep.unsupported_writes(), 1u);
}

TEST_F(MemCompleter, ByteEnablesLimitTheWrite) {
    write(pf_bar0 + 0x20, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88});
    write(pf_bar0 + 0x21, {0xAA, 0xBB}); // First DW BE 0110b
    EXPECT_EQ(read(pf_bar0 + 0x20, 8), (bytes{0x11, 0xAA, 0xBB, 0x44, 0x55, 0x66, 0x77, 0x88}));
    EXPECT_EQ(read(pf_bar0 + 0x22, 3), (bytes{0xBB, 0x44, 0x55}));
}

TEST_F(MemCompleter, LongReadIsSplitAtRcbWithinMps) {
    bytes data(512);
    for (std::size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<uint8_t>(i);
    }
    for (const mem_chunk& c : split_transfer(pf_bar0 + 0x1010, data.size(), 128)) {
        const auto from = static_cast<long>(c.address - (pf_bar0 + 0x1010));
        write(c.address, bytes(data.begin() + from, data.begin() + from + c.bytes));
    }
    const mem_response r = ep.handle(make_mem_read(rc, 1, pf_bar0 + 0x1010, 512), params);
    ASSERT_EQ(r.completions.size(), 5u); // 112 + 3 * 128 + 16 bytes
    EXPECT_EQ(read(pf_bar0 + 0x1010, 512), data);
}

class failing_target : public function_target {
public:
    std::vector<bar_hit> seen;
    bool read(const bar_hit& where, uint8_t*, uint32_t) override {
        seen.push_back(where);
        return false;
    }
    bool write(const bar_hit& where, const uint8_t*, const uint8_t*, uint32_t) override {
        seen.push_back(where);
        return true;
    }
};

TEST_F(MemCompleter, BoundTargetSeesFunctionBarAndOffset) {
    failing_target t;
    ep.bind(t);
    write(vf_bar0 + 2 * vf_aperture + 0x40, {1, 2, 3, 4});
    const mem_response r = ep.handle(make_mem_read(rc, 1, pf_bar0 + 0x80, 4), params);
    ASSERT_EQ(t.seen.size(), 2u);
    EXPECT_EQ(t.seen[0].function, dev.vf_rid(2));
    EXPECT_EQ(t.seen[0].bar, 0u);
    EXPECT_EQ(t.seen[0].offset, 0x40u);
    EXPECT_EQ(t.seen[1].function, pf);
    ASSERT_EQ(r.completions.size(), 1u);
    EXPECT_EQ(r.completions[0].status, completion_status::completer_abort);
}

bytes le32(uint32_t v) {
    return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
            static_cast<uint8_t>(v >> 24)};
}

TEST_F(MemCompleter, MsixProgrammedAndMaskedThroughMmio) {
    const uint64_t table = vf_bar3 + 2 * vf_aperture; // VF 2
    const uint64_t entry1 = table + 16;
    write(entry1, le32(0xFEE00000));
    write(entry1 + 4, le32(0));
    write(entry1 + 8, le32(0x4021));
    msix_table& t = ep.msix(*ep.decoder().decode(table));
    EXPECT_EQ(t.vectors(), 3u); // vf_msix_vectors
    t.set_control(true, false);
    EXPECT_EQ(t.raise(1).outcome, msix_outcome::pending); // Mask Bit still set from reset
    EXPECT_EQ(read(table + 0x2000, 8), (bytes{0x2, 0, 0, 0, 0, 0, 0, 0})); // PBA bit 1
    const mem_response r = write(entry1 + 12, le32(0));                    // unmask
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_EQ(r.messages[0], (msi_message{1, 0xFEE00000, 0x4021}));
    // MWr32 from VF 2 (02:10.4 = 0x0284, ARI) to FEE0_0000, data 0x4021.
    EXPECT_EQ(encode(msi_write_tlp(r.messages[0], dev.vf_rid(2))),
              (bytes{0x40, 0x00, 0x00, 0x01, 0x02, 0x84, 0x00, 0x0F, 0xFE, 0xE0, 0x00, 0x00, 0x21,
                     0x40, 0x00, 0x00}));
    EXPECT_EQ(read(entry1, 8), (bytes{0x00, 0x00, 0xE0, 0xFE, 0, 0, 0, 0}));
    EXPECT_EQ(t.raise(1).outcome, msix_outcome::sent);
}

TEST_F(MemCompleter, PartialMsixAccessIsCompleterAbort) {
    const mem_response r = ep.handle(make_mem_read(rc, 1, vf_bar3 + 2, 2), params);
    ASSERT_EQ(r.completions.size(), 1u);
    EXPECT_EQ(r.completions[0].status, completion_status::completer_abort);
    write(vf_bar3 + 12, {0}); // one byte of Vector Control: ignored
    EXPECT_TRUE(ep.msix(*ep.decoder().decode(vf_bar3)).masked(0));
}

TEST_F(MemCompleter, MalformedRequestIsRefused) {
    mem_tlp bad = make_mem_read(rc, 1, pf_bar0, 4);
    bad.last_be = 0xF;
    EXPECT_THROW(ep.handle(bad, params), mem_tlp_error);
    EXPECT_THROW(ep.handle(make_read_error_completion(make_mem_read(rc, 1, pf_bar0, 4), pf,
                                                      completion_status::unsupported_request),
                           params),
                 mem_tlp_error);
}

} // namespace
} // namespace sriov::endpoint
