// text::like_match: the LIKE SQLite (toasty_like) and DynamoDB's in-memory filters run.
#include <gtest/gtest.h>

#include <string>

#include "core/text.hpp"

using toasty::text::like_match;

TEST(Like, WildcardsMatchRunsAndCharacters) {
  EXPECT_TRUE(like_match("printer jam", "%jam", '!'));
  EXPECT_TRUE(like_match("printer jam", "printer%", '!'));
  EXPECT_TRUE(like_match("printer jam", "%nte%", '!'));
  EXPECT_TRUE(like_match("", "%", '!'));
  EXPECT_TRUE(like_match("", "", '!'));
  EXPECT_FALSE(like_match("a", "", '!'));
  EXPECT_FALSE(like_match("", "_", '!'));
  EXPECT_TRUE(like_match("abc", "a_c", '!'));
  EXPECT_FALSE(like_match("abc", "a_", '!'));
  EXPECT_FALSE(like_match("Printer", "printer", '!'));  // case-sensitive
  EXPECT_TRUE(like_match("aXbXc", "%X%X%", '!'));
  EXPECT_FALSE(like_match("aXbXc", "%X%X%X%", '!'));
}

TEST(Like, UnderscoreIsOneCharacterNotOneByte) {
  EXPECT_TRUE(like_match("café", "caf_", '!'));
  EXPECT_FALSE(like_match("café", "caf__", '!'));
  EXPECT_TRUE(like_match("😀x", "_x", '!'));
  EXPECT_TRUE(like_match("naïve", "na%ve", '!'));
}

TEST(Like, TheEscapeMakesTheNextCharacterLiteral) {
  EXPECT_TRUE(like_match("100%", "100!%", '!'));
  EXPECT_FALSE(like_match("1000", "100!%", '!'));
  EXPECT_TRUE(like_match("a_b", "a!_b", '!'));
  EXPECT_FALSE(like_match("axb", "a!_b", '!'));
  EXPECT_TRUE(like_match("wow!", "%!!", '!'));
  EXPECT_TRUE(like_match("é", "!é", '!'));
}

TEST(Like, BacktrackingStaysLinearInPractice) {
  const std::string text(20000, 'a');
  EXPECT_FALSE(like_match(text, "%a%a%a%a%a%a%a%a%b", '!'));
  EXPECT_TRUE(like_match(text + "b", "%a%a%a%a%a%a%a%a%b", '!'));
}
