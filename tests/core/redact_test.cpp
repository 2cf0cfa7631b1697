// Secrets out of messages (driver/common/redact.hpp) and the ASCII text helpers under it.
#include <gtest/gtest.h>

#include "core/text.hpp"
#include "driver/common/redact.hpp"
#include "toasty/error.hpp"

using toasty::driver_common::redact_secret;
using toasty::driver_common::redact_url;

TEST(RedactUrl, HidesThePasswordOfTheUserInfo) {
  EXPECT_EQ(redact_url("postgresql://u:pw@h:5/d"), "postgresql://u:***@h:5/d");
  EXPECT_EQ(redact_url("postgresql://u@h/d"), "postgresql://u@h/d");
  EXPECT_EQ(redact_url("mysql://u:p@ss@h/d"), "mysql://u:***@h/d");
  EXPECT_EQ(redact_url("sqlite::memory:"), "sqlite::memory:");
}

TEST(RedactUrl, APasswordWithAnUnencodedSlashIsStillHidden) {
  // Found by a probe: "hunt/er2" was shown as the port of host "u".
  EXPECT_EQ(redact_url("postgresql://u:hunt/er2@h/db"), "postgresql://u:***@h/db");
  EXPECT_EQ(redact_url("mysql://u:pa/ss@h/db"), "mysql://u:***@h/db");
  std::string shown = redact_url("postgresql://u:hunt%zz@h/db?x=1");
  EXPECT_EQ(shown.find("hunt"), std::string::npos) << shown;
}

TEST(RedactUrl, HidesSecretQueryParametersByTheirDecodedName) {
  EXPECT_EQ(redact_url("postgresql://h:5/d?password=x&sslmode=require"), "postgresql://h:5/d?password=***&sslmode=require");
  // libpq decodes %70assword to password: so do we.
  EXPECT_EQ(redact_url("postgresql://u@h:1/db?%70assword=hunter2"), "postgresql://u@h:1/db?%70assword=***");
  EXPECT_EQ(redact_url("postgresql://h/d?sslmode=require&PASSWORD=a&sslpassword=b#frag"),
            "postgresql://h/d?sslmode=require&PASSWORD=***&sslpassword=***#frag");
  EXPECT_EQ(redact_url("dynamodb://us-east-1?aws_secret_access_key=abc&session_token=t"),
            "dynamodb://us-east-1?aws_secret_access_key=***&session_token=***");
  EXPECT_EQ(redact_url("postgresql://h/d?application_name=app"), "postgresql://h/d?application_name=app");
}

TEST(RedactSecret, ReplacesEveryOccurrenceButNotShortOrUserEqualSecrets) {
  EXPECT_EQ(redact_secret("bad password hunter2 for hunter2", "hunter2", "ann"), "bad password *** for ***");
  EXPECT_EQ(redact_secret("user ann", "ann", "ann"), "user ann");
  EXPECT_EQ(redact_secret("x ab y", "ab"), "x ab y");
}

TEST(Text, CaseFoldingAndPercentDecodingAreAsciiAndStrict) {
  namespace text = toasty::text;
  EXPECT_EQ(text::ascii_lower("PostgreSQL://"), "postgresql://");
  EXPECT_TRUE(text::starts_with_ci("MySQL://u@h", "mysql://"));
  EXPECT_FALSE(text::starts_with_ci("my", "mysql://"));
  EXPECT_TRUE(text::equals_ci("Content-Type", "content-type"));
  EXPECT_EQ(text::hex_digit('F'), 15);
  EXPECT_EQ(text::hex_digit('g'), -1);
  EXPECT_EQ(text::percent_decode("a%20b%2F"), std::optional<std::string>("a b/"));
  EXPECT_EQ(text::percent_decode("%41"), std::optional<std::string>("A"));
  EXPECT_EQ(text::percent_decode("bad%zz"), std::nullopt);
  EXPECT_EQ(text::percent_decode("trailing%4"), std::nullopt);
  EXPECT_EQ(text::percent_decode("%"), std::nullopt);
}

TEST(Text, InvalidTextIsFoundAtItsFirstBadByte) {
  using toasty::text::invalid_text_at;
  EXPECT_EQ(invalid_text_at(""), std::nullopt);
  EXPECT_EQ(invalid_text_at("plain \x7f"), std::nullopt);
  EXPECT_EQ(invalid_text_at("na\xc3\xafve \xe2\x98\x95 \xf0\x9f\x8d\x95 \xf4\x8f\xbf\xbf"), std::nullopt);  // up to U+10FFFF
  EXPECT_EQ(invalid_text_at(std::string("ab\0c", 4)), std::optional<std::size_t>(2));
  EXPECT_EQ(invalid_text_at("a\xff"), std::optional<std::size_t>(1));
  EXPECT_EQ(invalid_text_at("\xc0\xaf"), std::optional<std::size_t>(0));          // overlong '/'
  EXPECT_EQ(invalid_text_at("\xe0\x80\xaf"), std::optional<std::size_t>(0));      // overlong
  EXPECT_EQ(invalid_text_at("x\xed\xa0\x80"), std::optional<std::size_t>(1));     // surrogate U+D800
  EXPECT_EQ(invalid_text_at("\xf4\x90\x80\x80"), std::optional<std::size_t>(0));  // beyond U+10FFFF
  EXPECT_EQ(invalid_text_at("caf\xc3"), std::optional<std::size_t>(3));           // cut short
  EXPECT_EQ(invalid_text_at("\xe2\x98x"), std::optional<std::size_t>(0));         // bad continuation
  // Past the eight-bytes-at-a-time ASCII path.
  EXPECT_EQ(invalid_text_at(std::string("abcdefghij\0", 11)), std::optional<std::size_t>(10));
  EXPECT_EQ(invalid_text_at(std::string("abcdefgh\0abcdefgh", 17)), std::optional<std::size_t>(8));
  EXPECT_EQ(invalid_text_at("abcdefghijklmnop\xff"), std::optional<std::size_t>(16));
  EXPECT_EQ(invalid_text_at("abcdefg\xc3\xa9" "abcdefghijklmno"), std::nullopt);
  EXPECT_EQ(invalid_text_at("abcdefg\x80" "abcdefghijklmno"), std::optional<std::size_t>(7));
  EXPECT_THROW(toasty::text::require_text("\xff"), toasty::TypeConversion);
}
