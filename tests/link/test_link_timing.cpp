// Serialization times against numbers derived by hand from DESIGN.md section 3:
// wire bytes = header + data + 8 framing, ceil(bytes / lanes) byte times per
// lane, byte time 4 ns (Gen1), 2 ns (Gen2), 1015.625 ps (Gen3), 507.8125 ps
// (Gen4), 253.90625 ps (Gen5); Gen6 one 256-B flit = 32 ns / lanes.
#include "sriov/link/link_timing.h"

#include <gtest/gtest.h>

#include <iterator>

namespace sriov::link {
namespace {

constexpr std::size_t cfg_wr0 = 16; // 3 DW header + 1 DW data
constexpr std::size_t cfg_rd0 = 12;
constexpr std::size_t cpl = 12;
constexpr std::size_t cpl_d = 16;

link_config cfg(unsigned gen, unsigned width) {
    link_config c;
    c.gen = static_cast<generation>(gen);
    c.width = width;
    return c;
}

TEST(LinkTiming, DesignExamplesCfgWr0PlusCpl) {
    // Gen1 x1: 24 + 20 bytes at 4 ns = 96 + 80 = 176 ns.
    EXPECT_EQ(tlp_time_ps(cfg(1, 1), cfg_wr0), 96'000u);
    EXPECT_EQ(tlp_time_ps(cfg(1, 1), cpl), 80'000u);
    EXPECT_EQ(tlp_time_ps(cfg(1, 1), cfg_wr0) + tlp_time_ps(cfg(1, 1), cpl), 176'000u);
    // Gen3 x4: 6.09 + 5.08 = 11.17 ns (DESIGN.md rounds to 11.2 ns).
    const uint64_t wr = tlp_time_ps(cfg(3, 4), cfg_wr0);
    const uint64_t c = tlp_time_ps(cfg(3, 4), cpl);
    EXPECT_NEAR(static_cast<double>(wr), 6090.0, 10.0);
    EXPECT_NEAR(static_cast<double>(c), 5080.0, 10.0);
    EXPECT_NEAR(static_cast<double>(wr + c), 11170.0, 10.0);
    EXPECT_NEAR(static_cast<double>(wr + c), 11200.0, 50.0);
    // Gen5 x16: 2 * 0.508 = 1.02 ns.
    const uint64_t g5 = tlp_time_ps(cfg(5, 16), cfg_wr0) + tlp_time_ps(cfg(5, 16), cpl);
    EXPECT_NEAR(static_cast<double>(g5), 1020.0, 10.0);
}

TEST(LinkTiming, RoundingIsToNearestPicosecondHalvesUp) {
    EXPECT_EQ(tlp_time_ps(cfg(3, 4), cfg_wr0), 6094u); // 6093.75
    EXPECT_EQ(tlp_time_ps(cfg(3, 4), cpl), 5078u);     // 5078.125
    EXPECT_EQ(dllp_time_ps(cfg(3, 4)), 2031u);         // 2031.25
    EXPECT_EQ(dllp_time_ps(cfg(3, 2)), 4063u);         // 4062.5: half rounds up
}

// Times in ps for x1, x2, x4, x8, x12, x16, x32 (columns), derived by hand:
// symbols = ceil(bytes / lanes); 24 B -> 24,12,6,3,2,2,1 and 20 B ->
// 20,10,5,3,2,2,1 and 8 B -> 8,4,2,1,1,1,1; times round to the nearest ps.
constexpr unsigned widths[] = {1, 2, 4, 8, 12, 16, 32};

struct generation_row {
    unsigned gen;
    uint64_t cfg_wr0_ps[7]; // 24 wire bytes (Gen1-5); CplD is the same size
    uint64_t cfg_rd0_ps[7]; // 20 wire bytes; Cpl is the same size
    uint64_t ack_ps[7];     // 8 wire bytes
};

const generation_row table[] = {
    // Gen1: n * 4000 ps
    {1,
     {96000, 48000, 24000, 12000, 8000, 8000, 4000},
     {80000, 40000, 20000, 12000, 8000, 8000, 4000},
     {32000, 16000, 8000, 4000, 4000, 4000, 4000}},
    // Gen2: n * 2000 ps
    {2,
     {48000, 24000, 12000, 6000, 4000, 4000, 2000},
     {40000, 20000, 10000, 6000, 4000, 4000, 2000},
     {16000, 8000, 4000, 2000, 2000, 2000, 2000}},
    // Gen3: n * 1015.625 ps (x1: 24375, 20312.5, 8125; x2: 12187.5, 10156.25, 4062.5;
    // x4: 6093.75, 5078.125, 2031.25; x8: 3046.875, 1015.625; x12: 2031.25)
    {3,
     {24375, 12188, 6094, 3047, 2031, 2031, 1016},
     {20313, 10156, 5078, 3047, 2031, 2031, 1016},
     {8125, 4063, 2031, 1016, 1016, 1016, 1016}},
    // Gen4: n * 507.8125 ps (x4: 2539.0625; x8: 1523.4375, 507.8125)
    {4,
     {12188, 6094, 3047, 1523, 1016, 1016, 508},
     {10156, 5078, 2539, 1523, 1016, 1016, 508},
     {4063, 2031, 1016, 508, 508, 508, 508}},
    // Gen5: n * 253.90625 ps (x4: 1269.53125; x8: 761.71875, 253.90625)
    {5,
     {6094, 3047, 1523, 762, 508, 508, 254},
     {5078, 2539, 1270, 762, 508, 508, 254},
     {2031, 1016, 508, 254, 254, 254, 254}},
    // Gen6: every config TLP and the ACK take one flit = 32000 ps / lanes (x12: 2666.67).
    {6,
     {32000, 16000, 8000, 4000, 2667, 2000, 1000},
     {32000, 16000, 8000, 4000, 2667, 2000, 1000},
     {32000, 16000, 8000, 4000, 2667, 2000, 1000}},
};

TEST(LinkTiming, TableEveryGenerationAndWidth) {
    int checked = 0;
    for (const generation_row& r : table) {
        for (unsigned i = 0; i < std::size(widths); ++i) {
            const link_config c = cfg(r.gen, widths[i]);
            SCOPED_TRACE(to_string(c));
            ASSERT_TRUE(is_valid(c));
            EXPECT_EQ(tlp_time_ps(c, cfg_wr0), r.cfg_wr0_ps[i]);
            EXPECT_EQ(tlp_time_ps(c, cfg_rd0), r.cfg_rd0_ps[i]);
            EXPECT_EQ(tlp_time_ps(c, cpl), r.cfg_rd0_ps[i]);
            EXPECT_EQ(tlp_time_ps(c, cpl_d), r.cfg_wr0_ps[i]);
            EXPECT_EQ(dllp_time_ps(c), r.ack_ps[i]);
            ++checked;
        }
    }
    EXPECT_EQ(checked, 6 * 7);
}

TEST(LinkTiming, WireBytes) {
    EXPECT_EQ(tlp_wire_bytes(generation::gen1, cfg_wr0), 24u);
    EXPECT_EQ(tlp_wire_bytes(generation::gen3, cpl), 20u);
    EXPECT_EQ(tlp_wire_bytes(generation::gen6, cpl), 256u);
    EXPECT_EQ(tlp_wire_bytes(generation::gen6, 236), 256u);
    EXPECT_EQ(tlp_wire_bytes(generation::gen6, 237), 512u);
}

TEST(LinkTiming, Gen6LargeTlpTakesMoreFlits) {
    EXPECT_EQ(tlp_time_ps(cfg(6, 16), 236), 2000u);
    EXPECT_EQ(tlp_time_ps(cfg(6, 16), 237), 4000u);
    EXPECT_EQ(tlp_time_ps(cfg(6, 16), 0), 2000u); // at least one flit
}

TEST(LinkTiming, MemoryTlpsSerializeWithTheirPayload) {
    EXPECT_EQ(tlp_size_bytes(3, 0), 12u);    // MRd32, Cpl
    EXPECT_EQ(tlp_size_bytes(4, 0), 16u);    // MRd64
    EXPECT_EQ(tlp_size_bytes(3, 2), 16u);    // a partial DW still sends the whole DW
    EXPECT_EQ(tlp_size_bytes(3, 256), 268u); // MWr32 / CplD of 256 bytes
    EXPECT_EQ(tlp_size_bytes(3, 4), cfg_wr0);
    // Gen3 x4: (268 + 8) / 4 = 69 byte times of 1015.625 ps = 70078.125 ps.
    EXPECT_EQ(tlp_time_ps(cfg(3, 4), tlp_size_bytes(3, 256)), 70'078u);
    // Gen1 x1: MWr64 of 64 bytes, 16 + 64 + 8 bytes at 4 ns.
    EXPECT_EQ(tlp_time_ps(cfg(1, 1), tlp_size_bytes(4, 64)), 352'000u);
    // Gen6 x4: CplD of 4096 bytes = 4108 TLP bytes = 18 flits of 8 ns.
    EXPECT_EQ(tlp_time_ps(cfg(6, 4), tlp_size_bytes(3, 4096)), 144'000u);
}

TEST(LinkTiming, PhyLatencyPerDirection) {
    link_config c = cfg(3, 4);
    c.phy_latency_down_ps = 20'000;
    c.phy_latency_up_ps = 25'000;
    EXPECT_EQ(phy_latency_ps(c, direction::downstream), 20'000u);
    EXPECT_EQ(phy_latency_ps(c, direction::upstream), 25'000u);
    EXPECT_EQ(tlp_latency_ps(c, direction::downstream, cfg_wr0), 26'094u);
    EXPECT_EQ(tlp_latency_ps(c, direction::upstream, cpl), 30'078u);
}

TEST(LinkTiming, InvalidConfigs) {
    EXPECT_FALSE(is_valid(cfg(3, 3)));
    EXPECT_FALSE(is_valid(cfg(3, 0)));
    EXPECT_FALSE(is_valid(cfg(0, 4)));
    EXPECT_FALSE(is_valid(cfg(7, 4)));
    EXPECT_EQ(tlp_time_ps(cfg(3, 3), cfg_wr0), 0u);
    EXPECT_EQ(dllp_time_ps(cfg(7, 4)), 0u);
}

TEST(LinkTiming, Strings) {
    EXPECT_EQ(to_string(generation::gen1), "Gen1 (2.5 GT/s 8b/10b)");
    EXPECT_EQ(to_string(cfg(3, 4)), "Gen3 x4 (8 GT/s 128b/130b)");
    EXPECT_EQ(to_string(cfg(6, 16)), "Gen6 x16 (64 GT/s PAM4 flit)");
    link_config c = cfg(2, 1);
    c.phy_latency_down_ps = 100;
    c.phy_latency_up_ps = 120;
    EXPECT_EQ(to_string(c), "Gen2 x1 (5 GT/s 8b/10b, phy 100/120 ps)");
}

TEST(LinkTiming, Parse) {
    auto c = parse_link_config("gen3x4");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->gen, generation::gen3);
    EXPECT_EQ(c->width, 4u);
    c = parse_link_config("Gen5 x16");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->gen, generation::gen5);
    EXPECT_EQ(c->width, 16u);
    EXPECT_FALSE(parse_link_config("gen3x3"));
    EXPECT_FALSE(parse_link_config("gen9x4"));
    EXPECT_FALSE(parse_link_config("gen3"));
    EXPECT_FALSE(parse_link_config("gen3x4x"));
    EXPECT_FALSE(parse_link_config("pcie"));
}

} // namespace
} // namespace sriov::link
