// MSI-X Table and PBA (models/endpoint msix_table): entry layout, masking by
// vector and by function, pending bits and their release, the MWr a message
// becomes, and the accesses the spec leaves undefined.
#include "sriov/endpoint/msix_table.h"
#include "sriov/tlp/mem_tlp.h"

#include <gtest/gtest.h>
#include <stdexcept>
#include <vector>

namespace sriov::endpoint {
namespace {

// Programs vector v through table writes, as a driver does: address, data,
// then clears the Mask Bit.
void program(msix_table& t, uint16_t v, uint64_t address, uint32_t data, bool unmask = true) {
    const uint32_t base = 16u * v;
    ASSERT_TRUE(t.write_table(base, 8, address).ok);
    ASSERT_TRUE(t.write_table(base + 8, 4, data).ok);
    if (unmask) {
        ASSERT_TRUE(t.write_table(base + 12, 4, 0).ok);
    }
}

TEST(MsixTable, ResetStateAndSizes) {
    const msix_table t(65);
    EXPECT_EQ(t.table_bytes(), 65u * 16u);
    EXPECT_EQ(t.pba_bytes(), 16u); // 65 bits: two QWs
    for (uint16_t v = 0; v < 65; ++v) {
        EXPECT_TRUE(t.masked(v));
        EXPECT_FALSE(t.pending(v));
    }
    EXPECT_EQ(t.read_table(12, 4).data, 1u); // Vector Control: Mask Bit set
    EXPECT_FALSE(t.enabled());
    EXPECT_THROW(msix_table(0), std::invalid_argument);
    EXPECT_THROW(msix_table(2049), std::invalid_argument);
}

TEST(MsixTable, EntryLayout) {
    msix_table t(4);
    program(t, 2, 0x00000001FEE0100Full, 0x4041);
    // Address bits 1:0 read 0; QW read of DW0-1; DW reads of Data, Vector Control.
    EXPECT_EQ(t.read_table(32, 8).data, 0x00000001FEE0100Cull);
    EXPECT_EQ(t.read_table(36, 4).data, 0x1u);
    EXPECT_EQ(t.read_table(40, 4).data, 0x4041u);
    EXPECT_EQ(t.read_table(44, 4).data, 0x0u);
    EXPECT_EQ(t.read_table(40, 8).data, 0x0000000000004041ull); // Data + Vector Control
    EXPECT_EQ(t.message(2), (msi_message{2, 0x1FEE0100Cull, 0x4041}));
}

TEST(MsixTable, RaiseSendsWhenEnabledAndUnmasked) {
    msix_table t(4);
    program(t, 1, 0xFEE00000, 0x31);
    EXPECT_EQ(t.raise(1).outcome, msix_outcome::disabled); // MSI-X Enable 0
    EXPECT_FALSE(t.pending(1));
    EXPECT_TRUE(t.set_control(true, false).empty());
    const raise_result r = t.raise(1);
    EXPECT_EQ(r.outcome, msix_outcome::sent);
    ASSERT_TRUE(r.message);
    EXPECT_EQ(*r.message, (msi_message{1, 0xFEE00000, 0x31}));
    EXPECT_FALSE(t.pending(1));
}

TEST(MsixTable, MaskedVectorPendsAndUnmaskSends) {
    msix_table t(4);
    program(t, 3, 0xFEE00000, 0x77, false); // still masked
    t.set_control(true, false);
    EXPECT_EQ(t.raise(3).outcome, msix_outcome::pending);
    EXPECT_TRUE(t.pending(3));
    EXPECT_EQ(t.read_pba(0, 8).data, 0x8u);
    EXPECT_EQ(t.raise(3).outcome, msix_outcome::pending); // still one pending bit
    const msix_access w = t.write_table(16 * 3 + 12, 4, 0);
    ASSERT_TRUE(w.ok);
    ASSERT_EQ(w.released.size(), 1u);
    EXPECT_EQ(w.released[0], (msi_message{3, 0xFEE00000, 0x77}));
    EXPECT_FALSE(t.pending(3));
    EXPECT_EQ(t.read_pba(0, 8).data, 0x0u);
}

TEST(MsixTable, FunctionMaskPendsEveryVector) {
    msix_table t(4);
    program(t, 0, 0xFEE00000, 0x10);
    program(t, 2, 0xFEE01000, 0x12);
    t.set_control(true, true);
    EXPECT_EQ(t.raise(2).outcome, msix_outcome::pending);
    EXPECT_EQ(t.raise(0).outcome, msix_outcome::pending);
    EXPECT_EQ(t.read_pba(0, 4).data, 0x5u);
    // Clearing Function Mask sends both, lowest vector first.
    const std::vector<msi_message> sent = t.set_control(true, false);
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].vector, 0);
    EXPECT_EQ(sent[1], (msi_message{2, 0xFEE01000, 0x12}));
    EXPECT_EQ(t.read_pba(0, 4).data, 0x0u);
}

TEST(MsixTable, UnmaskingWithoutEnableKeepsThePendingBit) {
    msix_table t(2);
    program(t, 0, 0xFEE00000, 1, false);
    t.set_control(true, false);
    t.raise(0);
    t.set_control(false, false); // MSI-X off: the bit stays
    EXPECT_TRUE(t.write_table(12, 4, 0).released.empty());
    EXPECT_TRUE(t.pending(0));
    EXPECT_EQ(t.set_control(true, false).size(), 1u);
}

TEST(MsixTable, PbaBitsOfHighVectors) {
    msix_table t(130);
    t.set_control(true, false);
    t.raise(129); // masked at reset
    t.raise(64);
    EXPECT_EQ(t.read_pba(8, 8).data, 0x1u);
    EXPECT_EQ(t.read_pba(16, 8).data, 0x2u);
    EXPECT_EQ(t.read_pba(20, 4).data, 0x0u);
    EXPECT_TRUE(t.write_pba(16, 8).ok); // ignored
    EXPECT_TRUE(t.pending(129));
}

TEST(MsixTable, UndefinedAccessesAreRefused) {
    msix_table t(2);
    EXPECT_FALSE(t.read_table(2, 4).ok);  // unaligned
    EXPECT_FALSE(t.read_table(4, 8).ok);  // QW not QW aligned
    EXPECT_FALSE(t.read_table(0, 2).ok);  // not a DW or QW
    EXPECT_FALSE(t.read_table(32, 4).ok); // past the table
    EXPECT_FALSE(t.write_table(28, 8, 0).ok);
    EXPECT_FALSE(t.read_pba(8, 4).ok);
    EXPECT_TRUE(t.masked(1)); // nothing changed
    EXPECT_THROW(t.raise(2), std::out_of_range);
}

TEST(MsixTable, ResetMasksAndClears) {
    msix_table t(2);
    program(t, 1, 0xFEE00000, 5);
    t.set_control(true, true);
    t.raise(1);
    t.reset();
    EXPECT_TRUE(t.masked(1));
    EXPECT_FALSE(t.pending(1));
    EXPECT_EQ(t.message(1), (msi_message{1, 0, 0}));
    EXPECT_FALSE(t.enabled());
    EXPECT_FALSE(t.function_masked());
}

TEST(MsixTable, MessageBecomesAOneDwMemoryWrite) {
    const mem_tlp w = msi_write_tlp({0, 0xFEE00000, 0x12345678}, routing_id(0x0182));
    // MWr32, Length 1, ReqID 01:10.2, Tag 0, First DW BE 1111b, data in address order.
    EXPECT_EQ(encode(w), (std::vector<uint8_t>{0x40, 0x00, 0x00, 0x01, 0x01, 0x82, 0x00, 0x0F, 0xFE,
                                               0xE0, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12}));
    EXPECT_EQ(msi_write_tlp({0, 0x100000000ull, 1}, routing_id(0x0182)).type, mem_tlp_type::mwr64);
}

} // namespace
} // namespace sriov::endpoint
