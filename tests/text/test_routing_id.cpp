// parse_routing_id: bb:dd.f in hex, or a 16-bit number of the format's syntax.
#include "sriov/text/routing_id.h"

#include "lex_cases.h"

using namespace sriov::text;
using namespace sriov::text::testing;

namespace {

constexpr std::string_view bdf_range = "bus/device/function out of range";

auto rid(const number_syntax& numbers = {}) {
    return [&numbers](std::string_view t) { return parse_routing_id(t, numbers); };
}

} // namespace

TEST(TextRoutingId, BusDeviceFunctionInHex) {
    expect_accepted(rid(), {{"01:00.0", 0x0100},
                            {"03:00.1", 0x0301},
                            {"00:00.0", 0x0000},
                            {"ff:1f.7", 0xFFFF},
                            {"FF:1F.7", 0xFFFF},
                            {"1:2.3", 0x0113},
                            {"0001:002.3", 0x0113},
                            {" 0a:10.2 ", 0x0A82}});
}

TEST(TextRoutingId, EachPartIsRangeChecked) {
    expect_rejected(rid(), {{"100:00.0", bdf_range},
                            {"00:20.0", bdf_range},
                            {"00:00.8", bdf_range},
                            {"00:00.10", bdf_range},
                            {"fffffffffff:00.0", bdf_range}});
}

TEST(TextRoutingId, A16BitNumberInTheFormatsSyntax) {
    static const number_syntax with_binary{true, {}};
    expect_accepted(
        rid(), {{"0x0180", 0x0180}, {"384", 0x0180}, {"0xFFFF", 0xFFFF}, {"0x_01_80", 0x0180}});
    expect_accepted(rid(with_binary), {{"0b11", 3}});
    expect_rejected(rid(), {{"0b11", "unknown unit 'b11'"},
                            {"0x10000", "out of range (maximum 0xFFFF)"},
                            {"0x1_0000_0000_0000_0000", "number too large"}});
}

TEST(TextRoutingId, OtherFormsAreNumbersThatFail) {
    // Only hex digits make a part: a 0x prefix, a sign or a blank inside does not.
    expect_rejected(rid(), {{"", "expected a number"},
                            {"pf", "expected a number"},
                            {"+1:0.0", "expected a number"},
                            {"03:00", "unknown unit ':00'"},
                            {"03:00.1x", "unknown unit ':00.1x'"},
                            {"03:.1", "unknown unit ':.1'"},
                            {"03:00:1", "unknown unit ':00:1'"},
                            {"0x3:00.1", "unknown unit ':00.1'"},
                            {"03: 00.1", "unknown unit ': 00.1'"}});
}
