// Words of a line. Whitespace is every character std::isspace accepts in the
// "C" locale (blank, \t, \n, \v, \f, \r).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sriov::text {

// `text` without whitespace at either end.
std::string trim(std::string_view text);

// The whitespace-separated words of `line`, in order; none for a blank line.
std::vector<std::string> split_words(std::string_view line);

// `text` with ASCII letters in lower case (keys and keywords compare case-insensitively).
std::string to_lower(std::string_view text);

} // namespace sriov::text
