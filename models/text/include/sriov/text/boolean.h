// Booleans as the text formats write them.
#pragma once

#include <string_view>

namespace sriov::text {

// true/false, yes/no, on/off, 1/0, in any letter case. Throws lex_error
// "expected true or false" for anything else.
bool parse_bool(std::string_view text);

} // namespace sriov::text
