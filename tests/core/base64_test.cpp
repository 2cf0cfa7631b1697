// base64 in both RFC 4648 forms: standard with padding (DynamoDB's binary values) and
// URL-safe without (pagination cursors); one encoding per byte string, garbage refused.
#include <gtest/gtest.h>

#include <string>

#include "core/text.hpp"

using toasty::text::base64_decode;
using toasty::text::base64_encode;

TEST(Base64, UrlSafeAlphabetWithoutPadding) {
  EXPECT_EQ(base64_encode("foob", true), "Zm9vYg");
  EXPECT_EQ(base64_encode("fooba", true), "Zm9vYmE");
  EXPECT_EQ(base64_encode(std::string("\xfb\xff", 2), true), "-_8");
  EXPECT_EQ(base64_encode(std::string("\xfb\xff", 2)), "+/8=");
  EXPECT_EQ(base64_decode("-_8", true), std::string("\xfb\xff", 2));
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= all.size(); n += 17) {
    std::string part = all.substr(0, n);
    EXPECT_EQ(base64_decode(base64_encode(part, true), true), part);
    EXPECT_EQ(base64_decode(base64_encode(part)), part);
  }
}

TEST(Base64, RefusesGarbageAndSaysWhere) {
  std::size_t at = 99;
  EXPECT_FALSE(base64_decode("Zm9v+A", true, &at));  // '+' is not URL-safe
  EXPECT_EQ(at, 4u);
  EXPECT_FALSE(base64_decode("Zm9vY", true, &at));  // 5 characters hold no whole byte
  EXPECT_EQ(at, 5u);
  EXPECT_FALSE(base64_decode("Zm9vYg==", true));  // no padding in the URL-safe form
  EXPECT_FALSE(base64_decode("Zh", true));  // leftover bits must be zero: one encoding each
  EXPECT_TRUE(base64_decode("Zg", true));
  EXPECT_FALSE(base64_decode("Zm9vYg=", false, &at));
  EXPECT_EQ(at, 7u);
}
