#include "sriov/text/boolean.h"

#include "sriov/text/lex_error.h"
#include "sriov/text/words.h"

namespace sriov::text {

bool parse_bool(std::string_view text) {
    const std::string l = to_lower(trim(text));
    if (l == "true" || l == "yes" || l == "on" || l == "1") {
        return true;
    }
    if (l == "false" || l == "no" || l == "off" || l == "0") {
        return false;
    }
    throw lex_error("expected true or false");
}

} // namespace sriov::text
