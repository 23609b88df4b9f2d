// Times as the text formats write them: `100ms`, `2.5us`, `730ns`, `10ps`,
// `1s`, converted to whole picoseconds.
#pragma once

#include <cstdint>
#include <string_view>

namespace sriov::text {

enum class time_unit : uint8_t { ps, ns, us, ms, s };

// Parses `text` (surrounding whitespace ignored): decimal digits with an
// optional fraction (`2.5`, `.5`, `1.`; '_' anywhere in the number, dropped)
// followed directly by a unit in lower case (ps, ns, us, ms, s) or by nothing,
// which means `bare_unit`. Exact decimal arithmetic; a fraction of a
// picosecond rounds half up (0.5ps -> 1). Throws lex_error:
//   "expected a time like 100ms, 2.5us, 730ns, 10ps or 1s"
//   "time too large (maximum 18446744073709551615 ps)"
uint64_t parse_time_ps(std::string_view text, time_unit bare_unit);

} // namespace sriov::text
