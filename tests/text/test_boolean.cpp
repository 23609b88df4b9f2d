// parse_bool: the four spellings of each value, in any case.
#include "sriov/text/boolean.h"

#include "lex_cases.h"

using namespace sriov::text;
using namespace sriov::text::testing;

TEST(TextBoolean, AcceptsEverySpellingInAnyCase) {
    expect_accepted(parse_bool, {{"true", 1},
                                 {"TRUE", 1},
                                 {"True", 1},
                                 {"yes", 1},
                                 {"YES", 1},
                                 {"on", 1},
                                 {"On", 1},
                                 {"1", 1},
                                 {" true ", 1}});
    expect_accepted(parse_bool, {{"false", 0},
                                 {"FALSE", 0},
                                 {"False", 0},
                                 {"no", 0},
                                 {"NO", 0},
                                 {"off", 0},
                                 {"OFF", 0},
                                 {"0", 0},
                                 {"\tno", 0}});
}

TEST(TextBoolean, RejectsEverythingElse) {
    for (std::string_view t : {"", "maybe", "2", "01", "0x1", "t", "y", "enabled", "tru e"}) {
        expect_rejected(parse_bool, {{t, "expected true or false"}});
    }
}
