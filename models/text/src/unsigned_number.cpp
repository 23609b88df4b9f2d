#include "sriov/text/unsigned_number.h"

#include "sriov/text/lex_error.h"
#include "sriov/text/words.h"

#include <fmt/format.h>

namespace sriov::text {

namespace {

constexpr uint64_t max_u64 = std::numeric_limits<uint64_t>::max();

// The value of a lower-case digit, or -1.
int digit_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

// The text as the grammar reads it: trimmed, lower case, every '_' dropped.
std::string normalized(std::string_view text) {
    std::string out;
    for (char c : to_lower(trim(text))) {
        if (c != '_') {
            out += c;
        }
    }
    return out;
}

// The radix the prefix at the start of `t` announces; `pos` is set past it.
unsigned radix(const std::string& t, bool binary_prefix, size_t& pos) {
    pos = 0;
    if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || (binary_prefix && t[1] == 'b'))) {
        pos = 2;
        return t[1] == 'x' ? 16 : 2;
    }
    return 10;
}

uint64_t unit_factor(const std::string& suffix, const std::vector<unit_suffix>& units) {
    for (const unit_suffix& u : units) {
        if (suffix == u.name) {
            return u.factor;
        }
    }
    throw lex_error("unknown unit '" + suffix + "'");
}

} // namespace

uint64_t parse_unsigned(std::string_view text, const number_syntax& syntax, uint64_t max) {
    const std::string t = normalized(text);
    size_t pos = 0;
    const unsigned base = radix(t, syntax.binary_prefix, pos);
    const size_t first_digit = pos;
    uint64_t value = 0;
    for (; pos < t.size(); ++pos) {
        const int d = digit_value(t[pos]);
        if (d < 0 || static_cast<unsigned>(d) >= base) {
            break;
        }
        if (value > (max_u64 - static_cast<unsigned>(d)) / base) {
            throw lex_error("number too large");
        }
        value = value * base + static_cast<unsigned>(d);
    }
    if (pos == first_digit) {
        throw lex_error("expected a number");
    }
    if (const std::string suffix = trim(std::string_view(t).substr(pos)); !suffix.empty()) {
        const uint64_t factor = unit_factor(suffix, syntax.units);
        if (value != 0 && factor > max_u64 / value) {
            throw lex_error("number too large");
        }
        value *= factor;
    }
    if (value > max) {
        throw lex_error(fmt::format("out of range (maximum 0x{:X})", max));
    }
    return value;
}

} // namespace sriov::text
