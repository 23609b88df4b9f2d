// parse_time_ps: units, fractions, the bare unit, rounding and the 64-bit limit.
#include "sriov/text/time_literal.h"

#include "lex_cases.h"

using namespace sriov::text;
using namespace sriov::text::testing;

namespace {

constexpr std::string_view syntax_message = "expected a time like 100ms, 2.5us, 730ns, 10ps or 1s";
constexpr std::string_view too_large = "time too large (maximum 18446744073709551615 ps)";

auto bare(time_unit unit) {
    return [unit](std::string_view t) { return parse_time_ps(t, unit); };
}

} // namespace

TEST(TextTimeLiteral, EveryUnitToPicoseconds) {
    expect_accepted(bare(time_unit::ns), {{"10ps", 10},
                                          {"730ns", 730'000},
                                          {"3us", 3'000'000},
                                          {"100ms", 100'000'000'000},
                                          {"1s", 1'000'000'000'000},
                                          {"0s", 0}});
}

TEST(TextTimeLiteral, BareNumberTakesTheFormatsUnit) {
    expect_accepted(bare(time_unit::ps), {{"730", 730}});
    expect_accepted(bare(time_unit::ns), {{"730", 730'000}});
    expect_accepted(bare(time_unit::us), {{"2", 2'000'000}});
    expect_accepted(bare(time_unit::ms), {{"2", 2'000'000'000}});
    expect_accepted(bare(time_unit::s), {{"2", 2'000'000'000'000}});
}

TEST(TextTimeLiteral, FractionsSeparatorsAndBlanks) {
    expect_accepted(bare(time_unit::ns), {{"2.5us", 2'500'000},
                                          {".5us", 500'000},
                                          {"1.ns", 1'000},
                                          {"0.001ns", 1},
                                          {"1.000000000001s", 1'000'000'000'001},
                                          {"1_000ns", 1'000'000},
                                          {"1_0.2_5us", 10'250'000},
                                          {"100_ms", 100'000'000'000},
                                          {" 5ns\t", 5'000}});
}

TEST(TextTimeLiteral, PartsOfAPicosecondRoundHalfUp) {
    expect_accepted(bare(time_unit::ns), {{"0.0004ns", 0},
                                          {"0.0005ns", 1},
                                          {"0.4ps", 0},
                                          {"0.5ps", 1},
                                          {"1.49999ps", 1},
                                          {"2.5000000ps", 3}});
}

TEST(TextTimeLiteral, RejectsOtherForms) {
    for (std::string_view t : {"", "ms", ".", "_", "._ms", "1.2.3ns", "100MS", "1S", "5 ms",
                               "1e3ns", "0x10ns", "-1ns", "1min", "10fs", "ns5", "5nss"}) {
        expect_rejected(bare(time_unit::ns), {{t, syntax_message}});
    }
}

TEST(TextTimeLiteral, LargestTimeAndOverflow) {
    expect_accepted(bare(time_unit::ns), {{"18446744073709551615ps", UINT64_MAX},
                                          {"18446744073709551614.5ps", UINT64_MAX},
                                          {"18446744.073709551615s", UINT64_MAX}});
    // One picosecond more, by digits, by unit and by rounding: an error, never a wrap.
    expect_rejected(bare(time_unit::ns), {{"18446744073709551616ps", too_large},
                                          {"18446744073709552ns", too_large},
                                          {"18446744.073709551616s", too_large},
                                          {"18446744073709551615.5ps", too_large},
                                          {"99999999999s", too_large}});
}
