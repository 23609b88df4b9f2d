// The split of an ECAM access into DW-aligned config TLPs (PCIe 7.2.2):
// which DWs, with which First DW Byte Enables, for every size and alignment.
#include "sriov/pcie/ecam.h"

#include <cstdio>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace {

using sriov::ecam::dw_chunk;

std::vector<dw_chunk> split(uint16_t offset, unsigned length) {
    std::vector<dw_chunk> out;
    sriov::ecam::split(
        offset, length, [](unsigned) { return true; }, out);
    return out;
}

struct split_row {
    uint16_t offset;
    unsigned length;
    std::vector<std::pair<uint16_t, uint8_t>> expected; // dw_index, BE
};

class SplitTable : public ::testing::TestWithParam<split_row> {};

TEST_P(SplitTable, DwsAndByteEnables) {
    const split_row& r = GetParam();
    const auto chunks = split(r.offset, r.length);
    ASSERT_EQ(chunks.size(), r.expected.size());
    for (size_t i = 0; i < chunks.size(); ++i) {
        EXPECT_EQ(chunks[i].dw_index, r.expected[i].first) << "chunk " << i;
        EXPECT_EQ(chunks[i].byte_enable, r.expected[i].second) << "chunk " << i;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Ecam, SplitTable,
    ::testing::Values(
        split_row{0x1E, 5, {{0x07, 0b1100}, {0x08, 0b0111}}}, split_row{0x00, 4, {{0x00, 0b1111}}},
        split_row{0x00, 1, {{0x00, 0b0001}}}, split_row{0x01, 1, {{0x00, 0b0010}}},
        split_row{0x02, 2, {{0x00, 0b1100}}}, split_row{0x03, 2, {{0x00, 0b1000}, {0x01, 0b0001}}},
        split_row{0x05, 2, {{0x01, 0b0110}}}, split_row{0x0B, 2, {{0x02, 0b1000}, {0x03, 0b0001}}},
        split_row{0x10, 8, {{0x04, 0b1111}, {0x05, 0b1111}}},
        split_row{0x11, 8, {{0x04, 0b1110}, {0x05, 0b1111}, {0x06, 0b0001}}},
        split_row{0xFFC, 4, {{0x3FF, 0b1111}}}, split_row{0xFFF, 1, {{0x3FF, 0b1000}}}),
    [](const ::testing::TestParamInfo<split_row>& p) {
        char name[32];
        std::snprintf(name, sizeof name, "offset_%03X_length_%u", p.param.offset, p.param.length);
        return std::string(name);
    });

TEST(EcamSplit, WholeFunctionIs1024FullDws) {
    const auto chunks = split(0, 4096);
    ASSERT_EQ(chunks.size(), 1024u);
    for (size_t i = 0; i < chunks.size(); ++i) {
        ASSERT_EQ(chunks[i].dw_index, i);
        ASSERT_EQ(chunks[i].byte_enable, 0xF);
        ASSERT_EQ(chunks[i].buffer_base, static_cast<int>(4 * i));
    }
}

TEST(EcamSplit, DisabledBytesDropOutAndEmptyDwsAreSkipped) {
    // TLM byte enables 0xFF,0x00 repeating over 8 bytes at offset 2.
    std::vector<dw_chunk> out;
    sriov::ecam::split(
        2, 8, [](unsigned i) { return i % 2 == 0; }, out);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].byte_enable, 0b0100); // bytes 2,3 -> only byte 2
    EXPECT_EQ(out[1].byte_enable, 0b0101); // bytes 4..7 -> 4, 6
    EXPECT_EQ(out[2].byte_enable, 0b0001); // bytes 8,9 -> 8
    out.clear();
    sriov::ecam::split(
        0, 8, [](unsigned i) { return i >= 4; }, out);
    ASSERT_EQ(out.size(), 1u); // the first DW has nothing enabled: no TLP
    EXPECT_EQ(out[0].dw_index, 1);
    EXPECT_EQ(out[0].buffer_base, 4);
}

TEST(EcamAddress, RoutingIdAndOffset) {
    const sriov::routing_id rid = sriov::routing_id::from_bdf(0x02, 0x10, 0x4);
    const uint64_t a = sriov::ecam::address(rid, 0x178);
    EXPECT_EQ(a, 0x02u << 20 | 0x10u << 15 | 0x4u << 12 | 0x178u);
    EXPECT_EQ(sriov::ecam::rid_of(a), rid);
    EXPECT_EQ(sriov::ecam::offset_of(a), 0x178);
}

} // namespace
