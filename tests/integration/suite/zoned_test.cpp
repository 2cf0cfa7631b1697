// ZonedDateTime on every backend: an instant and the offset it was given at, kept exactly;
// filters and ordering by instant in the database (whatever the offsets); the two columns
// read back with each database's own client.
#include <string>
#include <vector>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"
#ifdef TOASTY_HAVE_DYNAMODB
#include "driver/dynamodb/client/dynamodb_client.hpp"
#endif

using app::Meeting;
using toasty::ZonedDateTime;
using namespace std::chrono_literals;

namespace {

using Zoned = toasty_test::AppDbTest;

ZonedDateTime at(const char* text) { return ZonedDateTime::parse(text); }

std::vector<std::string> starts_of(const std::vector<Meeting>& ms) {
  std::vector<std::string> out;
  for (const Meeting& m : ms) out.push_back(m.starts.to_string());
  return out;
}

TEST(ZonedDateTimeValue, TextLocalTimeAndOffsets) {
  const ZonedDateTime z = at("2024-02-29T09:30:00+05:30");
  EXPECT_EQ(z.offset, 330min);
  EXPECT_EQ(z.instant, toasty::Timestamp(std::chrono::sys_days{std::chrono::year{2024} / 2 / 29} + 4h));
  EXPECT_EQ(z.to_string(), "2024-02-29T09:30:00.000000+05:30");
  EXPECT_EQ(toasty::format_datetime(z.local()), "2024-02-29T09:30:00.000000");
  EXPECT_EQ(at("2024-02-29T04:00:00Z").to_string(), "2024-02-29T04:00:00.000000+00:00");
  EXPECT_EQ(at("2024-12-31T23:00:00.5-08:00").to_string(), "2024-12-31T23:00:00.500000-08:00");
  EXPECT_EQ(ZonedDateTime::from_local(z.local(), 330min), z);
  // The same instant at another offset is another value, with the same instant.
  EXPECT_NE(at("2024-02-29T04:00:00Z"), z);
  EXPECT_EQ(at("2024-02-29T04:00:00Z").instant, z.instant);
  EXPECT_FALSE(ZonedDateTime::try_parse("2024-02-29T09:30:00+24:00"));
  EXPECT_FALSE(ZonedDateTime::try_parse("2024-02-30T09:30:00Z"));
  EXPECT_FALSE(ZonedDateTime::try_parse("0000-12-31T23:00:00Z"));
  EXPECT_THROW(ZonedDateTime::parse("tomorrow"), toasty::TypeConversion);
  EXPECT_THROW(ZonedDateTime(z.instant, 24h), toasty::TypeConversion);
}

TEST_F(Zoned, KeepsTheInstantAndTheOffset) {
  Meeting a = Meeting::create().room("r").starts(at("2024-02-29T09:30:00.123456+05:30")).exec(db());
  Meeting b = Meeting::create().room("r").starts(at("1970-01-01T00:00:00Z")).ends(at("9999-12-31T15:59:59.999999-08:00"))
                  .exec(db());
  Meeting ra = Meeting::get_by_id(db(), a.id);
  EXPECT_EQ(ra.starts, at("2024-02-29T09:30:00.123456+05:30"));
  EXPECT_EQ(ra.starts.offset, 330min);
  EXPECT_EQ(ra.ends, std::nullopt);
  Meeting rb = Meeting::get_by_id(db(), b.id);
  EXPECT_EQ(rb.starts.to_string(), "1970-01-01T00:00:00.000000+00:00");
  ASSERT_TRUE(rb.ends.has_value());
  EXPECT_EQ(rb.ends->to_string(), "9999-12-31T15:59:59.999999-08:00");
  // Replaced whole, in the row and the object.
  ra.update().starts(at("2024-03-01T08:00:00-03:00")).ends(at("2024-03-01T09:00:00-03:00")).exec(db());
  EXPECT_EQ(Meeting::get_by_id(db(), a.id).starts, at("2024-03-01T08:00:00-03:00"));
  EXPECT_EQ(Meeting::get_by_id(db(), a.id).ends, std::optional<ZonedDateTime>(at("2024-03-01T09:00:00-03:00")));
}

// Ranges and ordering compare instants: 09:00 in Kolkata (03:30Z) comes before 08:00 in
// London (08:00Z), although its wall-clock text is later.
TEST_F(Zoned, FiltersAndOrderingRunByInstant) {
  Meeting::create().room("r").starts(at("2024-02-29T09:00:00+05:30")).exec(db());  // 03:30Z
  Meeting::create().room("r").starts(at("2024-02-29T08:00:00+00:00")).exec(db());  // 08:00Z
  Meeting::create().room("r").starts(at("2024-02-28T23:00:00-08:00")).exec(db());  // 07:00Z (29th)
  Meeting::create().room("r").starts(at("2024-02-29T07:00:00Z")).exec(db());       // 07:00Z, another offset
  Meeting::create().room("other").starts(at("2024-02-29T05:00:00Z")).exec(db());
  auto f = Meeting::fields();
  using V = std::vector<std::string>;
  EXPECT_EQ(starts_of(Meeting::filter_by_room("r").order_by(f.starts().asc()).exec(db())).front(),
            "2024-02-29T09:00:00.000000+05:30");
  EXPECT_EQ(starts_of(Meeting::filter_by_room("r").order_by(f.starts().desc()).exec(db())).front(),
            "2024-02-29T08:00:00.000000+00:00");
  EXPECT_EQ(starts_of(Meeting::filter_by_room("r").filter(f.starts().lt(at("2024-02-29T06:00:00+00:00"))).exec(db())),
            (V{"2024-02-29T09:00:00.000000+05:30"}));
  auto seven = Meeting::filter_by_room("r").filter(f.starts().between(at("2024-02-29T07:00:00Z"),
                                                                      at("2024-02-29T12:00:00+05:00")));
  EXPECT_EQ(seven.exec(db()).size(), 2u);  // both at 07:00Z, bounds included
  // eq: the same instant at the same offset; instant().eq: the same instant.
  EXPECT_EQ(starts_of(Meeting::filter_by_room("r").filter(f.starts().eq(at("2024-02-29T07:00:00Z"))).exec(db())),
            (V{"2024-02-29T07:00:00.000000+00:00"}));
  EXPECT_EQ(Meeting::filter_by_room("r").filter(f.starts().instant().eq(at("2024-02-29T07:00:00Z").instant))
                .exec(db()).size(),
            2u);
  EXPECT_EQ(Meeting::filter_by_room("r").filter(f.starts().ne(at("2024-02-29T07:00:00Z"))).exec(db()).size(), 3u);
  EXPECT_EQ(Meeting::filter_by_room("r").filter(f.starts().offset_minutes().lt(0)).exec(db()).size(), 1u);
  EXPECT_EQ(Meeting::filter_by_room("r").filter(f.ends().is_none()).exec(db()).size(), 4u);
}

// `starts` holds the instant as a Timestamp column does; `starts_offset` the minutes.
// An offset no clock has, written behind the ORM's back, reads back as a TypeConversion.
TEST_F(Zoned, TheDatabaseHoldsTheInstantAndTheOffset) {
  toasty_test::ClientVisibleDb visible(app::models());
  Meeting m = Meeting::create().room("native").starts(at("2024-02-29T09:30:00+05:30")).exec(*visible.db);
  const std::string backend = toasty_test::backend_name();
  if (backend == "dynamodb") {
#ifdef TOASTY_HAVE_DYNAMODB
    namespace ddb = toasty::dynamodb;
    ddb::Client client(ddb::Config::from_url(url_));
    const ddb::Json key = {{"id", ddb::av::string(m.id.to_string())}};
    auto item = client.get_item({{"TableName", "meetings"}, {"Key", key}});
    ASSERT_TRUE(item.has_value());
    EXPECT_EQ((*item)["starts"], ddb::av::string("2024-02-29T04:00:00.000000Z"));
    EXPECT_EQ((*item)["starts_offset"], ddb::av::number(330));
    client.update_item({{"TableName", "meetings"},
                        {"Key", key},
                        {"UpdateExpression", "SET starts_offset = :v"},
                        {"ExpressionAttributeValues", {{":v", ddb::av::number(5000)}}}});
#else
    GTEST_SKIP() << "built without the DynamoDB driver";
#endif
  } else {
    std::string why;
    const std::string instant = backend == "sqlite"       ? "starts"
                                : backend == "postgresql" ? "to_char(starts AT TIME ZONE 'UTC', 'HH24:MI')"
                                                          : "DATE_FORMAT(starts, '%H:%i')";
    auto out = toasty_test::client_query(
        visible.url, "SELECT " + instant + ", starts_offset FROM meetings WHERE room = 'native'", &why);
    if (!out) GTEST_SKIP() << why;
    EXPECT_EQ(*out, (backend == "sqlite" ? "2024-02-29T04:00:00.000000Z" : "04:00") + std::string("\t330\n"));
    ASSERT_TRUE(toasty_test::client_query(visible.url, "UPDATE meetings SET starts_offset = 5000", &why)) << why;
  }
  try {
    Meeting r = Meeting::get_by_id(*visible.db, m.id);
    ADD_FAILURE() << "read " << r.starts;
  } catch (const toasty::TypeConversion& e) {
    EXPECT_NE(std::string(e.what()).find("column `starts_offset` of table `meetings` holds 5000"), std::string::npos)
        << e.what();
  }
}

}  // namespace
