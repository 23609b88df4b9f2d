// Encodes each config TLP kind and compares with header bytes written by hand
// from the PCIe Base spec field positions (2.2.1, 2.2.7, 2.2.9), then checks
// every decode rule with one malformed byte string each.
#include "sriov/tlp/tlp.h"

#include <gtest/gtest.h>
#include <vector>

namespace sriov {
namespace {

using bytes = std::vector<uint8_t>;

const routing_id rc = routing_id::from_bdf(0x00, 0x00, 0);
const routing_id ep = routing_id::from_bdf(0x02, 0x10, 0);  // 0x0280
const routing_id ep1 = routing_id::from_bdf(0x03, 0x00, 1); // 0x0301

bytes enc(const tlp& t) {
    return encode(t).to_vector();
}

decode_error err(const bytes& b) {
    return decode(b).error;
}

// --- encode: hand-written layouts ---

TEST(TlpEncode, CfgWr0MatchesSpecLayout) {
    // Command register (offset 0x004), bytes 0-1 enabled, Memory Space Enable.
    const tlp t = make_cfg_write(rc, 5, ep, 0x004 / 4, 0b0011, 0x00000004);
    // Fmt 010 Type 00100 = 0x44; Length 1; ReqID 0000; Tag 05; LastBE 0 FirstBE 3;
    // CplID 02:10.0 = 0x0280; ExtReg 0, Reg 1 -> bytes 10-11 = 0x0004; data in
    // address order (byte 0 of the DW first).
    EXPECT_EQ(enc(t), (bytes{0x44, 0x00, 0x00, 0x01, 0x00, 0x00, 0x05, 0x03, 0x02, 0x80, 0x00, 0x04,
                             0x04, 0x00, 0x00, 0x00}));
}

TEST(TlpEncode, CfgRd0ExtendedRegister) {
    // First extended capability header at 0x100: ExtReg 1, Reg 0.
    const tlp t = make_cfg_read(rc, 0x2A, ep1, 0x100 / 4, 0xF);
    EXPECT_EQ(enc(t),
              (bytes{0x04, 0x00, 0x00, 0x01, 0x00, 0x00, 0x2A, 0x0F, 0x03, 0x01, 0x01, 0x00}));
}

TEST(TlpEncode, RegisterNumberFieldsSplitTheOffset) {
    // 0x16C: ExtReg 1 (byte 10 bits 3:0), Reg 0x1B (byte 11 bits 7:2) = 0x6C.
    bytes b = enc(make_cfg_read(rc, 0, ep, 0x16C / 4, 0x1));
    EXPECT_EQ(b[10], 0x01);
    EXPECT_EQ(b[11], 0x6C);
    EXPECT_EQ(b[7], 0x01);
    // Last DW of config space, 0xFFC.
    b = enc(make_cfg_read(rc, 0, ep, 0x3FF, 0x8));
    EXPECT_EQ(b[10], 0x0F);
    EXPECT_EQ(b[11], 0xFC);
    EXPECT_EQ(b[7], 0x08);
}

TEST(TlpEncode, Type1Requests) {
    const bytes rd = enc(make_cfg_read(rc, 1, routing_id::from_bdf(4, 0, 0), 0, 0xF, true));
    EXPECT_EQ(rd, (bytes{0x05, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x0F, 0x04, 0x00, 0x00, 0x00}));
    const bytes wr =
        enc(make_cfg_write(rc, 2, routing_id::from_bdf(4, 0, 0), 0x3C / 4, 0x1, 0xAB, true));
    EXPECT_EQ(wr, (bytes{0x45, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02, 0x01, 0x04, 0x00, 0x00, 0x3C,
                         0xAB, 0x00, 0x00, 0x00}));
}

TEST(TlpEncode, CplCarriesStatusAndByteCount) {
    const tlp req = make_cfg_write(rc, 5, ep, 1, 0x3, 4);
    // Cpl: Fmt 000 Type 01010 = 0x0A, Length 0; CplID 0280; Status[7:5] BCM[4]
    // ByteCount 004; ReqID 0000; Tag 05; Lower Address 0.
    EXPECT_EQ(enc(make_completion(req, completion_status::successful)),
              (bytes{0x0A, 0x00, 0x00, 0x00, 0x02, 0x80, 0x00, 0x04, 0x00, 0x00, 0x05, 0x00}));
    EXPECT_EQ(enc(make_completion(req, completion_status::unsupported_request)),
              (bytes{0x0A, 0x00, 0x00, 0x00, 0x02, 0x80, 0x20, 0x04, 0x00, 0x00, 0x05, 0x00}));
    EXPECT_EQ(enc(make_completion(req, completion_status::config_request_retry))[6], 0x40);
    EXPECT_EQ(enc(make_completion(req, completion_status::completer_abort))[6], 0x80);
}

TEST(TlpEncode, CplDCarriesDataInAddressOrder) {
    const tlp req = make_cfg_read(rc, 0x2A, ep1, 0, 0xF);
    const tlp cpl = make_completion(req, completion_status::successful, 0x12345678);
    EXPECT_EQ(enc(cpl), (bytes{0x4A, 0x00, 0x00, 0x01, 0x03, 0x01, 0x00, 0x04, 0x00, 0x00, 0x2A,
                               0x00, 0x78, 0x56, 0x34, 0x12}));
}

TEST(TlpEncode, TenBitTagUsesT9AndT8) {
    tlp t = make_cfg_read(rc, 0x3A5, ep, 0, 0xF);
    bytes b = enc(t);
    EXPECT_EQ(b[1], 0x88); // T9 bit 7, T8 bit 3
    EXPECT_EQ(b[6], 0xA5);
    EXPECT_EQ(enc(make_cfg_read(rc, 0x200, ep, 0, 0xF))[1], 0x80);
    EXPECT_EQ(enc(make_cfg_read(rc, 0x100, ep, 0, 0xF))[1], 0x08);
    const bytes c = enc(make_completion(t, completion_status::successful, 0));
    EXPECT_EQ(c[1], 0x88);
    EXPECT_EQ(c[10], 0xA5);
}

TEST(TlpEncode, AriCompleterIdIsBusAndEightBitFunction) {
    const routing_id vf(0x0583); // bus 5, ARI function 0x83
    const bytes b = enc(make_cfg_read(rc, 0, vf, 0, 0xF));
    EXPECT_EQ(b[8], 0x05);
    EXPECT_EQ(b[9], 0x83);
}

TEST(TlpEncode, HeaderBitsTcAttrTdEp) {
    tlp c = make_completion(make_cfg_read(rc, 0, ep, 0, 0xF), completion_status::successful, 0);
    c.tc = 5;
    c.relaxed_ordering = true;
    c.id_based_ordering = true;
    c.ep = true;
    bytes b = enc(c);
    EXPECT_EQ(b[1], 0x54); // TC 101 at [6:4], IDO at [2]
    EXPECT_EQ(b[2], 0x60); // EP [6], RO [5]
    c.relaxed_ordering = false;
    c.no_snoop = true;
    c.td = true;
    b = enc(c);
    EXPECT_EQ(b[2], 0xD0); // TD [7], EP [6], NS [4]
}

// --- decode: valid bytes ---

TEST(TlpDecode, DecodesHandWrittenCfgWr0) {
    const auto r = decode(bytes{0x44, 0x00, 0x00, 0x01, 0x01, 0x08, 0x07, 0x0C, 0x02, 0x80, 0x00,
                                0x04, 0xDE, 0xAD, 0xBE, 0xEF});
    ASSERT_TRUE(r.ok()) << to_string(r.error);
    EXPECT_EQ(r.value.type, tlp_type::cfg_wr0);
    EXPECT_EQ(r.value.requester, routing_id::from_bdf(1, 1, 0));
    EXPECT_EQ(r.value.tag, 7);
    EXPECT_EQ(r.value.first_be, 0xC);
    EXPECT_EQ(r.value.completer, ep);
    EXPECT_EQ(r.value.dw_index, 1);
    EXPECT_EQ(r.value.reg_offset(), 4);
    EXPECT_EQ(r.value.data, 0xEFBEADDEu);
}

TEST(TlpDecode, DecodesHandWrittenCplWithCrs) {
    const auto r =
        decode(bytes{0x0A, 0x00, 0x00, 0x00, 0x02, 0x80, 0x40, 0x04, 0x00, 0x00, 0x09, 0x00});
    ASSERT_TRUE(r.ok()) << to_string(r.error);
    EXPECT_EQ(r.value.type, tlp_type::cpl);
    EXPECT_EQ(r.value.status, completion_status::config_request_retry);
    EXPECT_EQ(r.value.completer, ep);
    EXPECT_EQ(r.value.tag, 9);
    EXPECT_EQ(r.value.byte_count, 4);
    EXPECT_EQ(r.value.length_dw, 0);
}

TEST(TlpDecode, ZeroByteEnableReadIsAccepted) {
    EXPECT_EQ(err({0x04, 0, 0, 1, 0, 0, 0, 0x00, 0, 0, 0, 0}), decode_error::none);
}

TEST(TlpDecode, CompletionsMayCarryTcAndAttributes) {
    EXPECT_EQ(err({0x0A, 0x54, 0x30, 0x00, 0, 0, 0x00, 0x04, 0, 0, 0, 0}), decode_error::none);
}

// --- decode: one malformed case per rule ---

const bytes rd0 = {0x04, 0x00, 0x00, 0x01, 0x00, 0x00, 0x05, 0x0F, 0x02, 0x80, 0x00, 0x04};
const bytes wr0 = {0x44, 0x00, 0x00, 0x01, 0x00, 0x00, 0x05, 0x03,
                   0x02, 0x80, 0x00, 0x04, 0x04, 0x00, 0x00, 0x00};
const bytes cpl = {0x0A, 0x00, 0x00, 0x00, 0x02, 0x80, 0x00, 0x04, 0x00, 0x00, 0x05, 0x00};
const bytes cpld = {0x4A, 0x00, 0x00, 0x01, 0x02, 0x80, 0x00, 0x04,
                    0x00, 0x00, 0x05, 0x00, 0x11, 0x22, 0x33, 0x44};

bytes with(bytes b, std::size_t i, uint8_t v) {
    b[i] = v;
    return b;
}

TEST(TlpDecode, BaseCasesAreValid) {
    EXPECT_EQ(err(rd0), decode_error::none);
    EXPECT_EQ(err(wr0), decode_error::none);
    EXPECT_EQ(err(cpl), decode_error::none);
    EXPECT_EQ(err(cpld), decode_error::none);
}

TEST(TlpDecode, TooShort) {
    EXPECT_EQ(decode(nullptr, 0).error, decode_error::too_short);
    EXPECT_EQ(err({}), decode_error::too_short);
    EXPECT_EQ(err(bytes(rd0.begin(), rd0.end() - 1)), decode_error::too_short);
    EXPECT_EQ(err(bytes(wr0.begin(), wr0.begin() + 12)), decode_error::too_short); // no payload
    EXPECT_EQ(err(bytes(cpld.begin(), cpld.end() - 1)), decode_error::too_short);
}

TEST(TlpDecode, TrailingBytes) {
    bytes b = rd0;
    b.push_back(0);
    EXPECT_EQ(err(b), decode_error::trailing_bytes);
    b = wr0;
    b.insert(b.end(), 4, 0); // a second DW of payload
    EXPECT_EQ(err(b), decode_error::trailing_bytes);
    b = cpl;
    b.insert(b.end(), 4, 0); // Cpl with data bytes
    EXPECT_EQ(err(b), decode_error::trailing_bytes);
}

TEST(TlpDecode, TlpPrefix) {
    EXPECT_EQ(err(with(rd0, 0, 0x80)), decode_error::tlp_prefix);
}

TEST(TlpDecode, FourDwHeaderForConfigOrCompletion) {
    EXPECT_EQ(err(with(rd0, 0, 0x24)), decode_error::four_dw_header); // Fmt 001 CfgRd0
    EXPECT_EQ(err(with(wr0, 0, 0x64)), decode_error::four_dw_header); // Fmt 011 CfgWr0
    EXPECT_EQ(err(with(rd0, 0, 0x25)), decode_error::four_dw_header); // CfgRd1
    EXPECT_EQ(err(with(cpl, 0, 0x2A)), decode_error::four_dw_header);
}

TEST(TlpDecode, UnsupportedTypes) {
    for (uint8_t b0 :
         {0x00 /*MRd32*/, 0x40 /*MWr32*/, 0x02 /*IORd*/, 0x0B /*CplLk*/, 0x4B /*CplDLk*/,
          0x30 /*Msg*/, 0x70 /*MsgD*/, 0xA4 /*Fmt 101*/, 0xE4 /*Fmt 111*/, 0x1B /*TCfgRd*/}) {
        EXPECT_EQ(err(with(rd0, 0, b0)), decode_error::unsupported_type) << int(b0);
    }
}

TEST(TlpDecode, DigestNotSupported) {
    EXPECT_EQ(err(with(rd0, 2, 0x80)), decode_error::digest_not_supported);
    bytes b = wr0;
    b[2] = 0x80;
    b.insert(b.end(), 4, 0); // even with the ECRC DW present
    EXPECT_EQ(err(b), decode_error::digest_not_supported);
}

TEST(TlpDecode, BadLength) {
    EXPECT_EQ(err(with(rd0, 3, 0x00)), decode_error::bad_length); // 0 = 1024 DW
    EXPECT_EQ(err(with(rd0, 3, 0x02)), decode_error::bad_length);
    EXPECT_EQ(err(with(rd0, 2, 0x01)), decode_error::bad_length); // Length[9:8] = 01: 257
    EXPECT_EQ(err(with(cpl, 3, 0x01)), decode_error::bad_length); // Cpl has no data
    EXPECT_EQ(err(with(cpld, 3, 0x00)), decode_error::bad_length);
    EXPECT_EQ(err(with(wr0, 3, 0x02)), decode_error::bad_length);
}

TEST(TlpDecode, ConfigRequestAttributesMustBeZero) {
    EXPECT_EQ(err(with(rd0, 1, 0x10)), decode_error::bad_request_attributes); // TC 1
    EXPECT_EQ(err(with(rd0, 2, 0x20)), decode_error::bad_request_attributes); // RO
    EXPECT_EQ(err(with(wr0, 2, 0x10)), decode_error::bad_request_attributes); // NS
    EXPECT_EQ(err(with(rd0, 1, 0x04)), decode_error::bad_request_attributes); // IDO
    EXPECT_EQ(err(with(rd0, 2, 0x04)), decode_error::bad_request_attributes); // AT 01
    EXPECT_EQ(err(with(rd0, 1, 0x01)), decode_error::bad_request_attributes); // TH
    EXPECT_EQ(err(with(rd0, 1, 0x02)), decode_error::bad_request_attributes); // LN
}

TEST(TlpDecode, LastBeNonzero) {
    EXPECT_EQ(err(with(rd0, 7, 0x1F)), decode_error::last_be_nonzero);
    EXPECT_EQ(err(with(wr0, 7, 0xF3)), decode_error::last_be_nonzero);
}

TEST(TlpDecode, ZeroByteEnableOnWrite) {
    EXPECT_EQ(err(with(wr0, 7, 0x00)), decode_error::zero_byte_enable_on_write);
}

TEST(TlpDecode, ReservedBits) {
    EXPECT_EQ(err(with(rd0, 10, 0x10)), decode_error::reserved_bits_set); // byte 10 [7:4]
    EXPECT_EQ(err(with(rd0, 11, 0x05)), decode_error::reserved_bits_set); // byte 11 [1:0]
    EXPECT_EQ(err(with(cpl, 11, 0x80)), decode_error::reserved_bits_set); // byte 11 [7]
    EXPECT_EQ(err(with(cpl, 1, 0x01)), decode_error::reserved_bits_set);  // TH
    EXPECT_EQ(err(with(cpl, 2, 0x08)), decode_error::reserved_bits_set);  // AT
}

TEST(TlpDecode, ReservedCompletionStatus) {
    for (uint8_t s : {0x60, 0xA0, 0xC0, 0xE0}) {
        EXPECT_EQ(err(with(cpl, 6, s)), decode_error::reserved_completion_status) << int(s);
    }
}

TEST(TlpDecode, CplDWithErrorStatus) {
    EXPECT_EQ(err(with(cpld, 6, 0x20)), decode_error::data_with_error_status); // UR
    EXPECT_EQ(err(with(cpld, 6, 0x40)), decode_error::data_with_error_status); // CRS
}

TEST(TlpDecode, ByteCountMustBeFour) {
    EXPECT_EQ(err(with(cpl, 7, 0x08)), decode_error::bad_byte_count);
    EXPECT_EQ(err(with(cpl, 7, 0x00)), decode_error::bad_byte_count);  // 0 = 4096
    EXPECT_EQ(err(with(cpld, 6, 0x01)), decode_error::bad_byte_count); // 0x104
    EXPECT_EQ(err(with(cpl, 6, 0x10)), decode_error::bad_byte_count);  // BCM
}

TEST(TlpDecode, LowerAddressMustBeZero) {
    EXPECT_EQ(err(with(cpl, 11, 0x04)), decode_error::bad_lower_address);
    EXPECT_EQ(err(with(cpld, 11, 0x7F)), decode_error::bad_lower_address);
}

TEST(TlpDecode, FailedDecodeReturnsDefaultValue) {
    const auto r = decode(with(wr0, 7, 0x00));
    EXPECT_FALSE(r);
    EXPECT_EQ(r.value, tlp{});
}

// --- validate: the struct-side rules ---

TEST(TlpValidate, FieldsWiderThanTheirBits) {
    const tlp ok = make_cfg_read(rc, 0, ep, 0, 0xF);
    EXPECT_EQ(validate(ok), decode_error::none);
    // One field of a valid request set past its bits (or to no known value).
    const struct {
        const char* field;
        void (*set)(tlp&);
        decode_error expected;
    } cases[] = {
        {"tag", [](tlp& t) { t.tag = 0x400; }, decode_error::field_out_of_range},
        {"dw_index", [](tlp& t) { t.dw_index = 0x400; }, decode_error::field_out_of_range},
        {"first_be", [](tlp& t) { t.first_be = 0x10; }, decode_error::field_out_of_range},
        {"tc", [](tlp& t) { t.tc = 8; }, decode_error::field_out_of_range},
        {"status", [](tlp& t) { t.status = static_cast<completion_status>(3); },
         decode_error::field_out_of_range},
        {"type", [](tlp& t) { t.type = static_cast<tlp_type>(0x00); },
         decode_error::unsupported_type},
    };
    for (const auto& c : cases) {
        tlp t = ok;
        c.set(t);
        EXPECT_EQ(validate(t), c.expected) << c.field;
    }
}

// validate() accepts the common well-formed requests inline; every header flag
// of a request that is otherwise well-formed still gets validate_all()'s answer.
TEST(TlpValidate, InlineAcceptLooksAtEveryHeaderFlag) {
    for (const tlp& ok : {make_cfg_read(rc, 0, ep, 0, 0xF), make_cfg_write(rc, 1, ep, 4, 0x3, 7),
                          make_cfg_read(rc, 2, ep, 0, 0xF, true)}) {
        const struct {
            const char* field;
            void (*set)(tlp&);
        } flags[] = {
            {"td", [](tlp& t) { t.td = true; }},
            {"tc", [](tlp& t) { t.tc = 1; }},
            {"relaxed_ordering", [](tlp& t) { t.relaxed_ordering = true; }},
            {"no_snoop", [](tlp& t) { t.no_snoop = true; }},
            {"id_based_ordering", [](tlp& t) { t.id_based_ordering = true; }},
            {"last_be", [](tlp& t) { t.last_be = 1; }},
            {"length_dw", [](tlp& t) { t.length_dw = 2; }},
        };
        ASSERT_EQ(validate(ok), decode_error::none);
        for (const auto& f : flags) {
            tlp t = ok;
            f.set(t);
            EXPECT_NE(validate_all(t), decode_error::none) << f.field;
            EXPECT_EQ(validate(t), validate_all(t)) << f.field;
        }
    }
}

TEST(TlpValidate, DefaultCompletionNeedsLengthZero) {
    tlp c;
    c.type = tlp_type::cpl;
    EXPECT_EQ(validate(c), decode_error::bad_length);
    c.length_dw = 0;
    EXPECT_EQ(validate(c), decode_error::none);
}

// --- round trips over every register and byte enable ---

TEST(TlpRoundTrip, EveryRegisterAndByteEnable) {
    int checked = 0;
    for (uint16_t dw = 0; dw < 1024; ++dw) {
        for (uint8_t be = 1; be < 16; ++be) {
            const uint16_t tag = static_cast<uint16_t>((dw * 7 + be) & 0x3FF);
            const routing_id target(static_cast<uint16_t>(dw * 61 + be));
            for (const tlp& t : {make_cfg_read(rc, tag, target, dw, be),
                                 make_cfg_write(rc, tag, target, dw, be, 0x01020304u * be, true)}) {
                const auto r = decode(encode(t));
                ASSERT_TRUE(r.ok()) << to_string(r.error);
                ASSERT_EQ(r.value, t);
                const auto c = make_completion(t, completion_status::successful, dw * 0x10001u);
                const auto rc2 = decode(encode(c));
                ASSERT_TRUE(rc2.ok()) << to_string(rc2.error);
                ASSERT_EQ(rc2.value, c);
                ++checked;
            }
        }
    }
    EXPECT_EQ(checked, 1024 * 15 * 2);
}

} // namespace
} // namespace sriov
