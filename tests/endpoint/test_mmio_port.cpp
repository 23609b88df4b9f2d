// The data path end to end, LT and AT (one elaboration, two platforms): host
// memory accesses at the root complex's MMIO window become MRd/MWr TLPs on
// the link's memory lane, answered by the endpoint's memory port (BAR decode,
// function targets, MSI-X); MSI-X messages a function raises reach the root
// complex's upstream target with their simulated time.
#include "mmio_bench.h"
#include "sc_report_guard.h"
#include "sriov/tlp/mem_split.h"

#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

namespace sriov::endpoint {
namespace {

using namespace test_bench;
using root_complex::coding_style;
namespace dl = default_layout;

std::unique_ptr<bench> lt_bench, at_bench;
std::unique_ptr<root_complex::mmio_window> bad_window; // built with max_payload_size 96

// An invalid size in root_complex_config is an error at construction
// (elaborate() expects exactly one); the window keeps the defaults.
TEST(MmioWindowConfig, BadSizesAreAnErrorAtConstruction) {
    ASSERT_TRUE(bad_window);
    EXPECT_GE(test::sc_reports_seen("sriov/root_complex"), 1);
    EXPECT_EQ(bad_window->max_payload(), 128u);
    EXPECT_EQ(bad_window->max_read_request(), 512u);
}

class Modes : public ::testing::TestWithParam<coding_style> {
protected:
    bench& b() { return GetParam() == coding_style::lt ? *lt_bench : *at_bench; }
};

TEST_P(Modes, VfRegisterRoundTripWithLinkTime) {
    bench& bb = b();
    const sc_core::sc_time req = sc_core::sc_time(150, sc_core::SC_NS); // 150 cycles at 1 GHz
    const sc_core::sc_time proc = bb.top.ep.processing_time();
    bb.run([&] {
        bb.program();
        bytes data{0x78, 0x56, 0x34, 0x12};
        const uint64_t reg = vf_bar0 + 1 * vf_aperture + 0x10; // VF 1, 64-bit address: 4 DW
        sc_core::sc_time took;
        EXPECT_EQ(bb.access(true, reg, data, &took), tlm::TLM_OK_RESPONSE);
        // MWr64 of 1 DW: 20 bytes down; posted, done when the endpoint applied it.
        EXPECT_EQ(took, req + on_link(bb, link::direction::downstream, 20) + proc);
        bytes back(4, 0);
        EXPECT_EQ(bb.access(false, reg, back, &took), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(back, data);
        // MRd64 down (16 bytes), CplD up (12 + 4), both RC pipelines.
        EXPECT_EQ(took, req + on_link(bb, link::direction::downstream, 16) + proc +
                            on_link(bb, link::direction::upstream, 16) + req);
        bytes other(4, 0xFF);
        EXPECT_EQ(bb.access(false, vf_bar0 + 0x10, other), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(other, (bytes{0, 0, 0, 0})); // VF 0's register
    });
}

TEST_P(Modes, LongAccessesSplitIntoSeveralTlps) {
    bench& bb = b();
    bb.run([&] {
        bb.program();
        bytes data(600);
        for (std::size_t i = 0; i < data.size(); ++i) {
            data[i] = static_cast<uint8_t>(i * 3);
        }
        const uint64_t at = pf_bar0 + 0x103;
        const uint64_t down = bb.top.link.mem.tlps_down();
        const uint64_t up = bb.top.link.mem.tlps_up();
        EXPECT_EQ(bb.access(true, at, data), tlm::TLM_OK_RESPONSE);
        bytes back(600, 0);
        EXPECT_EQ(bb.access(false, at, back), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(back, data);
        // MPS 128 for the MWrs, MRRS 512 for the MRds; CplDs at most 128 bytes.
        const std::size_t writes = split_transfer(at, 600, 128).size();
        const std::size_t reads = split_transfer(at, 600, 512).size();
        EXPECT_EQ(bb.top.link.mem.tlps_down() - down, writes + reads);
        EXPECT_GE(bb.top.link.mem.tlps_up() - up, 600u / 128);
    });
}

TEST_P(Modes, UnclaimedReadsAreUrAndReadAllOnes) {
    bench& bb = b();
    bb.run([&] {
        bb.program();
        bytes data(8, 0);
        EXPECT_EQ(bb.access(false, 0xFB000000, data), tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(data, bytes(8, 0xFF));
        bytes past(4, 0);
        EXPECT_EQ(bb.access(false, vf_bar0 + 4 * vf_aperture, past),
                  tlm::TLM_ADDRESS_ERROR_RESPONSE); // past NumVFs
        // Half claimed: the unclaimed TLP's bytes read as ones, the rest is data.
        const uint64_t dropped = bb.top.ep_mmio.completer().unsupported_writes();
        bytes w(4, 0x5A);
        EXPECT_EQ(bb.access(true, 0xFB000000, w), tlm::TLM_OK_RESPONSE); // posted
        EXPECT_EQ(bb.top.ep_mmio.completer().unsupported_writes(), dropped + 1);
    });
}

TEST_P(Modes, RefusedAccessesSendNoTlp) {
    bench& bb = b();
    bb.run([&] {
        bb.program();
        const uint64_t sent = bb.top.rc.mmio.tlps_sent();
        bytes empty;
        bytes four(4, 0);
        EXPECT_EQ(bb.access(false, pf_bar0, empty), tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(bb.access(false, ~uint64_t{0} - 1, four), tlm::TLM_ADDRESS_ERROR_RESPONSE);
        ASSERT_TRUE(bb.top.rc.mmio.set_window(pf_bar0, pf_bar0 + 0xFFF));
        EXPECT_EQ(bb.access(false, pf_bar0 + 0xFFE, four), tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(bb.access(false, pf_bar0 - 4, four), tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(bb.access(false, pf_bar0 + 0xFFC, four), tlm::TLM_OK_RESPONSE);
        EXPECT_FALSE(bb.top.rc.mmio.set_window(2, 1));
        ASSERT_TRUE(bb.top.rc.mmio.set_window(0, ~uint64_t{0}));
        EXPECT_FALSE(bb.top.rc.mmio.set_sizes(96, 512));
        bytes eight(8, 0);
        EXPECT_EQ(bb.masked(false, pf_bar0 + 4, eight, {0xFF, 0, 0xFF, 0}),
                  tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE); // 2 DW, not QW aligned, gaps
        tlm::tlm_generic_payload gp;
        gp.set_command(tlm::TLM_READ_COMMAND);
        gp.set_address(pf_bar0);
        gp.set_data_ptr(four.data());
        gp.set_data_length(4);
        gp.set_streaming_width(2);
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        bb.mmio->b_transport(gp, d);
        EXPECT_EQ(gp.get_response_status(), tlm::TLM_BURST_ERROR_RESPONSE);
        EXPECT_EQ(bb.top.rc.mmio.tlps_sent(), sent + 1); // the one inside the window
    });
}

TEST_P(Modes, MsixMessageReachesTheHostWithItsTime) {
    bench& bb = b();
    const routing_id vf2 = bb.top.device.vf_rid(2);
    const uint64_t entry0 = vf_bar3 + 2 * vf_aperture;
    bb.run([&] {
        bb.program();
        bb.write32(entry0, 0xFEE00000);
        bb.write32(entry0 + 8, 0x4022);
        bb.write32(entry0 + 12, 0); // unmask vector 0
        // MSI-X Enable in the VF's Message Control, but no Bus Master Enable yet.
        bb.wr(vf2, dl::msix_ctrl, 2, bits::msix_ctrl_enable);
        const std::size_t before = bb.top.rc.mmio.writes().size();
        EXPECT_EQ(bb.top.ep_mmio.raise(vf2, 0), msix_outcome::sent);
        EXPECT_EQ(bb.top.ep_mmio.messages_blocked(), 1u);
        EXPECT_EQ(bb.top.rc.mmio.writes().size(), before);
        bb.wr(vf2, reg::command, 2, bits::command_bus_master);
        const sc_core::sc_time raised = sc_core::sc_time_stamp();
        EXPECT_EQ(bb.top.ep_mmio.raise(vf2, 0), msix_outcome::sent);
        ASSERT_EQ(bb.top.rc.mmio.writes().size(), before + 1);
        const root_complex::upstream_write& w = bb.top.rc.mmio.writes().back();
        EXPECT_EQ(w.address, 0xFEE00000u);
        EXPECT_EQ(w.data, 0x4022u);
        EXPECT_EQ(w.requester, vf2);
        // MWr32 of 1 DW upstream: 16 bytes.
        EXPECT_EQ(w.time, raised + on_link(bb, link::direction::upstream, 16));
        // Function Mask: the vector pends; clearing it lets the message go at
        // the next access of the port (here the PBA read, which then reads 0).
        bb.wr(vf2, dl::msix_ctrl, 2, bits::msix_ctrl_enable | bits::msix_ctrl_function_mask);
        EXPECT_EQ(bb.top.ep_mmio.raise(vf2, 0), msix_outcome::pending);
        bb.wr(vf2, dl::msix_ctrl, 2, bits::msix_ctrl_enable);
        bytes pba(8, 0xFF);
        EXPECT_EQ(bb.access(false, entry0 + 0x2000, pba), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(pba, bytes(8, 0));
        EXPECT_EQ(bb.top.rc.mmio.writes().size(), before + 2);
    });
}

// Vector 0 of `vf` at `address` / `data`, unmasked, MSI-X enabled, Bus Master on.
void arm_vector0(bench& bb, routing_id vf, uint64_t entry0, uint32_t data) {
    bb.write32(entry0, 0xFEE00000);
    bb.write32(entry0 + 8, data);
    bb.write32(entry0 + 12, 0);
    bb.wr(vf, dl::msix_ctrl, 2, bits::msix_ctrl_enable);
    bb.wr(vf, reg::command, 2, bits::command_bus_master);
}

// Runs `body(vf, entry0)` for VF k (its MSI-X table at VF BAR3 + k * aperture)
// in the bench's thread after programming the device.
void run_on_vf(bench& bb, uint16_t k, const std::function<void(routing_id, uint64_t)>& body) {
    const routing_id vf = bb.top.device.vf_rid(k);
    const uint64_t entry0 = vf_bar3 + k * vf_aperture;
    bb.run([&] {
        bb.program();
        body(vf, entry0);
    });
}

// The root complex has received `count` messages, the last with `data` from `vf`.
void expect_last_message(bench& bb, std::size_t count, uint32_t data, routing_id vf) {
    ASSERT_EQ(bb.top.rc.mmio.writes().size(), count);
    EXPECT_EQ(bb.top.rc.mmio.writes().back().data, data);
    EXPECT_EQ(bb.top.rc.mmio.writes().back().requester, vf);
}

uint32_t read32(bench& bb, uint64_t address) {
    bytes d(4, 0);
    EXPECT_EQ(bb.access(false, address, d), tlm::TLM_OK_RESPONSE);
    return uint32_t{d[0]} | uint32_t{d[1]} << 8 | uint32_t{d[2]} << 16 | uint32_t{d[3]} << 24;
}

TEST_P(Modes, DecoderIsRebuiltOnlyWhenTheWindowsChange) {
    bench& bb = b();
    bb.run([&] {
        bb.program();
        bytes d(4, 0);
        EXPECT_EQ(bb.access(false, pf_bar0, d), tlm::TLM_OK_RESPONSE);
        const uint64_t builds = bb.top.ep_mmio.decoder_builds();
        EXPECT_EQ(bb.access(false, pf_bar0 + 4, d), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(bb.access(false, vf_bar0 + 8, d), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(bb.top.ep_mmio.decoder_builds(), builds); // nothing changed
        const routing_id pf = bb.top.device.pf_rid();
        bb.wr(pf, reg::bar(0), 4, static_cast<uint32_t>(pf_bar0 + 0x100000)); // moves it
        EXPECT_EQ(bb.access(false, pf_bar0, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(bb.top.ep_mmio.decoder_builds(), builds + 1);
        EXPECT_EQ(bb.access(false, pf_bar0 + 0x100000, d), tlm::TLM_OK_RESPONSE);
        bb.wr(pf, reg::command, 2, 0); // Memory Space Enable off
        EXPECT_EQ(bb.access(false, pf_bar0 + 0x100000, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
        bb.wr(pf, reg::bar(0), 4, static_cast<uint32_t>(pf_bar0));
        bb.wr(pf, reg::command, 2, bits::command_mem);
        EXPECT_EQ(bb.access(false, pf_bar0, d), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(bb.top.ep_mmio.decoder_builds(), builds + 3);
    });
}

TEST_P(Modes, FunctionMaskClearedByAConfigWriteReleasesAtOnce) {
    bench& bb = b();
    run_on_vf(bb, 1, [&](routing_id vf1, uint64_t entry0) {
        arm_vector0(bb, vf1, entry0, 0x51);
        // Function Mask set through ECAM: the vector pends.
        ASSERT_TRUE(bb.cpu
                        .write(vf1, dl::msix_ctrl, 2,
                               bits::msix_ctrl_enable | bits::msix_ctrl_function_mask)
                        .ok());
        const std::size_t before = bb.top.rc.mmio.writes().size();
        EXPECT_EQ(bb.top.ep_mmio.raise(vf1, 0), msix_outcome::pending);
        EXPECT_TRUE(bb.top.ep_mmio.watching_config());
        EXPECT_EQ(bb.top.rc.mmio.writes().size(), before);
        // Clearing it is a config write: the message leaves with it, no MMIO access.
        ASSERT_TRUE(bb.cpu.write(vf1, dl::msix_ctrl, 2, bits::msix_ctrl_enable).ok());
        expect_last_message(bb, before + 1, 0x51, vf1);
        bb.cpu.sync();
        sc_core::wait(sc_core::SC_ZERO_TIME);
        EXPECT_FALSE(bb.top.ep_mmio.watching_config()); // nothing pends: the config path is bare
        EXPECT_EQ(read32(bb, entry0 + 0x2000), 0u);     // PBA
    });
}

TEST_P(Modes, VectorUnmaskedByMmioReleasesAtOnce) {
    bench& bb = b();
    run_on_vf(bb, 3, [&](routing_id vf3, uint64_t entry0) {
        arm_vector0(bb, vf3, entry0, 0x77);
        bb.write32(entry0 + 12, 1); // mask vector 0
        const std::size_t before = bb.top.rc.mmio.writes().size();
        EXPECT_EQ(bb.top.ep_mmio.raise(vf3, 0), msix_outcome::pending);
        EXPECT_EQ(read32(bb, entry0 + 0x2000), 1u);
        bb.write32(entry0 + 12, 0);
        expect_last_message(bb, before + 1, 0x77, vf3);
        EXPECT_EQ(read32(bb, entry0 + 0x2000), 0u);
    });
}

TEST_P(Modes, FlrAndVfDisableResetMsix) {
    bench& bb = b();
    const routing_id pf = bb.top.device.pf_rid();
    const routing_id vf0 = bb.top.device.vf_rid(0);
    const uint64_t entry0 = vf_bar3;
    bb.run([&] {
        bb.program();
        // VF FLR: its table is back to reset (masked, address 0), pending bits gone.
        arm_vector0(bb, vf0, entry0, 0x99);
        bb.write32(entry0 + 12, 1);
        EXPECT_EQ(bb.top.ep_mmio.raise(vf0, 0), msix_outcome::pending);
        const uint64_t resets = bb.top.ep_mmio.msix_resets();
        bb.wr(vf0, dl::dev_ctrl, 2, bits::dev_ctrl_initiate_flr);
        sc_core::wait(sc_core::sc_time(1, sc_core::SC_US));
        EXPECT_EQ(read32(bb, entry0), 0u);
        EXPECT_EQ(read32(bb, entry0 + 12), 1u); // Mask Bit set at reset
        EXPECT_EQ(read32(bb, entry0 + 0x2000), 0u);
        EXPECT_EQ(bb.top.ep_mmio.msix_resets(), resets + 1);
        EXPECT_EQ(bb.top.ep_mmio.raise(vf0, 0), msix_outcome::disabled); // Enable 0 after FLR
        // VF disable: the VF is gone (raise refused), and comes back at reset.
        arm_vector0(bb, vf0, entry0, 0x98);
        bb.wr(pf, dl::sriov_ctrl, 2, 0);
        const std::size_t before = bb.top.rc.mmio.writes().size();
        EXPECT_EQ(bb.top.ep_mmio.raise(vf0, 0), msix_outcome::disabled);
        EXPECT_EQ(bb.top.ep_mmio.raises_refused(), 1u);
        bytes d(4, 0);
        EXPECT_EQ(bb.access(false, entry0, d), tlm::TLM_ADDRESS_ERROR_RESPONSE); // no window
        bb.wr(pf, dl::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse);
        sc_core::wait(sc_core::sc_time(1, sc_core::SC_US));
        EXPECT_EQ(read32(bb, entry0 + 8), 0u); // data reset
        EXPECT_EQ(read32(bb, entry0 + 12), 1u);
        EXPECT_EQ(bb.top.rc.mmio.writes().size(), before);
        EXPECT_THROW(bb.top.ep_mmio.raise(vf0, 4096), std::out_of_range);
    });
}

// Last (it removes the VFs): a PF FLR resets the PF's MSI-X table (PF BAR4)
// and, clearing VF Enable, every VF's.
TEST_P(Modes, PfFlrResetsThePfTableAndRemovesTheVfs) {
    bench& bb = b();
    const routing_id pf = bb.top.device.pf_rid();
    const routing_id vf1 = bb.top.device.vf_rid(1);
    constexpr uint64_t pf_bar4 = 0xFC000000; // PF MSI-X table + 0, PBA + 0x2000
    bb.run([&] {
        bb.program();
        bb.wr(pf, reg::bar(4), 4, static_cast<uint32_t>(pf_bar4));
        bb.wr(pf, reg::bar(5), 4, 0);
        arm_vector0(bb, pf, pf_bar4, 0x33); // its Command write clears MSE: set both again
        bb.wr(pf, reg::command, 2, bits::command_mem | bits::command_bus_master);
        bb.write32(pf_bar4 + 12, 1);
        EXPECT_EQ(bb.top.ep_mmio.raise(pf, 0), msix_outcome::pending);
        EXPECT_EQ(read32(bb, pf_bar4 + 0x2000), 1u);
        const uint64_t resets = bb.top.ep_mmio.msix_resets();
        bb.wr(pf, dl::dev_ctrl, 2, bits::dev_ctrl_initiate_flr);
        sc_core::wait(sc_core::sc_time(1, sc_core::SC_US));
        EXPECT_EQ(bb.top.ep_mmio.raise(vf1, 0), msix_outcome::disabled); // VF 1 is gone
        bb.wr(pf, reg::bar(4), 4, static_cast<uint32_t>(pf_bar4));       // software maps it again
        bb.wr(pf, reg::command, 2, bits::command_mem);
        EXPECT_EQ(read32(bb, pf_bar4 + 8), 0u);  // Message Data reset
        EXPECT_EQ(read32(bb, pf_bar4 + 12), 1u); // masked
        EXPECT_EQ(read32(bb, pf_bar4 + 0x2000), 0u);
        EXPECT_EQ(bb.top.ep_mmio.msix_resets(), resets + 1);
    });
}

constexpr uint8_t on = 0xFF;

// One request per access: its DW address, Length and BEs (PCIe r5.0 2.2.5).
void expect_request(const request_log& log, std::size_t index, uint64_t address, uint16_t length,
                    uint8_t first_be, uint8_t last_be) {
    ASSERT_GT(log.down.size(), index);
    const mem_tlp& t = log.down[index];
    EXPECT_EQ(t.address, address);
    EXPECT_EQ(t.length_dw, length);
    EXPECT_EQ(t.first_be, first_be);
    EXPECT_EQ(t.last_be, last_be);
}

TEST_P(Modes, ByteEnablesBecomeFirstAndLastDwBe) {
    bench& bb = b();
    request_log& log = bb.log;
    const uint64_t base = pf_bar0 + 0x200; // QW aligned
    bb.run([&] {
        bb.remap();
        bytes fill(32, 0xAA);
        ASSERT_EQ(bb.access(true, base, fill), tlm::TLM_OK_RESPONSE);
        log.down.clear();
        bytes w{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
        // Bytes 2..8: MWr of 3 DW from base, First DW BE 1100, Last DW BE 0001.
        EXPECT_EQ(bb.masked(true, base, w, {0, 0, on, on, on, on, on, on, on, 0, 0, 0, 0, 0, 0, 0}),
                  tlm::TLM_OK_RESPONSE);
        expect_request(log, 0, base, 3, 0xC, 0x1);
        // 1 DW, bytes 12 and 14: non-contiguous enables are fine in 1 DW.
        bytes w4{0x60, 0x61, 0x62, 0x63};
        EXPECT_EQ(bb.masked(true, base + 12, w4, {on, 0, on, 0}), tlm::TLM_OK_RESPONSE);
        expect_request(log, 1, base + 12, 1, 0x5, 0x0);
        // QW-aligned 2 DW with gaps: First 0001, Last 1000.
        bytes q{0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57};
        EXPECT_EQ(bb.masked(true, base + 16, q, {on, 0, 0, 0, 0, 0, 0, on}), tlm::TLM_OK_RESPONSE);
        expect_request(log, 2, base + 16, 2, 0x1, 0x8);
        // The pattern repeats (byte enable length 4 over 8 bytes): 0011, 0011.
        EXPECT_EQ(bb.masked(true, base + 24, q, {on, on, 0, 0}), tlm::TLM_OK_RESPONSE);
        expect_request(log, 3, base + 24, 2, 0x3, 0x3);
        // No byte enabled: no TLP.
        EXPECT_EQ(bb.masked(true, base, w, {0}), tlm::TLM_OK_RESPONSE);
        ASSERT_EQ(log.down.size(), 4u);
        // The endpoint wrote only the enabled bytes.
        bytes back(32, 0);
        ASSERT_EQ(bb.access(false, base, back), tlm::TLM_OK_RESPONSE);
        const bytes expected{0xAA, 0xAA, 2,    3,    4,    5,    6,    7,    8,    0xAA, 0xAA,
                             0xAA, 0x60, 0xAA, 0x62, 0xAA, 0x50, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA,
                             0xAA, 0x57, 0x50, 0x51, 0xAA, 0xAA, 0x54, 0x55, 0xAA, 0xAA};
        EXPECT_EQ(back, expected);
        // A masked read: a 2 DW MRd (QW aligned), only the enabled bytes change.
        log.down.clear();
        bytes r(8, 0x77);
        EXPECT_EQ(bb.masked(false, base, r, {0, on, 0, on, on, 0, 0, 0}), tlm::TLM_OK_RESPONSE);
        expect_request(log, 0, base, 2, 0xA, 0x1);
        EXPECT_EQ(r, (bytes{0x77, 0xAA, 0x77, 3, 4, 0x77, 0x77, 0x77}));
        // Unclaimed: the enabled bytes read all ones, the others stay.
        bytes u(4, 0x11);
        EXPECT_EQ(bb.masked(false, 0xFB000000, u, {on, on, 0, 0}), tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(u, (bytes{0xFF, 0xFF, 0x11, 0x11}));
    });
}

TEST_P(Modes, ByteEnablesNoTlpCanCarryAreRefusedWhole) {
    bench& bb = b();
    const uint64_t base = pf_bar0 + 0x400;
    bb.run([&] {
        bb.remap();
        bytes fill(600, 0xAA);
        ASSERT_EQ(bb.access(true, base, fill), tlm::TLM_OK_RESPONSE);
        const uint64_t sent = bb.top.rc.mmio.tlps_sent();
        bytes w(600, 0x33);
        // A disabled byte inside a middle DW of one TLP.
        bytes hole(12, on);
        hole[5] = 0;
        EXPECT_EQ(bb.masked(true, base, w, hole), tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        // A gap in the First DW BE of a 3 DW request.
        bytes gap(12, on);
        gap[1] = 0;
        EXPECT_EQ(bb.masked(true, base, w, gap), tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        // 600 bytes split into 5 MWr: the last piece's hole refuses all five,
        // so the first four are not written either.
        bytes late(600, on);
        late[590] = 0;
        EXPECT_EQ(bb.masked(true, base, w, late), tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        bytes r(12, 0);
        EXPECT_EQ(bb.masked(false, base, r, hole), tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        EXPECT_EQ(r, bytes(12, 0)); // a refused read changes nothing
        EXPECT_EQ(bb.top.rc.mmio.tlps_sent(), sent);
        bytes back(600, 0);
        ASSERT_EQ(bb.access(false, base, back), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(back, bytes(600, 0xAA));
        // Split at MPS, every piece's enables expressible: each TLP trims its
        // own disabled ends (the first piece ends at base + 0x80).
        bytes ends(600, on);
        ends[0] = 0;
        ends[599] = 0;
        EXPECT_EQ(bb.masked(true, base, w, ends), tlm::TLM_OK_RESPONSE);
        ASSERT_EQ(bb.access(false, base, back), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(back[0], 0xAA);
        EXPECT_EQ(back[1], 0x33);
        EXPECT_EQ(back[598], 0x33);
        EXPECT_EQ(back[599], 0xAA);
    });
}

// The payload sizes of the CplDs answering one read of `n` bytes at `address`.
std::vector<uint32_t> completions_of(bench& bb, uint64_t address, uint32_t n) {
    bb.log.cpld_bytes.clear();
    bytes d(n, 0);
    EXPECT_EQ(bb.access(false, address, d), tlm::TLM_OK_RESPONSE);
    return bb.log.cpld_bytes;
}

using sizes = std::vector<uint32_t>;

// Read completions split by the PF's Device Control Max_Payload_Size and
// Link Control RCB as config writes (CfgWr through rc.ecam) set them; a VF
// uses its PF's (its own fields are RsvdP).
TEST_P(Modes, CompletionsFollowThePfsMpsAndRcb) {
    bench& bb = b();
    const routing_id pf = bb.top.device.pf_rid();
    const routing_id vf1 = bb.top.device.vf_rid(1);
    const uint64_t at = pf_bar0 + 0x840;                  // 256 bytes, 64- but not 128-aligned
    const uint64_t vf_at = vf_bar0 + vf_aperture + 0x840; // VF 1's BAR0
    const auto mps = [](unsigned enc) {
        return (0x2810u & ~uint32_t{bits::dev_ctrl_max_payload_size}) | enc << 5;
    };
    bb.run([&] {
        bb.remap();
        EXPECT_EQ(completions_of(bb, at, 256), (sizes{128, 128})); // reset: MPS 128, RCB 64
        ASSERT_TRUE(bb.cpu.write(pf, dl::link_ctrl, 2, bits::link_ctrl_rcb).ok());
        EXPECT_EQ(completions_of(bb, at, 256), (sizes{64, 128, 64})); // RCB 128
        ASSERT_TRUE(bb.cpu.write(pf, dl::dev_ctrl, 2, mps(1)).ok());
        EXPECT_EQ(completions_of(bb, at, 256), (sizes{256}));    // MPS 256: one CplD
        EXPECT_EQ(completions_of(bb, vf_at, 256), (sizes{256})); // the VF: its PF's
        // The VF's own Device Control MPS is RsvdP: writing it changes nothing.
        ASSERT_TRUE(bb.cpu.write(vf1, dl::dev_ctrl, 2, mps(0)).ok());
        EXPECT_EQ(completions_of(bb, vf_at, 256), (sizes{256}));
        ASSERT_TRUE(bb.cpu.write(pf, dl::dev_ctrl, 2, mps(0)).ok());
        EXPECT_EQ(completions_of(bb, vf_at, 256), (sizes{64, 128, 64}));
        {
            test::sc_report_expectation reserved("sriov/endpoint");
            ASSERT_TRUE(bb.cpu.write(pf, dl::dev_ctrl, 2, mps(6)).ok());
            EXPECT_EQ(completions_of(bb, at, 256), (sizes{64, 128, 64})); // 128 bytes
            EXPECT_EQ(completions_of(bb, at, 256), (sizes{64, 128, 64})); // one warning
        }
        ASSERT_TRUE(bb.cpu.write(pf, dl::dev_ctrl, 2, 0x2810).ok());
        ASSERT_TRUE(bb.cpu.write(pf, dl::link_ctrl, 2, 0).ok());
        EXPECT_EQ(completions_of(bb, at, 256), (sizes{128, 128}));
    });
}

// The root complex's MWr pieces follow its Max_Payload_Size, its MRd pieces
// its Max_Read_Request_Size (root_complex_config; set_sizes at run time).
TEST_P(Modes, RequestsFollowTheRootPortsMpsAndMrrs) {
    bench& bb = b();
    EXPECT_EQ(bb.top.rc.mmio.max_payload(), 128u); // root_complex_config's defaults
    EXPECT_EQ(bb.top.rc.mmio.max_read_request(), 512u);
    const uint64_t at = pf_bar0 + 0x1000;
    bb.run([&] {
        bb.remap();
        const auto pieces = [&](bool write, uint32_t n) {
            bb.log.down.clear();
            bytes d(n, 0x3C);
            EXPECT_EQ(bb.access(write, at, d), tlm::TLM_OK_RESPONSE);
            sizes s;
            for (const mem_tlp& t : bb.log.down) {
                s.push_back(4u * t.length_dw);
            }
            return s;
        };
        EXPECT_EQ(pieces(true, 512), (sizes{128, 128, 128, 128}));
        EXPECT_EQ(pieces(false, 1024), (sizes{512, 512}));
        ASSERT_TRUE(bb.top.rc.mmio.set_sizes(256, 128));
        EXPECT_EQ(pieces(true, 512), (sizes{256, 256}));
        EXPECT_EQ(pieces(false, 512), (sizes{128, 128, 128, 128}));
        EXPECT_FALSE(bb.top.rc.mmio.set_sizes(256, 8192));
        EXPECT_EQ(bb.top.rc.mmio.max_read_request(), 128u); // unchanged
        ASSERT_TRUE(bb.top.rc.mmio.set_sizes(128, 512));
    });
}

// Memory reads take their tags from the root complex's allocator, in turn
// with the config requests (one tag space); memory writes carry tag 0.
TEST_P(Modes, MemoryReadsAndConfigRequestsShareOneTagSpace) {
    bench& bb = b();
    const routing_id pf = bb.top.device.pf_rid();
    bb.run([&] {
        bb.remap();
        bb.log.tags.clear();
        bytes d(4, 0);
        ASSERT_TRUE(bb.cpu.read(pf, reg::command, 2).ok());
        ASSERT_EQ(bb.access(false, pf_bar0, d), tlm::TLM_OK_RESPONSE);
        ASSERT_TRUE(bb.cpu.read(pf, reg::command, 2).ok());
        ASSERT_EQ(bb.access(true, pf_bar0, d), tlm::TLM_OK_RESPONSE);
        ASSERT_EQ(bb.access(false, pf_bar0, d), tlm::TLM_OK_RESPONSE);
        ASSERT_EQ(bb.log.tags.size(), 5u);
        const auto after = [&](unsigned n) {
            return static_cast<uint16_t>((bb.log.tags[0] + n) & 0xFF);
        };
        EXPECT_EQ(bb.log.tags[1], after(1)); // MRd
        EXPECT_EQ(bb.log.tags[2], after(2)); // CfgRd
        EXPECT_EQ(bb.log.tags[3], 0);        // MWr: posted
        EXPECT_EQ(bb.log.tags[4], after(3)); // MRd
    });
}

// Memory requests reach the endpoint's one request queue in arrival order,
// behind config requests. AT: a CfgRd occupies the endpoint, a CfgWr
// clearing Memory Space Enable arrives and waits its turn, an MRd arrives
// while it waits: the MRd is answered after the write, UR. LT: the write has
// returned before the read starts: UR as well.
TEST_P(Modes, MemoryRequestsQueueBehindConfigRequests) {
    bench& bb = b();
    const routing_id pf = bb.top.device.pf_rid();
    bb.run([&] {
        bb.remap();
        bytes d(4, 0);
        ASSERT_EQ(bb.access(false, pf_bar0, d), tlm::TLM_OK_RESPONSE); // mapped
        int config_done = 0;
        const sc_core::sc_time ns(1, sc_core::SC_NS);
        if (GetParam() == coding_style::at) {
            sc_core::sc_spawn([&] {
                EXPECT_TRUE(bb.cpu.read(pf, reg::command, 2).ok());
                ++config_done;
            });
            sc_core::sc_spawn([&] {
                sc_core::wait(ns);
                EXPECT_TRUE(bb.cpu.write(pf, reg::command, 2, 0).ok());
                ++config_done;
            });
            sc_core::wait(2 * ns); // the MRd is booked on the link after both
        } else {
            ASSERT_TRUE(bb.cpu.write(pf, reg::command, 2, 0).ok());
            config_done = 2;
        }
        EXPECT_EQ(bb.access(false, pf_bar0, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(d, bytes(4, 0xFF));
        while (config_done < 2) {
            sc_core::wait(10 * ns);
        }
    });
}

// AT: memory reads count against the root complex's one outstanding limit.
// max_outstanding (4) config reads are in flight from four threads when the
// MRd is issued: it waits for the first of them to be answered, so it is
// answered no earlier than that plus its own uncontended round trip, and the
// root complex never has five requests in flight. (LT: nothing is in flight
// across calls.)
TEST(MmioAt, MemoryReadsWaitForTheSharedOutstandingLimit) {
    bench& bb = *at_bench;
    const routing_id pf = bb.top.device.pf_rid();
    const unsigned limit = bb.top.rc.config().max_outstanding;
    bb.run([&] {
        bb.remap();
        bytes d(4, 0);
        sc_core::sc_time alone;
        ASSERT_EQ(bb.access(false, pf_bar0, d, &alone), tlm::TLM_OK_RESPONSE);
        unsigned config_done = 0;
        sc_core::sc_time first_answer = sc_core::SC_ZERO_TIME;
        for (unsigned i = 0; i < limit; ++i) {
            sc_core::sc_spawn([&] {
                EXPECT_TRUE(bb.cpu.read(pf, reg::command, 2).ok());
                if (config_done++ == 0) {
                    first_answer = sc_core::sc_time_stamp();
                }
            });
        }
        sc_core::wait(sc_core::sc_time(1, sc_core::SC_NS)); // every config read in flight
        ASSERT_EQ(bb.access(false, pf_bar0, d), tlm::TLM_OK_RESPONSE);
        const sc_core::sc_time answered = sc_core::sc_time_stamp();
        while (config_done < limit) {
            sc_core::wait(sc_core::sc_time(10, sc_core::SC_NS));
        }
        ASSERT_GT(first_answer, sc_core::SC_ZERO_TIME);
        EXPECT_GE(answered, first_answer + alone);
        EXPECT_EQ(bb.top.rc.max_outstanding_seen(), limit);
    });
}

INSTANTIATE_TEST_SUITE_P(LtAndAt, Modes, ::testing::Values(coding_style::lt, coding_style::at),
                         [](const auto& p) { return std::string(to_string(p.param)); });

} // namespace
} // namespace sriov::endpoint

namespace sriov::test {
void elaborate() {
    using sriov::endpoint::bench;
    sriov::endpoint::lt_bench = std::make_unique<bench>("lt", root_complex::coding_style::lt);
    sriov::endpoint::at_bench = std::make_unique<bench>("at", root_complex::coding_style::at);
    sriov::endpoint::test_bench::elaborate_function_models();
    {
        root_complex::root_complex_config cfg;
        cfg.max_payload_size = 96; // not a power of two in 128..4096
        sc_report_expectation invalid("sriov/root_complex");
        sriov::endpoint::bad_window = std::make_unique<root_complex::mmio_window>("bad", cfg);
    }
    sc_core::sc_start(sc_core::SC_ZERO_TIME); // every thread reaches its wait(go)
}
} // namespace sriov::test
