#include "sriov/text/time_literal.h"

#include "sriov/text/lex_error.h"
#include "sriov/text/words.h"

#include <algorithm>
#include <limits>
#include <string>

namespace sriov::text {

namespace {

constexpr const char* syntax_message = "expected a time like 100ms, 2.5us, 730ns, 10ps or 1s";
constexpr const char* too_large_message = "time too large (maximum 18446744073709551615 ps)";

// Each unit's spelling and its decimal places to picoseconds: 1 us = 10^6 ps.
struct unit_spelling {
    std::string_view name;
    time_unit unit;
    unsigned ps_exponent;
};
constexpr unit_spelling units[] = {{"ps", time_unit::ps, 0},
                                   {"ns", time_unit::ns, 3},
                                   {"us", time_unit::us, 6},
                                   {"ms", time_unit::ms, 9},
                                   {"s", time_unit::s, 12}};

// Decimal places to picoseconds of the unit written after the number.
unsigned ps_exponent(std::string_view written, time_unit bare_unit) {
    for (const unit_spelling& u : units) {
        if (written.empty() ? u.unit == bare_unit : written == u.name) {
            return u.ps_exponent;
        }
    }
    throw lex_error(syntax_message);
}

// Decimal digits appended one by one; throws instead of wrapping.
class decimal_accumulator {
public:
    void push(unsigned digit) {
        if (value_ > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
            throw lex_error(too_large_message);
        }
        value_ = value_ * 10 + digit;
    }
    void round_up() {
        if (value_ == std::numeric_limits<uint64_t>::max()) {
            throw lex_error(too_large_message);
        }
        ++value_;
    }
    uint64_t value() const { return value_; }

private:
    uint64_t value_ = 0;
};

} // namespace

uint64_t parse_time_ps(std::string_view text, time_unit bare_unit) {
    const std::string t = trim(text);
    const size_t unit_at = std::min(t.find_first_not_of("0123456789._"), t.size());
    std::string number;
    for (char c : t.substr(0, unit_at)) {
        if (c != '_') {
            number += c;
        }
    }
    const unsigned exponent = ps_exponent(std::string_view(t).substr(unit_at), bare_unit);
    const size_t point = std::min(number.find('.'), number.size());
    const std::string whole = number.substr(0, point);
    const std::string fraction = point < number.size() ? number.substr(point + 1) : "";
    if ((whole.empty() && fraction.empty()) || fraction.find('.') != std::string::npos) {
        throw lex_error(syntax_message);
    }
    // The value in ps is the digits with the point moved `exponent` places right.
    decimal_accumulator ps;
    for (char c : whole) {
        ps.push(static_cast<unsigned>(c - '0'));
    }
    for (size_t i = 0; i < exponent; ++i) {
        ps.push(i < fraction.size() ? static_cast<unsigned>(fraction[i] - '0') : 0);
    }
    if (fraction.size() > exponent && fraction[exponent] >= '5') {
        ps.round_up();
    }
    return ps.value();
}

} // namespace sriov::text
