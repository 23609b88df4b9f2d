// Table-driven checks for the lexer tests: each accepted text with its value,
// each rejected text with the exact lex_error message.
#pragma once

#include "sriov/text/lex_error.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <initializer_list>
#include <string_view>

namespace sriov::text::testing {

struct accepted {
    std::string_view text;
    uint64_t value;
};

struct rejected {
    std::string_view text;
    std::string_view message;
};

template <typename Parse>
void expect_accepted(Parse parse, std::initializer_list<accepted> cases) {
    for (const accepted& c : cases) {
        try {
            EXPECT_EQ(static_cast<uint64_t>(parse(c.text)), c.value) << "'" << c.text << "'";
        } catch (const lex_error& e) {
            ADD_FAILURE() << "'" << c.text << "' rejected: " << e.what();
        }
    }
}

template <typename Parse>
void expect_rejected(Parse parse, std::initializer_list<rejected> cases) {
    for (const rejected& c : cases) {
        try {
            (void)parse(c.text);
            ADD_FAILURE() << "'" << c.text << "' accepted";
        } catch (const lex_error& e) {
            EXPECT_EQ(std::string_view(e.what()), c.message) << "'" << c.text << "'";
        }
    }
}

} // namespace sriov::text::testing
