// parse_unsigned: radixes, separators, units, and the range limits.
#include "sriov/text/unsigned_number.h"

#include "lex_cases.h"

#include <string>

using namespace sriov::text;
using namespace sriov::text::testing;

namespace {

const number_syntax with_binary{true, {}};
const number_syntax sizes{false, {{"b", 1}, {"k", 1024}, {"kib", 1024}, {"m", 1u << 20}}};

auto plain(uint64_t max = UINT64_MAX) {
    return [max](std::string_view t) { return parse_unsigned(t, {}, max); };
}

auto in(const number_syntax& syntax, uint64_t max = UINT64_MAX) {
    return [&syntax, max](std::string_view t) { return parse_unsigned(t, syntax, max); };
}

const std::string sixty_four_ones = "0b" + std::string(64, '1');
const std::string two_to_the_64 = "0b1" + std::string(64, '0');

} // namespace

TEST(TextUnsignedNumber, DecimalHexAndBinary) {
    expect_accepted(
        plain(),
        {{"0", 0}, {"42", 42}, {"007", 7}, {"0x2A", 42}, {"0X2a", 42}, {"0xabcdef", 0xABCDEF}});
    expect_accepted(in(with_binary), {{"0b101010", 42}, {"0B11", 3}, {"0", 0}, {"0x10", 16}});
}

TEST(TextUnsignedNumber, UnderscoresAndSurroundingBlanksAreDropped) {
    expect_accepted(plain(), {{"1_000", 1000},
                              {"100_000_000", 100'000'000},
                              {"0x_FFFF_0000", 0xFFFF0000},
                              {"0_x10", 16},
                              {" \t12\r ", 12}});
    expect_accepted(in(with_binary), {{"0b_1_0", 2}});
}

TEST(TextUnsignedNumber, BinaryPrefixOnlyWhereTheFormatAllowsIt) {
    expect_rejected(plain(), {{"0b101", "unknown unit 'b101'"}});
    expect_rejected(in(with_binary), {{"0b2", "expected a number"}, {"0b102", "unknown unit '2'"}});
    // Without 0b, a `b` unit after a zero is bytes.
    expect_accepted(in(sizes), {{"0b", 0}});
}

TEST(TextUnsignedNumber, UnitsMultiplyAndMatchAnyCase) {
    // Hex digits are digits first: 0x10b is 267, not 16 bytes.
    expect_accepted(in(sizes), {{"16K", 16384},
                                {"16k", 16384},
                                {"16 KiB", 16384},
                                {"16_K", 16384},
                                {"1M", 1u << 20},
                                {"32b", 32},
                                {"0x10K", 16384},
                                {"0K", 0},
                                {"0x10b", 0x10B}});
}

TEST(TextUnsignedNumber, RejectsWhatIsNoNumber) {
    // "0x" alone has no hex digit: it is a zero with an `x` after it.
    expect_rejected(plain(), {{"", "expected a number"},
                              {" \t", "expected a number"},
                              {"_", "expected a number"},
                              {"abc", "expected a number"},
                              {"-5", "expected a number"},
                              {"+5", "expected a number"},
                              {".5", "expected a number"},
                              {"0xg", "expected a number"},
                              {"0x", "unknown unit 'x'"}});
    expect_rejected(in(sizes), {{"K", "expected a number"}});
}

TEST(TextUnsignedNumber, RejectsUnknownUnitsInLowerCase) {
    expect_rejected(plain(), {{"12ab", "unknown unit 'ab'"},
                              {"1 000", "unknown unit '000'"},
                              {"16K", "unknown unit 'k'"}});
    expect_rejected(in(sizes), {{"16Q", "unknown unit 'q'"},
                                {"16_Q_x", "unknown unit 'qx'"},
                                {"1.5M", "unknown unit '.5m'"}});
}

TEST(TextUnsignedNumber, LargestValuesAndOverflowOf64Bits) {
    expect_accepted(plain(),
                    {{"18446744073709551615", UINT64_MAX}, {"0xFFFF_FFFF_FFFF_FFFF", UINT64_MAX}});
    expect_accepted(in(with_binary), {{sixty_four_ones, UINT64_MAX}});
    // 2^64 in each radix, and a unit product above 2^64 - 1: never wrapped.
    expect_rejected(plain(), {{"18446744073709551616", "number too large"},
                              {"0x1_0000_0000_0000_0000", "number too large"},
                              {"99999999999999999999999", "number too large"}});
    expect_rejected(in(with_binary), {{two_to_the_64, "number too large"}});
    expect_accepted(in(sizes), {{"0x3FFFFFFFFFFFFFK", 0x3FFFFFFFFFFFFFull << 10}});
    expect_rejected(in(sizes), {{"0x40000000000000K", "number too large"}});
}

TEST(TextUnsignedNumber, MaximumIsInclusiveAndNamedInHex) {
    expect_accepted(plain(0xFFFF), {{"0xFFFF", 0xFFFF}, {"65535", 0xFFFF}, {"0", 0}});
    expect_rejected(plain(0xFFFF), {{"0x10000", "out of range (maximum 0xFFFF)"},
                                    {"65536", "out of range (maximum 0xFFFF)"}});
    expect_rejected(plain(0xFF), {{"256", "out of range (maximum 0xFF)"}});
    expect_rejected(plain(0), {{"1", "out of range (maximum 0x0)"}});
    expect_accepted(plain(0xFFFFFFFF), {{"0xFFFFFFFF", 0xFFFFFFFF}});
    expect_rejected(plain(0xFFFFFFFF), {{"0x1_0000_0000", "out of range (maximum 0xFFFFFFFF)"}});
    // The maximum applies after the unit.
    expect_accepted(in(sizes, 0x10000), {{"64K", 0x10000}});
    expect_rejected(in(sizes, 0x10000), {{"65K", "out of range (maximum 0x10000)"}});
}
