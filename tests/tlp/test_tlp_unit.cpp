// Helpers, text and JSON forms, and the TLM extension of the TLP layer.
#include "sriov/tlp/tlp.h"
#include "sriov/tlp/tlp_extension.h"
#include "sriov/tlp/tlp_format.h"

#include <gtest/gtest.h>

#include <vector>

namespace sriov {
namespace {

const routing_id rc = routing_id::from_bdf(0x00, 0x00, 0);
const routing_id ep = routing_id::from_bdf(0x02, 0x10, 0);

TEST(TlpHelpers, ReadCompletesWithCplD) {
    const tlp req = make_cfg_read(rc, 9, ep, 0x10, 0xF);
    const tlp c = make_completion(req, completion_status::successful, 0xFEEDF00D);
    EXPECT_EQ(c.type, tlp_type::cpl_d);
    EXPECT_EQ(c.length_dw, 1);
    EXPECT_EQ(c.data, 0xFEEDF00Du);
    EXPECT_EQ(c.requester, rc);
    EXPECT_EQ(c.completer, ep);
    EXPECT_EQ(c.tag, 9);
    EXPECT_EQ(c.byte_count, 4);
    EXPECT_EQ(c.lower_address, 0);
    EXPECT_EQ(validate(c), decode_error::none);
}

TEST(TlpHelpers, WritesAndErrorsCompleteWithCpl) {
    const tlp wr = make_cfg_write(rc, 1, ep, 1, 0x3, 4);
    const tlp rd = make_cfg_read(rc, 2, ep, 0, 0xF);
    for (const tlp& c : {make_completion(wr, completion_status::successful),
                         make_completion(wr, completion_status::unsupported_request),
                         make_completion(rd, completion_status::unsupported_request, 0x1234),
                         make_completion(rd, completion_status::config_request_retry),
                         make_completion(rd, completion_status::completer_abort)}) {
        EXPECT_EQ(c.type, tlp_type::cpl);
        EXPECT_EQ(c.length_dw, 0);
        EXPECT_EQ(c.data, 0u); // no payload, whatever the caller passed
        EXPECT_EQ(validate(c), decode_error::none);
    }
}

// validate()'s inline accept of the usual config requests (word masks) must
// give validate_all()'s answer: requests with one field at a time set to a
// value at or just past a rule's edge, every status and kind.
TEST(TlpValidate, FastAcceptAgreesWithValidateAll) {
    const tlp base = make_cfg_write(rc, 0x3FF, ep, 0x3FF, 0xF, 0xFFFFFFFF, true);
    std::vector<unsigned> values;
    for (unsigned v = 0; v <= 0x100; ++v) {
        values.push_back(v);
    }
    for (unsigned v : {0x3FFu, 0x400u, 0x7FFu, 0xFFFu, 0x1000u, 0x8000u, 0xFC00u, 0xFFFFu}) {
        values.push_back(v);
    }
    std::vector<tlp> cases;
    for (const tlp_type k : {tlp_type::cfg_rd0, tlp_type::cfg_wr0, tlp_type::cfg_rd1,
                             tlp_type::cfg_wr1, tlp_type::cpl, tlp_type::cpl_d}) {
        tlp t = base;
        t.type = k;
        cases.push_back(t);
        // `t` with one field changed by `set`.
        const auto vary = [&cases, &t](auto&& set) {
            tlp c = t;
            set(c);
            cases.push_back(c);
        };
        for (const unsigned v : values) {
            const auto u8 = static_cast<uint8_t>(v);
            const auto u16 = static_cast<uint16_t>(v);
            vary([u8](tlp& c) { c.tc = u8; });
            vary([u16](tlp& c) { c.length_dw = u16; });
            vary([u16](tlp& c) { c.tag = u16; });
            vary([u16](tlp& c) { c.dw_index = u16; });
            vary([u8](tlp& c) { c.first_be = u8; });
            vary([u8](tlp& c) { c.last_be = u8; });
            vary([u8](tlp& c) { c.status = static_cast<completion_status>(u8); });
            vary([u16](tlp& c) { c.byte_count = u16; });
            vary([u8](tlp& c) { c.lower_address = u8; });
        }
        for (bool tlp::*flag : {&tlp::relaxed_ordering, &tlp::no_snoop, &tlp::id_based_ordering,
                                &tlp::td, &tlp::ep, &tlp::bcm}) {
            vary([flag](tlp& c) { c.*flag = true; });
        }
    }
    unsigned accepted = 0;
    for (const tlp& t : cases) {
        ASSERT_EQ(validate(t), validate_all(t)) << to_text(t);
        accepted += validate(t) == decode_error::none;
    }
    EXPECT_GT(accepted, 0u);
    EXPECT_LT(accepted, cases.size());
}

TEST(TlpHelpers, ToConfigRequest) {
    const config_request w = to_config_request(make_cfg_write(rc, 1, ep, 0x12, 0x6, 0xAABBCCDD));
    EXPECT_EQ(w.target, ep);
    EXPECT_EQ(w.dw_index, 0x12);
    EXPECT_EQ(w.byte_enable, 0x6);
    EXPECT_TRUE(w.is_write);
    EXPECT_EQ(w.write_data, 0xAABBCCDDu);
    const config_request r = to_config_request(make_cfg_read(rc, 1, ep, 0x3FF, 0x1));
    EXPECT_FALSE(r.is_write);
    EXPECT_EQ(r.dw_index, 0x3FF);
}

TEST(TlpHelpers, TypeNamesAndPredicates) {
    EXPECT_STREQ(to_string(tlp_type::cfg_rd0), "CfgRd0");
    EXPECT_STREQ(to_string(tlp_type::cfg_wr1), "CfgWr1");
    EXPECT_STREQ(to_string(tlp_type::cpl_d), "CplD");
    EXPECT_STREQ(to_string(decode_error::last_be_nonzero), "last_be_nonzero");
    EXPECT_TRUE(has_data(tlp_type::cfg_wr0));
    EXPECT_FALSE(has_data(tlp_type::cpl));
    EXPECT_TRUE(is_config_request(tlp_type::cfg_rd1));
    EXPECT_FALSE(is_config_request(tlp_type::cpl_d));
}

TEST(TlpText, RequestLine) {
    EXPECT_EQ(to_text(make_cfg_write(rc, 5, ep, 1, 0x3, 4)),
              "CfgWr0 req=00:00.0 tag=5 cpl=02:10.0 reg=0x004 be=0011 data=0x00000004");
    EXPECT_EQ(
        to_text(make_cfg_read(rc, 300, routing_id::from_bdf(0xab, 0x1f, 7), 0x3FF, 0x8, true)),
        "CfgRd1 req=00:00.0 tag=300 cpl=ab:1f.7 reg=0xffc be=1000");
}

TEST(TlpText, CompletionLine) {
    const tlp rd = make_cfg_read(rc, 5, ep, 0, 0xF);
    EXPECT_EQ(to_text(make_completion(rd, completion_status::successful, 0x00100000)),
              "CplD cpl=02:10.0 req=00:00.0 tag=5 status=SC bc=4 data=0x00100000");
    EXPECT_EQ(to_text(make_completion(rd, completion_status::config_request_retry)),
              "Cpl cpl=02:10.0 req=00:00.0 tag=5 status=CRS bc=4");
}

TEST(TlpText, UnusualFieldsAreShown) {
    tlp t = make_cfg_read(rc, 1, ep, 0, 0xF);
    t.tc = 2;
    t.no_snoop = true;
    t.relaxed_ordering = true;
    t.ep = true;
    t.last_be = 0x1;
    t.length_dw = 2;
    EXPECT_EQ(to_text(t), "CfgRd0 req=00:00.0 tag=1 cpl=02:10.0 reg=0x000 be=1111 tc=2 "
                          "attr=RO,NS ep len=2 lbe=0001");
    tlp c = make_completion(t, completion_status::completer_abort);
    c.tc = 0;
    c.relaxed_ordering = c.no_snoop = false;
    c.lower_address = 0x10;
    c.bcm = true;
    EXPECT_EQ(to_text(c), "Cpl cpl=02:10.0 req=00:00.0 tag=1 status=CA bc=4 la=0x10 bcm");
}

TEST(TlpText, RoutingIdFormat) {
    EXPECT_EQ(to_string(routing_id::from_bdf(0, 0, 0)), "00:00.0");
    EXPECT_EQ(to_string(routing_id(0x0583)), "05:10.3"); // ARI fn 0x83 in the lspci view
}

TEST(TlpJson, LogLineOfAWrite) {
    EXPECT_EQ(log_line(make_cfg_write(rc, 5, ep, 1, 0x3, 4), 1000, "down"),
              R"({"time_ps":1000,"direction":"down","type":"CfgWr0","requester":"00:00.0",)"
              R"("completer":"02:10.0","tag":5,"reg_offset":4,"byte_enable":3,"data":4,)"
              R"("bytes":"44000001000005030280000404000000"})");
}

TEST(TlpJson, LogLineOfACompletion) {
    const tlp c =
        make_completion(make_cfg_read(rc, 5, ep, 0, 0xF), completion_status::unsupported_request);
    EXPECT_EQ(log_line(c, 123456789012ULL, "up"),
              R"({"time_ps":123456789012,"direction":"up","type":"Cpl","requester":"00:00.0",)"
              R"("completer":"02:10.0","tag":5,"status":"UR","byte_count":4,"lower_address":0,)"
              R"("bytes":"0a0000000280200400000500"})");
}

TEST(TlpJson, OptionalFieldsAndParseBack) {
    tlp c =
        make_completion(make_cfg_read(rc, 7, ep, 0, 0xF), completion_status::successful, 0xCAFE);
    c.tc = 1;
    c.no_snoop = true;
    c.ep = true;
    const auto j = nlohmann::json::parse(log_line(c, 5, "up"));
    EXPECT_EQ(j.at("tc"), 1);
    EXPECT_EQ(j.at("attr"), nlohmann::json::array({"NS"}));
    EXPECT_EQ(j.at("ep"), true);
    EXPECT_EQ(j.at("data"), 0xCAFE);
    EXPECT_FALSE(j.contains("td"));
    const auto back = decode_hex(j.at("bytes").get<std::string>());
    ASSERT_TRUE(back.ok()) << to_string(back.error);
    EXPECT_EQ(back.value, c);
}

TEST(TlpJson, DecodeHexRejectsGarbage) {
    EXPECT_EQ(decode_hex("0").error, decode_error::too_short);
    EXPECT_EQ(decode_hex("zz000001000005030280000404000000").error, decode_error::too_short);
    EXPECT_EQ(decode_hex("04000001000005030280000400").error, decode_error::trailing_bytes);
    EXPECT_EQ(decode_hex(std::string(200, '0')).error, decode_error::too_short);
}

TEST(TlpExtension, TravelsOnAGenericPayload) {
    const tlp t = make_cfg_write(rc, 5, ep, 1, 0x3, 4);
    tlm::tlm_generic_payload gp;
    gp.set_extension(new tlp_extension(t)); // owned and freed by gp
    tlp_extension* got = nullptr;
    gp.get_extension(got);
    ASSERT_NE(got, nullptr);
    EXPECT_EQ(got->value, t);

    tlm::tlm_extension_base* copy = got->clone();
    auto* clone = dynamic_cast<tlp_extension*>(copy);
    ASSERT_NE(clone, nullptr);
    EXPECT_EQ(clone->value, t);
    copy->free(); // extensions have a protected destructor

    tlp_extension other;
    other.copy_from(*got);
    EXPECT_EQ(other.value, t);

    tlm::tlm_generic_payload gp2;
    gp2.deep_copy_from(gp); // uses clone() for extensions gp2 does not have
    tlp_extension* got2 = nullptr;
    gp2.get_extension(got2);
    ASSERT_NE(got2, nullptr);
    EXPECT_NE(got2, got);
    EXPECT_EQ(got2->value, t);
}

} // namespace
} // namespace sriov
