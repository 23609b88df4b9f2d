// Unsigned integers as the text formats write them: decimal, 0x hex (0b binary
// where the format allows it), '_' as a separator, an optional unit suffix.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

namespace sriov::text {

// A unit a number may carry: `16K` is 16 * factor("k"). Names are lower case
// and match case-insensitively.
struct unit_suffix {
    std::string_view name;
    uint64_t factor;
};

// What a format accepts besides decimal and 0x hex digits.
struct number_syntax {
    bool binary_prefix = false;     // 0b101
    std::vector<unit_suffix> units; // none: a suffix is an error
};

// Parses `text` (surrounding whitespace ignored): an optional 0x / 0X (or
// 0b / 0B) prefix, digits of that base, '_' anywhere (dropped), then an
// optional unit from `syntax.units`, blanks allowed before it. The value is
// the number times the unit's factor. Throws lex_error with one of:
//   "expected a number"              no digit where the number starts
//   "unknown unit 'q'"               whatever follows the digits is no unit
//   "number too large"               above 2^64 - 1 (digits or unit product)
//   "out of range (maximum 0xFFFF)"  above `max`
// It never wraps: a value is either exact and <= max, or an error.
uint64_t parse_unsigned(std::string_view text, const number_syntax& syntax = {},
                        uint64_t max = std::numeric_limits<uint64_t>::max());

} // namespace sriov::text
