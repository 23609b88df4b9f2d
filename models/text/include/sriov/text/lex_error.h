// The one error type of the lexer (sriov::text). what() says what was wrong
// with a token ("expected a number", "out of range (maximum 0xFFFF)"), not
// which token or where: the format's parser adds file:line, the field and the
// value in its own words.
#pragma once

#include <stdexcept>

namespace sriov::text {

class lex_error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

} // namespace sriov::text
