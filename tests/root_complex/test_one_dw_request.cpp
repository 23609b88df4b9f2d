// The LT hot path's request TLP written as words (one_dw_request.h) is the
// struct to_config_tlp() builds, and its completion match agrees with
// answers() + SC on every field it looks at.
#include "sriov/root_complex/one_dw_request.h"

#include "sriov/tlp/tlp.h"

#include <cstring>
#include <gtest/gtest.h>

namespace {

using sriov::completion_status;
using sriov::routing_id;
using sriov::tlp;
using sriov::tlp_type;
using namespace sriov::root_complex;

TEST(OneDwRequest, IsToConfigTlp) {
    const routing_id requesters[] = {routing_id(0x0000), routing_id(0x0108), routing_id(0xFFFF)};
    const routing_id completers[] = {routing_id(0x0100), routing_id(0x02FF), routing_id(0xFFFF)};
    for (const routing_id rq : requesters) {
        for (const routing_id cp : completers) {
            for (const uint16_t tag : {0, 1, 0x80, 0xFF}) {
                for (const uint16_t dw : {0, 1, 0x3F, 0x3FF}) {
                    for (const uint32_t data : {0u, 0x12345678u, 0xFFFFFFFFu}) {
                        for (const bool write : {false, true}) {
                            for (const bool type1 : {false, true}) {
                                tlp t;
                                std::memset(static_cast<void*>(&t), 0xA5,
                                            sizeof t); // nothing left over
                                put_one_dw_request(t, ids_word(rq, tag, cp), write, type1, dw,
                                                   write ? data : 0);
                                const tlp want = sriov::to_config_tlp(
                                    rq, tag,
                                    sriov::config_request{cp, dw, 0xF, write, write ? data : 0,
                                                          type1});
                                EXPECT_EQ(t, want) << "write " << write << " type1 " << type1
                                                   << " tag " << tag << " dw " << dw;
                                EXPECT_EQ(encode(t), encode(want));
                            }
                        }
                    }
                }
            }
        }
    }
}

// completes_one_dw() is answers() (type, tag, requester, completer) and SC.
TEST(OneDwRequest, CompletionMatch) {
    const routing_id rq(0x0000), cp(0x0103);
    const uint16_t tag = 0x42;
    const uint64_t ids = ids_word(rq, tag, cp);
    tlp request;
    put_one_dw_request(request, ids, false, false, 1, 0);
    const tlp good = sriov::make_completion(request, completion_status::successful, 7);
    EXPECT_TRUE(completes_one_dw(good, ids));
    tlp c = good;
    c.type = tlp_type::cpl;
    EXPECT_TRUE(completes_one_dw(c, ids)); // Cpl or CplD: both complete
    c = good;
    c.type = tlp_type::cfg_rd0;
    EXPECT_FALSE(completes_one_dw(c, ids));
    c = good;
    c.tag = tag + 1;
    EXPECT_FALSE(completes_one_dw(c, ids));
    c = good;
    c.tag = tag | 0x100; // 10-bit tags: T8 differs
    EXPECT_FALSE(completes_one_dw(c, ids));
    c = good;
    c.requester = routing_id(0x0001);
    EXPECT_FALSE(completes_one_dw(c, ids));
    c = good;
    c.completer = routing_id(0x0104);
    EXPECT_FALSE(completes_one_dw(c, ids));
    for (const auto s :
         {completion_status::unsupported_request, completion_status::config_request_retry,
          completion_status::completer_abort}) {
        c = sriov::make_completion(request, s);
        EXPECT_FALSE(completes_one_dw(c, ids));
    }
    c = good;
    c.length_dw = 0; // not looked at (Cpl has Length 0)
    EXPECT_TRUE(completes_one_dw(c, ids));
}

} // namespace
