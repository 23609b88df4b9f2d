// Memory TLPs: each kind against header bytes written by hand from the PCIe
// Base field positions (2.2.1, 2.2.4.1, 2.2.5, 2.2.9), one malformed byte
// string per decode rule, and the byte-enable / Byte Count / Lower Address /
// split rules of mem_split.h with their exact values.
#include "sriov/tlp/mem_split.h"
#include "sriov/tlp/mem_tlp.h"

#include <gtest/gtest.h>
#include <optional>
#include <vector>

namespace sriov {
namespace {

using bytes = std::vector<uint8_t>;

const routing_id rc = routing_id::from_bdf(0, 0, 0);
const routing_id ep = routing_id::from_bdf(2, 0, 0); // 0x0200

mem_decode_error err(const bytes& b) {
    return decode_mem(b).error;
}

void expect_round_trip(const mem_tlp& t, const bytes& wire) {
    EXPECT_EQ(validate(t), mem_decode_error::none);
    EXPECT_EQ(encode(t), wire);
    const mem_decode_result r = decode_mem(wire);
    ASSERT_TRUE(r.ok()) << to_string(r.error);
    EXPECT_EQ(r.value, t);
}

// --- exact bytes ---

TEST(MemTlpEncode, MRd32OneDw) {
    const mem_tlp t = make_mem_read(rc, 7, 0xFEB00010, 4);
    EXPECT_EQ(t.type, mem_tlp_type::mrd32);
    // Fmt 000 Type 00000; Length 1; ReqID 0000 Tag 07; Last BE 0 First BE F;
    // Address[31:2] in bytes 8-11.
    expect_round_trip(
        t, bytes{0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x07, 0x0F, 0xFE, 0xB0, 0x00, 0x10});
}

TEST(MemTlpEncode, MRd64AboveFourGib) {
    const mem_tlp t = make_mem_read(rc, 0x1A, 0x123456780ull, 8);
    EXPECT_EQ(t.type, mem_tlp_type::mrd64);
    expect_round_trip(t, bytes{0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0x1A, 0xFF, 0x00, 0x00, 0x00,
                               0x01, 0x23, 0x45, 0x67, 0x80});
}

TEST(MemTlpEncode, AddressFormatFollowsTheFourGibBoundary) {
    // 2.2.4.1: below 4 GiB the 32-bit format is required.
    EXPECT_EQ(make_mem_read(rc, 0, 0xFFFFFFFCull, 4).type, mem_tlp_type::mrd32);
    EXPECT_EQ(make_mem_read(rc, 0, 0x100000000ull, 4).type, mem_tlp_type::mrd64);
    EXPECT_EQ(make_mem_write(rc, 0, 0xFFFFFFFCull, {1}).type, mem_tlp_type::mwr32);
    EXPECT_EQ(make_mem_write(rc, 0, 0x100000000ull, {1}).type, mem_tlp_type::mwr64);
}

TEST(MemTlpEncode, MWr32PartialDwCarriesDataAtItsByteLanes) {
    // 2 bytes at ...02: DW ...00, First DW BE 1100b, payload bytes 2-3.
    const mem_tlp t = make_mem_write(rc, 3, 0xFEB00002, {0xAA, 0xBB});
    expect_round_trip(t, bytes{0x40, 0x00, 0x00, 0x01, 0x00, 0x00, 0x03, 0x0C, 0xFE, 0xB0, 0x00,
                               0x00, 0x00, 0x00, 0xAA, 0xBB});
}

TEST(MemTlpEncode, MWr64TwoDwWithLastBe) {
    // 6 bytes at 1_0000_0004: 2 DW, First DW BE 1111b, Last DW BE 0011b.
    const mem_tlp t = make_mem_write(rc, 0x3F, 0x100000004ull, {1, 2, 3, 4, 5, 6});
    expect_round_trip(t,
                      bytes{0x60, 0x00, 0x00, 0x02, 0x00, 0x00, 0x3F, 0x3F, 0x00, 0x00, 0x00, 0x01,
                            0x00, 0x00, 0x00, 0x04, 1,    2,    3,    4,    5,    6,    0,    0});
}

TEST(MemTlpEncode, TenBitTagTrafficClassAndAttributes) {
    mem_tlp t = make_mem_read(rc, 0x2A5, 0x1000, 4);
    t.tc = 3;
    t.relaxed_ordering = true;
    t.no_snoop = true;
    t.id_based_ordering = true;
    // byte 1: T9[7] TC[6:4]=011 T8[3]=0 IDO[2]; byte 2: RO[5] NS[4].
    expect_round_trip(
        t, bytes{0x00, 0xB4, 0x30, 0x01, 0x00, 0x00, 0xA5, 0x0F, 0x00, 0x00, 0x10, 0x00});
}

TEST(MemTlpEncode, LengthFieldZeroIs1024Dw) {
    const mem_tlp t = make_mem_write(rc, 0, 0x2000, bytes(4096, 0x5A));
    EXPECT_EQ(t.length_dw, 1024);
    const bytes wire = encode(t);
    ASSERT_EQ(wire.size(), 12u + 4096u);
    EXPECT_EQ(wire[2], 0x00);
    EXPECT_EQ(wire[3], 0x00);
    const mem_decode_result r = decode_mem(wire);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value.length_dw, 1024);
}

TEST(MemTlpEncode, CplDAndUrCplForAMemoryRead) {
    const mem_tlp rd = make_mem_read(rc, 7, 0xFEB00010, 4);
    const auto cpls = make_read_completions(rd, ep, {0x78, 0x56, 0x34, 0x12}, 64, 128);
    ASSERT_EQ(cpls.size(), 1u);
    // CplD: CplID 0200, Status SC, Byte Count 4, ReqID 0000, Tag 07, Lower Address 10h.
    expect_round_trip(cpls[0], bytes{0x4A, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x04, 0x00, 0x00,
                                     0x07, 0x10, 0x78, 0x56, 0x34, 0x12});
    // Cpl UR: Status 001b, Byte Count 4 (the request's), Lower Address 10h.
    expect_round_trip(
        make_read_error_completion(rd, ep, completion_status::unsupported_request),
        bytes{0x0A, 0x00, 0x00, 0x00, 0x02, 0x00, 0x20, 0x04, 0x00, 0x00, 0x07, 0x10});
}

TEST(MemTlpEncode, ByteCount4096EncodesAsZero) {
    const mem_tlp rd = make_mem_read(rc, 1, 0x3000, 4096);
    const auto cpls = make_read_completions(rd, ep, bytes(4096, 1), 128, 4096);
    ASSERT_EQ(cpls.size(), 1u);
    EXPECT_EQ(cpls[0].byte_count, 4096);
    const bytes wire = encode(cpls[0]);
    EXPECT_EQ(wire[6] & 0x0F, 0);
    EXPECT_EQ(wire[7], 0);
    EXPECT_EQ(decode_mem(wire).value.byte_count, 4096);
}

// --- decode rules, one malformed string each ---

const bytes mrd32{0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x07, 0x0F, 0xFE, 0xB0, 0x00, 0x10};

bytes with(bytes b, std::size_t i, uint8_t v) {
    b[i] = v;
    return b;
}

TEST(MemTlpDecode, SixtyFourBitFormatBelowFourGibIsRejected) {
    EXPECT_EQ(err({0x20, 0x00, 0x00, 0x01, 0x00, 0x00, 0x07, 0x0F, 0x00, 0x00, 0x00, 0x00, 0xFE,
                   0xB0, 0x00, 0x10}),
              mem_decode_error::address_64bit_below_4gib);
}

TEST(MemTlpDecode, ByteEnableRules) {
    EXPECT_EQ(err(mrd32), mem_decode_error::none);
    // Length 1: Last DW BE must be 0000b.
    EXPECT_EQ(err(with(mrd32, 7, 0x1F)), mem_decode_error::bad_last_be);
    // Length 1, no byte enabled: the zero-length read is legal.
    EXPECT_EQ(err(with(mrd32, 7, 0x00)), mem_decode_error::none);
    // Length 1: any First DW BE pattern, gaps included.
    EXPECT_EQ(err(with(mrd32, 7, 0x05)), mem_decode_error::none);
    const bytes two = with(with(mrd32, 3, 0x02), 11, 0x00); // 2 DW at ...00 (QW aligned)
    EXPECT_EQ(err(with(two, 7, 0x0F)), mem_decode_error::zero_byte_enable);
    EXPECT_EQ(err(with(two, 7, 0xF0)), mem_decode_error::zero_byte_enable);
    // QW-aligned 2 DW: gaps permitted in both fields.
    EXPECT_EQ(err(with(two, 7, 0xA5)), mem_decode_error::none);
    // 2 DW not QW aligned (address ...04): contiguous only.
    const bytes two_odd = with(two, 11, 0x04);
    EXPECT_EQ(err(with(two_odd, 7, 0xA5)), mem_decode_error::non_contiguous_byte_enables);
    EXPECT_EQ(err(with(two_odd, 7, 0x3C)), mem_decode_error::none);
    // 3 DW: First DW BE must reach byte 3, Last DW BE start at byte 0.
    const bytes three = with(two, 3, 0x03);
    EXPECT_EQ(err(with(three, 7, 0x3C)), mem_decode_error::none);
    EXPECT_EQ(err(with(three, 7, 0x37)), mem_decode_error::non_contiguous_byte_enables);
    EXPECT_EQ(err(with(three, 7, 0x6F)), mem_decode_error::non_contiguous_byte_enables);
}

TEST(MemTlpDecode, RequestMustNotCrossFourKib) {
    // 2 DW at ...FFC.
    bytes b = with(with(with(mrd32, 3, 0x02), 7, 0xFF), 10, 0x0F);
    b[11] = 0xFC;
    EXPECT_EQ(err(b), mem_decode_error::crosses_4kib);
    b[11] = 0xF8;
    EXPECT_EQ(err(b), mem_decode_error::none);
}

TEST(MemTlpDecode, HeaderFieldsTheModelDoesNotCarry) {
    EXPECT_EQ(err(with(mrd32, 11, 0x11)), mem_decode_error::reserved_bits_set);     // PH
    EXPECT_EQ(err(with(mrd32, 2, 0x04)), mem_decode_error::unsupported_attributes); // AT
    EXPECT_EQ(err(with(mrd32, 1, 0x01)), mem_decode_error::unsupported_attributes); // TH
    EXPECT_EQ(err(with(mrd32, 2, 0x80)), mem_decode_error::digest_not_supported);   // TD
    EXPECT_EQ(err(with(mrd32, 0, 0x04)), mem_decode_error::not_memory);             // CfgRd0
    EXPECT_EQ(err(with(mrd32, 0, 0x80)), mem_decode_error::not_memory);             // prefix
}

TEST(MemTlpDecode, SizeMustMatchHeaderAndLength) {
    EXPECT_EQ(err(bytes(mrd32.begin(), mrd32.end() - 1)), mem_decode_error::too_short);
    bytes longer = mrd32;
    longer.push_back(0);
    EXPECT_EQ(err(longer), mem_decode_error::trailing_bytes);
    // MWr32 announcing 2 DW but carrying 1.
    const bytes mwr{0x40, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0xFF,
                    0x00, 0x00, 0x10, 0x00, 1,    2,    3,    4};
    EXPECT_EQ(err(mwr), mem_decode_error::too_short);
    // MRd64 cut after DW2.
    EXPECT_EQ(err(with(mrd32, 0, 0x20)), mem_decode_error::too_short);
}

TEST(MemTlpDecode, CompletionRules) {
    const bytes cpl{0x0A, 0x00, 0x00, 0x00, 0x02, 0x00, 0x20, 0x04, 0x00, 0x00, 0x07, 0x10};
    EXPECT_EQ(err(cpl), mem_decode_error::none);
    EXPECT_EQ(err(with(cpl, 6, 0x64)), mem_decode_error::reserved_completion_status);
    EXPECT_EQ(err(with(cpl, 11, 0x90)), mem_decode_error::reserved_bits_set);
    // Cpl with a Length: no payload follows, still malformed.
    EXPECT_EQ(err(with(cpl, 3, 0x01)), mem_decode_error::bad_length);
    bytes cpld = with(with(cpl, 0, 0x4A), 3, 0x01);
    cpld.insert(cpld.end(), {1, 2, 3, 4});
    EXPECT_EQ(err(cpld), mem_decode_error::data_with_error_status);
    EXPECT_EQ(err(with(cpld, 6, 0x04)), mem_decode_error::none);
}

TEST(MemTlpValidate, StructOnlyRules) {
    mem_tlp t = make_mem_read(rc, 0, 0x1000, 4);
    t.address = 0x1002;
    EXPECT_EQ(validate(t), mem_decode_error::unaligned_address);
    t.address = 0x100000000ull;
    EXPECT_EQ(validate(t), mem_decode_error::address_too_wide);
    t = make_mem_read(rc, 0x400, 0x1000, 4);
    EXPECT_EQ(validate(t), mem_decode_error::field_out_of_range);
    t = make_mem_write(rc, 0, 0x1000, {1, 2, 3, 4});
    t.payload.pop_back();
    EXPECT_EQ(validate(t), mem_decode_error::bad_length);
}

// --- byte enables, Byte Count, Lower Address ---

TEST(MemRules, SpanOfARange) {
    dw_span s = span_of(0x1003, 6); // bytes 1003..1008
    EXPECT_EQ(s.dw_address, 0x1000u);
    EXPECT_EQ(s.length_dw, 3);
    EXPECT_EQ(s.first_be, 0x8);
    EXPECT_EQ(s.last_be, 0x1);
    s = span_of(0x1001, 2); // inside one DW: First DW BE only
    EXPECT_EQ(s.length_dw, 1);
    EXPECT_EQ(s.first_be, 0x6);
    EXPECT_EQ(s.last_be, 0x0);
    s = span_of(0x1004, 0); // zero-length read
    EXPECT_EQ(s.length_dw, 1);
    EXPECT_EQ(s.first_be, 0x0);
    EXPECT_THROW(span_of(0x1FFE, 4), mem_tlp_error);    // crosses 4 KiB
    EXPECT_THROW(span_of(0x1000, 4097), mem_tlp_error); // over 1024 DW
}

// The span of the enabled bytes of a range (TLM byte enables at the root
// complex): trimmed to the DWs of the first and last enabled byte, BEs from
// their bytes, refused where one request's BEs cannot say it (2.2.5).
TEST(MemRules, EnabledSpanOfARange) {
    const auto span = [](uint64_t address, const bytes& en) {
        return enabled_span(address, en.data(), static_cast<uint32_t>(en.size()));
    };
    std::optional<dw_span> s = span(0x1000, {0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0});
    ASSERT_TRUE(s);
    EXPECT_EQ(s->dw_address, 0x1000u);
    EXPECT_EQ(s->length_dw, 3);
    EXPECT_EQ(s->first_be, 0xC);
    EXPECT_EQ(s->last_be, 0x1);
    s = span(0x1002, {0, 0, 1, 0, 1, 0}); // bytes 1004, 1006: one DW, gaps allowed
    ASSERT_TRUE(s);
    EXPECT_EQ(s->dw_address, 0x1004u);
    EXPECT_EQ(s->length_dw, 1);
    EXPECT_EQ(s->first_be, 0x5);
    EXPECT_EQ(s->last_be, 0x0);
    s = span(0x1008, {1, 0, 0, 0, 0, 0, 0, 1}); // QW-aligned 2 DW: gaps allowed
    ASSERT_TRUE(s);
    EXPECT_EQ(s->length_dw, 2);
    EXPECT_EQ(s->first_be, 0x1);
    EXPECT_EQ(s->last_be, 0x8);
    EXPECT_FALSE(span(0x1000, bytes(8, 0)));                             // nothing enabled
    EXPECT_THROW(span(0x1004, {1, 0, 0, 0, 0, 0, 0, 1}), mem_tlp_error); // 2 DW, not QW aligned
    EXPECT_THROW(span(0x1000, {1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1}), mem_tlp_error); // middle DW
    EXPECT_THROW(span(0x1000, {1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}),
                 mem_tlp_error); // First BE 1101
    EXPECT_THROW(span(0x1000, {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0}), mem_tlp_error); // Last BE 0101
    // What the builders make of a span passes validate().
    s = span(0x1000, {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0});
    ASSERT_TRUE(s);
    const mem_tlp w = make_mem_write(rc, 1, *s, bytes(12, 0x5A));
    EXPECT_EQ(validate(w), mem_decode_error::none);
    EXPECT_EQ(w.first_be, 0xE);
    EXPECT_EQ(w.last_be, 0x7);
    EXPECT_EQ(validate(make_mem_read(rc, 2, *s)), mem_decode_error::none);
    EXPECT_THROW(make_mem_write(rc, 1, *s, bytes(8, 0)), mem_tlp_error); // payload != 4 * Length
}

TEST(MemRules, ByteCountTable) {
    // PCIe 2.2.9, Byte Count for 1 DW requests: first to last enabled byte.
    EXPECT_EQ(read_byte_count(1, 0x9, 0), 4u); // 1xx1
    EXPECT_EQ(read_byte_count(1, 0xF, 0), 4u);
    EXPECT_EQ(read_byte_count(1, 0x5, 0), 3u); // 01x1
    EXPECT_EQ(read_byte_count(1, 0xA, 0), 3u); // 1x10
    EXPECT_EQ(read_byte_count(1, 0x3, 0), 2u);
    EXPECT_EQ(read_byte_count(1, 0x6, 0), 2u);
    EXPECT_EQ(read_byte_count(1, 0xC, 0), 2u);
    EXPECT_EQ(read_byte_count(1, 0x1, 0), 1u);
    EXPECT_EQ(read_byte_count(1, 0x8, 0), 1u);
    EXPECT_EQ(read_byte_count(1, 0x0, 0), 1u); // zero-length read
    // Longer: Length * 4 less the disabled leading and trailing bytes.
    EXPECT_EQ(read_byte_count(4, 0xF, 0xF), 16u);
    EXPECT_EQ(read_byte_count(4, 0xF, 0x7), 15u);
    EXPECT_EQ(read_byte_count(4, 0xE, 0xF), 15u);
    EXPECT_EQ(read_byte_count(4, 0x8, 0x1), 10u);
    EXPECT_EQ(read_byte_count(2, 0x5, 0xA), 8u); // QW aligned with gaps: span to the last byte
}

TEST(MemRules, LowerAddressIsTheFirstEnabledByte) {
    EXPECT_EQ(read_lower_address(0x12345678, 0x4), 0x7A);
    EXPECT_EQ(read_lower_address(0x12345678, 0x0), 0x78);
    EXPECT_EQ(read_lower_address(0x123456FC, 0x8), 0x7F);
}

// --- splitting ---

TEST(MemSplit, TransferSplitsAtSizeAlignedBoundaries) {
    const auto c = split_transfer(0xFC0, 0x200, 256);
    ASSERT_EQ(c.size(), 3u);
    EXPECT_EQ(c[0], (mem_chunk{0xFC0, 0x40}));
    EXPECT_EQ(c[1], (mem_chunk{0x1000, 0x100}));
    EXPECT_EQ(c[2], (mem_chunk{0x1100, 0xC0}));
    EXPECT_EQ(split_transfer(0x1000, 4096, 4096).size(), 1u);
    EXPECT_THROW(split_transfer(0, 16, 100), mem_tlp_error);
    EXPECT_THROW(split_transfer(0, 16, 64), mem_tlp_error);
}

TEST(MemSplit, DeviceControlEncodings) {
    EXPECT_EQ(device_control_size(0), 128u);
    EXPECT_EQ(device_control_size(2), 512u);
    EXPECT_EQ(device_control_size(5), 4096u);
    EXPECT_THROW(device_control_size(6), mem_tlp_error);
}

bytes pattern(std::size_t n) {
    bytes b(n);
    for (std::size_t i = 0; i < n; ++i) {
        b[i] = static_cast<uint8_t>(i * 7 + 1);
    }
    return b;
}

TEST(MemSplit, CompletionsEndOnRcbBoundaries) {
    const mem_tlp rd = make_mem_read(rc, 9, 0x1010, 512);
    const bytes data = pattern(512);
    const auto c = make_read_completions(rd, ep, data, 64, 128);
    ASSERT_EQ(c.size(), 5u);
    const uint16_t want_bc[] = {512, 400, 272, 144, 16};
    const uint8_t want_la[] = {0x10, 0x00, 0x00, 0x00, 0x00};
    const uint16_t want_len[] = {28, 32, 32, 32, 4};
    std::size_t at = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
        EXPECT_EQ(c[i].byte_count, want_bc[i]) << i;
        EXPECT_EQ(c[i].lower_address, want_la[i]) << i;
        EXPECT_EQ(c[i].length_dw, want_len[i]) << i;
        EXPECT_EQ(c[i].tag, 9);
        EXPECT_EQ(validate(c[i]), mem_decode_error::none);
        EXPECT_EQ(c[i].payload, bytes(data.begin() + static_cast<long>(at),
                                      data.begin() + static_cast<long>(at) + 4 * want_len[i]));
        at += 4u * want_len[i];
    }
}

TEST(MemSplit, RcbChangesTheFirstCompletion) {
    const mem_tlp rd = make_mem_read(rc, 1, 0x1050, 256);
    EXPECT_EQ(make_read_completions(rd, ep, pattern(256), 64, 128)[0].length_dw, 0x70 / 4);
    EXPECT_EQ(make_read_completions(rd, ep, pattern(256), 128, 128)[0].length_dw, 0x30 / 4);
}

// The one CplD answering a read of `size` bytes at `address` (RCB 64, MPS 128).
mem_tlp only_completion(uint64_t address, uint32_t size) {
    const mem_tlp rd = make_mem_read(rc, 1, address, size);
    const auto c = make_read_completions(rd, ep, pattern(4u * rd.length_dw), 64, 128);
    EXPECT_EQ(c.size(), 1u);
    return c.empty() ? mem_tlp{} : c[0];
}

TEST(MemSplit, OneCompletionMayCrossRcb) {
    const mem_tlp c = only_completion(0x1030, 128); // crosses the RCB boundary 0x1040
    EXPECT_EQ(c.length_dw, 32);
    EXPECT_EQ(c.byte_count, 128);
    EXPECT_EQ(c.lower_address, 0x30);
}

TEST(MemSplit, UnalignedReadCompletion) {
    const mem_tlp c = only_completion(0x1003, 6);
    EXPECT_EQ(c.length_dw, 3);
    EXPECT_EQ(c.byte_count, 6);
    EXPECT_EQ(c.lower_address, 0x03);
}

TEST(MemSplit, BadArgumentsAreRefused) {
    const mem_tlp rd = make_mem_read(rc, 2, 0x1000, 8);
    EXPECT_THROW(make_read_completions(rd, ep, pattern(4), 64, 128), mem_tlp_error);
    EXPECT_THROW(make_read_completions(rd, ep, pattern(8), 32, 128), mem_tlp_error);
    EXPECT_THROW(make_read_completions(make_mem_write(rc, 0, 0x1000, {1}), ep, pattern(4), 64, 128),
                 mem_tlp_error);
    EXPECT_THROW(make_read_error_completion(rd, ep, completion_status::successful), mem_tlp_error);
    EXPECT_THROW(make_mem_write(rc, 0, 0x1000, {}), mem_tlp_error);
}

} // namespace
} // namespace sriov
