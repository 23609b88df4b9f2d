// Parsing scenario text in unit tests, as a file named `source`: the
// scenario, or the parse error's message.
#pragma once

#include "sriov/scenario/scenario.h"

#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace sriov::scenario::test {

struct bad_line {
    std::string text;
    std::string message;
};

struct text_parser {
    std::string source;

    scenario parse_text(const std::string& text) const {
        std::istringstream in(text);
        return parse(in, source);
    }

    // The parse error's message, or "(parsed)".
    std::string error_of(const std::string& text) const {
        try {
            parse_text(text);
        } catch (const parse_error& e) {
            return e.what();
        }
        return "(parsed)";
    }

    // Each text fails to parse with exactly its message.
    void expect_errors(const std::vector<bad_line>& cases) const {
        for (const bad_line& c : cases) {
            EXPECT_EQ(error_of(c.text), c.message) << c.text;
        }
    }
};

} // namespace sriov::scenario::test
