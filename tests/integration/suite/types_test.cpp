// Every scalar type round-trips, at its limits, on every backend.
#include <algorithm>
#include <cmath>
#include <limits>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"

using app::Sample;
using app::User;
using toasty_test::BackendTest;

namespace {

class Types : public toasty_test::AppDbTest {
 protected:
  Sample::Create base() {
    return Sample::create().flag(false).tiny(0).small(0).medium(0).big(0).utiny(0).usmall(0)
        .umedium(0).ubig(0).weight(0).ratio(0).text("").blob({});
  }
};

TEST_F(Types, LimitsRoundTrip) {
  TOASTY_REQUIRE_CAPABILITY(*db_, auto_increment);  // #[auto] keys
  using L8 = std::numeric_limits<std::int8_t>;
  using L16 = std::numeric_limits<std::int16_t>;
  using L32 = std::numeric_limits<std::int32_t>;
  using L64 = std::numeric_limits<std::int64_t>;
  const toasty::Bytes blob = {0, 1, 2, 0xfe, 0xff, 0};
  auto lo = base().flag(true).tiny(L8::min()).small(L16::min()).medium(L32::min()).big(L64::min())
                .utiny(255).usmall(65535).umedium(4294967295u)
                .ubig(static_cast<std::uint64_t>(L64::max())).weight(1.5f).ratio(-2.25e300)
                .text("naïve ☕ 🍕 \t\n").blob(blob).maybe(42).exec(*db_);
  Sample r = Sample::get_by_id(*db_, lo.id);
  EXPECT_TRUE(r.flag);
  EXPECT_EQ(r.tiny, L8::min());
  EXPECT_EQ(r.small, L16::min());
  EXPECT_EQ(r.medium, L32::min());
  EXPECT_EQ(r.big, L64::min());
  EXPECT_EQ(r.utiny, 255);
  EXPECT_EQ(r.usmall, 65535);
  EXPECT_EQ(r.umedium, 4294967295u);
  EXPECT_EQ(r.ubig, static_cast<std::uint64_t>(L64::max()));
  EXPECT_FLOAT_EQ(r.weight, 1.5f);
  EXPECT_DOUBLE_EQ(r.ratio, -2.25e300);
  EXPECT_EQ(r.text, "naïve ☕ 🍕 \t\n");
  EXPECT_EQ(r.blob, blob);
  EXPECT_EQ(r.maybe, std::optional<std::int32_t>(42));

  auto hi = base().tiny(L8::max()).small(L16::max()).medium(L32::max()).big(L64::max()).exec(*db_);
  Sample h = Sample::get_by_id(*db_, hi.id);
  EXPECT_FALSE(h.flag);
  EXPECT_EQ(h.tiny, L8::max());
  EXPECT_EQ(h.big, L64::max());
  EXPECT_EQ(h.maybe, std::nullopt);
  EXPECT_TRUE(h.blob.empty());
}

TEST_F(Types, FiltersOnEveryType) {
  TOASTY_REQUIRE_CAPABILITY(*db_, auto_increment);  // #[auto] keys
  TOASTY_REQUIRE_CAPABILITY(*db_, sql());  // filters on unindexed fields
  base().flag(true).big(-5).ubig(7).ratio(0.5).text("a").exec(*db_);
  base().flag(false).big(5).ubig(9).ratio(1.5).text("b").exec(*db_);
  auto F = Sample::fields();
  EXPECT_EQ(Sample::filter(F.flag().eq(true)).exec(*db_).size(), 1u);
  EXPECT_EQ(Sample::filter(F.big().lt(0)).exec(*db_).size(), 1u);
  EXPECT_EQ(Sample::filter(F.ubig().ge(8u)).exec(*db_).size(), 1u);
  EXPECT_EQ(Sample::filter(F.ratio().gt(1.0)).exec(*db_).size(), 1u);
  EXPECT_EQ(Sample::filter(F.maybe().is_none()).exec(*db_).size(), 2u);
}

TEST_F(Types, U64AboveI64MaxIsStoredOrRefusedNeverWrapped) {
  TOASTY_REQUIRE_CAPABILITY(*db_, auto_increment);  // #[auto] keys
  const std::uint64_t big = std::numeric_limits<std::uint64_t>::max();
  if (db_->driver().capability().full_u64) {
    auto s = base().ubig(big).exec(*db_);
    EXPECT_EQ(Sample::get_by_id(*db_, s.id).ubig, big);
  } else {
    EXPECT_THROW(base().ubig(big).exec(*db_), toasty::TypeConversion);
    EXPECT_TRUE(Sample::all().exec(*db_).empty());
  }
}

}  // namespace

namespace {

// create_many with auto-increment keys: every row gets its key from RETURNING, in order;
// mixing given and generated keys in one call is refused.
TEST_F(Types, CreateManyReturnsAutoIncrementKeysInOrder) {
  TOASTY_REQUIRE_CAPABILITY(*db_, auto_increment);  // #[auto] keys
  auto batch = Sample::create_many();
  for (int i = 0; i < 5; ++i) batch.item(base().medium(i).text("row " + std::to_string(i)));
  auto rows = batch.exec(*db_);
  ASSERT_EQ(rows.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(rows[static_cast<std::size_t>(i)].medium, i);
    EXPECT_EQ(Sample::get_by_id(*db_, rows[static_cast<std::size_t>(i)].id).text, "row " + std::to_string(i));
  }
  for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_GT(rows[i].id, rows[i - 1].id);
  try {
    Sample::create_many().item(base().id(1000)).item(base()).exec(*db_);
    FAIL() << "expected InvalidStatement";
  } catch (const toasty::InvalidStatement& e) {
    EXPECT_NE(std::string(e.what()).find("`id` on every item or on none"), std::string::npos) << e.what();
  }
}

TEST_F(Types, StringsAreEqualOnlyByteForByteOnEveryBackend) {
  // Trailing spaces, case and accents all count: MariaDB's tables use a NO PAD binary
  // collation, as PostgreSQL, SQLite and DynamoDB compare.
  const char* emails[] = {"a@x.io", "a@x.io ", "A@x.io", "\xc3\xa9@x.io" /* é */, "e@x.io"};
  for (const char* e : emails) User::create().name(std::string("n:") + e).email(e).country("NZ").exec(*db_);
  for (const char* e : emails) EXPECT_EQ(User::get_by_email(*db_, e).name, std::string("n:") + e) << e;
  EXPECT_THROW(User::get_by_email(*db_, "a@x.io  "), toasty::NotFound);
  EXPECT_THROW(User::create().name("dup").email("a@x.io ").country("NZ").exec(*db_), toasty::UniqueViolation);
  auto names = [&](const toasty::Filter& f) {
    std::vector<std::string> out;
    for (const auto& u : User::filter(f).allow_full_scan().exec(*db_)) out.push_back(u.name);
    std::sort(out.begin(), out.end());
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names(User::fields().name().eq("n:a@x.io ")), V({"n:a@x.io "}));
  EXPECT_EQ(names(User::fields().name().eq("n:a@x.io")), V({"n:a@x.io"}));
  if (db_->driver().capability().sql()) {  // starts_with on an unindexed field: SQL databases
    EXPECT_EQ(names(User::fields().email().starts_with("a@x.io ")), V({"n:a@x.io "}));
    EXPECT_EQ(names(User::fields().email().starts_with("A")), V({"n:A@x.io"}));
  }
}

TEST_F(Types, StringsWithNulOrInvalidUtf8AreRefusedBeforeTheRoundTrip) {
  // One rule on every backend: a String is UTF-8 text without NUL characters (PostgreSQL
  // and DynamoDB could not store anything else, SQLite would, MySQL would mangle it).
  const std::string bad[] = {std::string("a\0b", 3), "\xff", "caf\xc3", "\xc0\xaf" /* overlong */,
                             "\xed\xa0\x80" /* surrogate */};
  for (const auto& s : bad) {
    try {
      User::create().name(s).email("x@x.io").country("NZ").exec(*db_);
      ADD_FAILURE() << "no error for a String of " << s.size() << " bytes";
    } catch (const toasty::TypeConversion& e) {
      EXPECT_NE(std::string(e.what()).find("UTF-8 text without NUL"), std::string::npos) << e.what();
    }
    EXPECT_THROW(User::filter(User::fields().name().eq(s)).allow_full_scan().exec(*db_), toasty::TypeConversion);
  }
  EXPECT_TRUE(User::all().allow_full_scan().exec(*db_).empty());  // nothing was written
  // Bytes hold anything; text holds every code point.
  auto ok = User::create().name("\xf0\x9f\x8d\x95 \xe2\x98\x95 \x7f").email("x@x.io").country("NZ").exec(*db_);
  EXPECT_EQ(User::get_by_id(*db_, ok.id).name, "\xf0\x9f\x8d\x95 \xe2\x98\x95 \x7f");
}

TEST_F(Types, DatabaseErrorsKeepTheDatabasesCode) {
  User::create().name("a").email("same@x.io").country("NZ").exec(*db_);
  try {
    User::create().name("b").email("same@x.io").country("NZ").exec(*db_);
    FAIL() << "no error";
  } catch (const toasty::UniqueViolation& e) {
    EXPECT_FALSE(e.retryable());
    const std::string backend = toasty_test::backend_name();
    if (backend == "postgresql") {
      EXPECT_EQ(e.code(), "23505");
      EXPECT_EQ(e.sqlstate(), "23505");
    } else if (backend == "mysql") {
      EXPECT_EQ(e.code(), "1062");  // ER_DUP_ENTRY
      EXPECT_EQ(e.sqlstate(), "23000");
    } else if (backend == "sqlite") {
      EXPECT_EQ(e.code(), "SQLITE_CONSTRAINT");
      EXPECT_EQ(e.sqlstate(), "");
    }
  }
  // Errors toasty raises itself carry no database code.
  try {
    User::create().name("\xff").email("x@x.io").country("NZ").exec(*db_);
    FAIL() << "no error";
  } catch (const toasty::TypeConversion& e) {
    EXPECT_EQ(e.code(), "");
    EXPECT_FALSE(e.retryable());
  }
  // A connection error before anything was sent may be retried; one after, not blindly.
  EXPECT_TRUE(toasty::ConnectionError("lost", false).retryable());
  EXPECT_FALSE(toasty::ConnectionError("lost", true).retryable());
}

}  // namespace
