// trim, split_words, to_lower: whitespace is every isspace character.
#include "sriov/text/words.h"

#include <gtest/gtest.h>

using namespace sriov::text;

TEST(TextWords, TrimDropsEveryIsspaceCharacterAtBothEnds) {
    EXPECT_EQ(trim("  a b  "), "a b");
    EXPECT_EQ(trim("\t\r\n\v\f x \f\v\n\r\t"), "x");
    EXPECT_EQ(trim("x"), "x");
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(trim(" \t\r\n\v\f"), "");
}

TEST(TextWords, SplitWordsOnAnyRunOfWhitespace) {
    EXPECT_EQ(split_words("read  pf\t0x04 \v 2\f"),
              (std::vector<std::string>{"read", "pf", "0x04", "2"}));
    EXPECT_EQ(split_words(" one "), (std::vector<std::string>{"one"}));
    EXPECT_EQ(split_words("a\r\nb"), (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(split_words("").empty());
    EXPECT_TRUE(split_words(" \t\r\n\v\f").empty());
}

TEST(TextWords, ToLowerChangesOnlyLetters) {
    EXPECT_EQ(to_lower("Mem64 PREFETCHABLE 16K_x-0X1F"), "mem64 prefetchable 16k_x-0x1f");
    EXPECT_EQ(to_lower(""), "");
}
