// Timestamp fields on every backend: exact round trips at the edges of what the databases
// store, ordering and ranges evaluated by the database, refusals before the round trip, and
// the stored value read with each database's own client.
#include <algorithm>
#include <string>
#include <vector>


#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"
#ifdef TOASTY_HAVE_DYNAMODB
#include "driver/dynamodb/client/dynamodb_client.hpp"
#endif

using app::Booking;
using app::Memo;
using app::Reading;
using toasty::Timestamp;
using toasty_test::BackendTest;

namespace {

Timestamp at(std::string_view text) {
  auto t = toasty::parse_timestamp(text);
  if (!t) throw std::runtime_error("bad test timestamp " + std::string(text));
  return *t;
}

using Time = toasty_test::AppDbTest;

TEST(TimestampText, FormatsAndParsesTheForms) {
  EXPECT_EQ(toasty::format_timestamp(Timestamp{}), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(toasty::format_timestamp(at("1969-12-31T23:59:59.999999Z")), "1969-12-31T23:59:59.999999Z");
  // What PostgreSQL and MySQL print, and offsets.
  EXPECT_EQ(at("2024-02-29 12:00:00+00"), at("2024-02-29T12:00:00.000000Z"));
  EXPECT_EQ(at("2024-02-29 12:00:00.5"), at("2024-02-29T12:00:00.500000Z"));
  EXPECT_EQ(at("2024-02-29T17:30:00+05:30"), at("2024-02-29T12:00:00Z"));
  EXPECT_EQ(at("2024-02-29T08:00:00-0400"), at("2024-02-29T12:00:00Z"));
  for (const char* bad : {"2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z",
                          "2024-01-01T00:00:00.1234567Z", "2024-01-01", "10000-01-01T00:00:00Z",
                          "2024-01-01T00:00:00Zjunk", "0000-12-31T23:59:59Z"})
    EXPECT_FALSE(toasty::parse_timestamp(bad).has_value()) << bad;
  EXPECT_THROW(toasty::format_timestamp(at("9999-12-31T23:59:59.999999Z") + std::chrono::microseconds(1)),
               toasty::TypeConversion);
}

TEST_F(Time, RoundTripsEveryInstantTheDatabasesStore) {
  const std::vector<std::string> instants = {"1970-01-01T00:00:00.000000Z", "1969-12-31T23:59:59.999999Z",
                                             "2024-02-29T12:00:00.000001Z", "0001-01-01T00:00:00.000000Z",
                                             "9999-12-31T23:59:59.999999Z", "2038-01-19T03:14:08.000000Z"};
  for (const auto& text : instants)
    Reading::create().sensor("edge").at(at(text)).value(1.5).checked(at(text)).exec(*db_);
  for (const auto& text : instants) {
    Reading r = Reading::get_by_sensor_and_at(*db_, "edge", at(text));
    EXPECT_EQ(toasty::format_timestamp(r.at), text);
    ASSERT_TRUE(r.checked.has_value()) << text;
    EXPECT_EQ(toasty::format_timestamp(*r.checked), text);
  }
  Reading none = Reading::create().sensor("none").at(toasty::now()).value(0).exec(*db_);
  EXPECT_EQ(Reading::get_by_sensor_and_at(*db_, "none", none.at).checked, std::nullopt);
}

// Ranges and ORDER BY run in the database (on DynamoDB: a Query on the sort key).
TEST_F(Time, RangesAndOrderFollowTime) {
  const Timestamp base = at("1999-12-31T23:59:59.999990Z");  // across a year, a day and a second
  for (int i = 0; i < 20; ++i)
    Reading::create().sensor("s").at(base + std::chrono::microseconds(i)).value(i).exec(*db_);
  Reading::create().sensor("other").at(base).value(-1).exec(*db_);
  auto f = Reading::fields();
  auto rows = Reading::filter_by_sensor("s")
                  .filter(f.at().ge(base + std::chrono::microseconds(5)) && f.at().lt(base + std::chrono::microseconds(15)))
                  .order_by(f.at().desc())
                  .exec(*db_);
  std::vector<double> values;
  for (const auto& r : rows) values.push_back(r.value);
  EXPECT_EQ(values, (std::vector<double>{14, 13, 12, 11, 10, 9, 8, 7, 6, 5}));
  auto first = Reading::filter_by_sensor("s").order_by(f.at().asc()).limit(1).exec(*db_);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].at, base);
  // between: both ends included (on DynamoDB's sort key too).
  auto inside = Reading::filter_by_sensor("s")
                    .filter(f.at().between(base + std::chrono::microseconds(18), base + std::chrono::microseconds(25)))
                    .order_by(f.at().asc())
                    .exec(*db_);
  values.clear();
  for (const auto& r : inside) values.push_back(r.value);
  EXPECT_EQ(values, (std::vector<double>{18, 19}));
}

// Years outside 1..9999 are refused before anything is sent, on every backend alike.
TEST_F(Time, InstantsNoDatabaseStoresAreRefused) {
  const Timestamp too_late = at("9999-12-31T23:59:59.999999Z") + std::chrono::microseconds(1);
  EXPECT_THROW(Reading::create().sensor("far").at(too_late).value(0).exec(*db_), toasty::TypeConversion);
  const Timestamp too_early = at("0001-01-01T00:00:00Z") - std::chrono::microseconds(1);
  EXPECT_THROW(Reading::create().sensor("far").at(too_early).value(0).exec(*db_), toasty::TypeConversion);
  EXPECT_TRUE(Reading::filter_by_sensor("far").exec(*db_).empty());
}

// What the database holds is the instant, in UTC, read with its own client.
TEST_F(Time, TheDatabasesOwnClientReadsTheSameInstant) {
  toasty_test::ClientVisibleDb visible(app::models());
  toasty::Db& db = *visible.db;
  const std::string& url = visible.url;
  const std::string backend = toasty_test::backend_name();
  Reading::create().sensor("native").at(at("2024-02-29T12:34:56.000789Z")).value(0).exec(db);
  if (backend == "dynamodb") {
#ifdef TOASTY_HAVE_DYNAMODB
    // No command-line client here: DynamoDB's own HTTP API through the raw client.
    namespace ddb = toasty::dynamodb;
    ddb::Client client(ddb::Config::from_url(url_));
    auto item = client.get_item({{"TableName", "readings"},
                                 {"Key", {{"sensor", ddb::av::string("native")},
                                          {"at", ddb::av::string("2024-02-29T12:34:56.000789Z")}}}});
    ASSERT_TRUE(item.has_value()) << "no item under the text key";
    EXPECT_EQ((*item)["at"], ddb::av::string("2024-02-29T12:34:56.000789Z"));
    auto desc = client.describe_table("readings");
    bool found = false;
    for (const auto& a : desc["AttributeDefinitions"]) {
      if (a["AttributeName"] != "at") continue;
      found = true;
      EXPECT_EQ(a["AttributeType"], "S");  // a text sort key: Query orders by time
    }
    EXPECT_TRUE(found) << desc.dump();
    return;
#else
    GTEST_SKIP() << "built without the DynamoDB driver";
#endif
  }
  std::string sql = "SELECT at FROM readings WHERE sensor = 'native'";
  if (backend == "postgresql")
    sql = "SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM readings WHERE sensor = 'native'";
  if (backend == "mysql") sql = "SELECT DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%s.%fZ') FROM readings WHERE sensor = 'native'";
  std::string why;
  auto out = toasty_test::client_query(url, sql, &why);
  if (!out) GTEST_SKIP() << why;
  EXPECT_EQ(*out, "2024-02-29T12:34:56.000789Z\n");
}

// created_at and updated_at are written by the ORM, the same way on every backend, and the
// returned and updated objects carry them.
TEST_F(Time, CreatedAtAndUpdatedAtAreWrittenByTheOrm) {
  const Timestamp before = toasty::now();
  Memo m = Memo::create().owner("ann").text("draft").exec(*db_);
  const Timestamp after = toasty::now();
  EXPECT_GE(m.created_at, before);
  EXPECT_LE(m.created_at, after);
  EXPECT_EQ(m.updated_at, m.created_at);  // one instant for the create
  EXPECT_EQ(m.edited, std::nullopt);      // #[update(now)] only: set by updates
  Memo stored = Memo::filter_by_owner("ann").first(*db_).value();
  EXPECT_EQ(stored.created_at, m.created_at);
  EXPECT_EQ(stored.updated_at, m.updated_at);

  // An update by instance: updated_at and edited move, in the row and in the object.
  const Timestamp created = m.created_at;
  m.update().text("final").exec(*db_);
  EXPECT_GT(m.updated_at, created);
  ASSERT_TRUE(m.edited.has_value());
  EXPECT_EQ(*m.edited, m.updated_at);
  EXPECT_EQ(m.created_at, created);
  stored = Memo::filter_by_owner("ann").first(*db_).value();
  EXPECT_EQ(stored.updated_at, m.updated_at);
  EXPECT_EQ(stored.created_at, created);
  EXPECT_EQ(stored.text, "final");

  // A value the update sets itself is kept; an update that changes nothing writes nothing.
  const Timestamp chosen = toasty::parse_timestamp("2030-01-01T00:00:00Z").value();
  m.update().updated_at(chosen).exec(*db_);
  EXPECT_EQ(Memo::filter_by_owner("ann").first(*db_).value().updated_at, chosen);
  m.update().exec(*db_);
  EXPECT_EQ(Memo::filter_by_owner("ann").first(*db_).value().updated_at, chosen);

  // By query, too: each execution gets its own time.
  auto rename = Memo::filter_by_owner("ann").update();
  rename.text("by query");
  EXPECT_EQ(rename.exec(*db_), 1u);
  const Timestamp first = Memo::filter_by_owner("ann").first(*db_).value().updated_at;
  EXPECT_LT(first, chosen);  // now, not 2030
  EXPECT_EQ(rename.exec(*db_), 1u);
  EXPECT_GT(Memo::filter_by_owner("ann").first(*db_).value().updated_at, first);
}

toasty::Date date(std::string_view text) { return toasty::parse_date(text).value(); }
toasty::DateTime local(std::string_view text) { return toasty::parse_datetime(text).value(); }

TEST(DateText, FormatsAndParsesTheForms) {
  EXPECT_EQ(toasty::format_date(date("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(toasty::parse_date("2023-02-29").has_value());
  EXPECT_FALSE(toasty::parse_date("0000-01-01").has_value());
  EXPECT_THROW(toasty::format_date(std::chrono::year{2023} / 2 / 29), toasty::TypeConversion);
  EXPECT_EQ(toasty::format_datetime(local("2024-02-29 09:30:00.5")), "2024-02-29T09:30:00.500000");
  EXPECT_FALSE(toasty::parse_datetime("2024-02-29T09:30:00Z").has_value());  // a zone: a Timestamp
}

TEST_F(Time, DatesAndDateTimesRoundTripAndOrderInTheDatabase) {
  const std::vector<std::pair<std::string, std::string>> edges = {
      {"0001-01-01T00:00:00.000000", "0001-01-01"}, {"9999-12-31T23:59:59.999999", "9999-12-31"},
      {"2024-02-29T09:30:00.000001", "2024-02-29"}, {"1969-12-31T23:59:59.999999", "1969-12-31"}};
  for (const auto& [starts, day] : edges)
    Booking::create().room("edge").starts(local(starts)).day(date(day)).ends(local(starts)).exec(*db_);
  for (const auto& [starts, day] : edges) {
    Booking b = Booking::get_by_room_and_starts(*db_, "edge", local(starts));
    EXPECT_EQ(toasty::format_datetime(b.starts), starts);
    EXPECT_EQ(toasty::format_date(b.day), day);
    ASSERT_TRUE(b.ends.has_value());
    EXPECT_EQ(toasty::format_datetime(*b.ends), starts);
  }
  // Through the index on `day`, and ordered by the sort key `starts`.
  for (int h = 8; h < 18; ++h)
    Booking::create().room("blue").starts(local("2026-12-07T" + std::string(h < 10 ? "0" : "") + std::to_string(h) +
                                                ":00:00")).day(date("2026-12-07")).exec(*db_);
  EXPECT_EQ(Booking::filter_by_day(date("2026-12-07")).exec(*db_).size(), 10u);
  auto f = Booking::fields();
  auto morning = Booking::filter_by_room("blue")
                     .filter(f.starts().lt(local("2026-12-07T12:00:00")))
                     .order_by(f.starts().desc())
                     .exec(*db_);
  ASSERT_EQ(morning.size(), 4u);
  EXPECT_EQ(toasty::format_datetime(morning[0].starts), "2026-12-07T11:00:00.000000");
  EXPECT_EQ(toasty::format_datetime(morning[3].starts), "2026-12-07T08:00:00.000000");
  // A date that does not exist is refused before the round trip.
  EXPECT_THROW(Booking::create().room("x").starts(local("2026-01-01T00:00:00")).day(std::chrono::year{2023} / 2 / 29)
                   .exec(*db_),
               toasty::TypeConversion);
}

// What the database holds is the wall-clock reading and the date, as written.
TEST_F(Time, TheDatabasesOwnClientReadsTheSameDateAndTime) {
  const std::string backend = toasty_test::backend_name();
  if (backend == "sqlite" || backend == "dynamodb")
    GTEST_SKIP() << backend << ": the same fixed-width text as Timestamp, which "
                 << "Time.TheDatabasesOwnClientReadsTheSameInstant reads";
  Booking::create().room("native").starts(local("2024-02-29T09:30:00.000789")).day(date("2024-02-29")).exec(*db_);
  std::string sql = backend == "postgresql"
                        ? "SELECT to_char(starts, 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), to_char(day, 'YYYY-MM-DD') "
                          "FROM bookings WHERE room = 'native'"
                        : "SELECT DATE_FORMAT(starts, '%Y-%m-%dT%H:%i:%s.%f'), DATE_FORMAT(day, '%Y-%m-%d') "
                          "FROM bookings WHERE room = 'native'";
  std::string why;
  auto out = toasty_test::client_query(url_, sql, &why);
  if (!out) GTEST_SKIP() << why;
  EXPECT_EQ(*out, "2024-02-29T09:30:00.000789\t2024-02-29\n");
}

toasty::Time tod(std::string_view text) { return toasty::parse_time(text).value(); }

TEST(TimeText, FormatsAndParsesTheForms) {
  EXPECT_EQ(toasty::format_time(toasty::Time(std::chrono::hours(9), std::chrono::minutes(30))), "09:30:00.000000");
  EXPECT_EQ(toasty::format_time(tod("23:59:59.5")), "23:59:59.500000");
  EXPECT_FALSE(toasty::parse_time("24:00:00").has_value());
  EXPECT_FALSE(toasty::parse_time("9:30:00").has_value());
  EXPECT_THROW(toasty::format_time(toasty::Time(std::chrono::hours(24))), toasty::TypeConversion);
}

TEST_F(Time, TimesOfDayRoundTripAndOrderInTheDatabase) {
  const std::vector<std::string> times = {"00:00:00.000000", "23:59:59.999999", "12:34:56.000789", "09:05:00.000000"};
  for (std::size_t i = 0; i < times.size(); ++i)
    Booking::create().room("clock").starts(local("2026-01-0" + std::to_string(i + 1) + "T00:00:00"))
        .day(date("2026-01-01")).opens(tod(times[i])).exec(*db_);
  auto f = Booking::fields();
  std::vector<std::string> read;
  for (const auto& b : Booking::filter_by_room("clock").filter(f.opens().ge(tod("09:00:00"))).exec(*db_))
    read.push_back(toasty::format_time(b.opens.value()));
  std::sort(read.begin(), read.end());
  EXPECT_EQ(read, (std::vector<std::string>{"09:05:00.000000", "12:34:56.000789", "23:59:59.999999"}));
  EXPECT_THROW(Booking::create().room("clock").starts(local("2026-02-01T00:00:00")).day(date("2026-02-01"))
                   .opens(toasty::Time(std::chrono::hours(25))).exec(*db_),
               toasty::TypeConversion);
  const std::string backend = toasty_test::backend_name();
  if (backend != "postgresql" && backend != "mysql") return;
  std::string sql = backend == "postgresql"
                        ? "SELECT to_char(opens, 'HH24:MI:SS.US') FROM bookings WHERE room = 'clock' ORDER BY opens"
                        : "SELECT TIME_FORMAT(opens, '%H:%i:%s.%f') FROM bookings WHERE room = 'clock' ORDER BY opens";
  std::string why;
  auto out = toasty_test::client_query(url_, sql, &why);
  if (!out) GTEST_SKIP() << why;
  EXPECT_EQ(*out, "00:00:00.000000\n09:05:00.000000\n12:34:56.000789\n23:59:59.999999\n");
}

}  // namespace

namespace {
// #[default("...")] on the date and time types (and a Decimal): the literal, the same on
// every backend, unless the create sets the field.
TEST_F(Time, LiteralDefaultsOfDateAndTimeFields) {
  app::Shift s = app::Shift::create().crew("a").exec(*db_);
  auto check = [](const app::Shift& x) {
    EXPECT_EQ(toasty::format_date(x.day), "2024-02-29");
    EXPECT_EQ(toasty::format_datetime(x.starts), "2024-02-29T09:30:00.500000");
    EXPECT_EQ(toasty::format_time(x.ends), "17:45:00.000000");
    EXPECT_EQ(toasty::format_timestamp(x.epoch), "1999-12-31T18:30:00.000000Z");  // the offset applied
    EXPECT_EQ(x.rate.to_string(), "12.50");
  };
  check(s);
  check(app::Shift::get_by_id(*db_, s.id));
  app::Shift set = app::Shift::create().crew("b").day(toasty::parse_date("2025-01-01").value())
                       .rate(toasty::Decimal("1")).exec(*db_);
  app::Shift back = app::Shift::get_by_id(*db_, set.id);
  EXPECT_EQ(toasty::format_date(back.day), "2025-01-01");
  EXPECT_EQ(back.rate.to_string(), "1.00");
  EXPECT_EQ(toasty::format_time(back.ends), "17:45:00.000000");
}
}  // namespace
