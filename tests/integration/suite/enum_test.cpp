// Enum fields on every backend: labels and integer values through the database, the
// generated per-variant filters, defaults, updates, and a stored value that names no
// variant, written behind the ORM's back with each database's own client.
#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"
#ifdef TOASTY_HAVE_DYNAMODB
#include "driver/dynamodb/client/dynamodb_client.hpp"
#endif

using app::Channel;
using app::Priority;
using app::Status;
using app::Ticket;
using toasty_test::BackendTest;

namespace {

TEST(EnumText, LabelsFollowTheRulesAndParseBack) {
  EXPECT_EQ(to_string(Status::OnHold), "on_hold");  // snake_case by default
  EXPECT_EQ(to_string(Channel::WebForm), "WEB_FORM");
  EXPECT_EQ(to_string(Channel::Phone), "tel");  // #[column(variant = "tel")]
  EXPECT_EQ(to_string(Priority::Urgent), "urgent");
  EXPECT_EQ(toasty::parse<Status>("closed"), Status::Closed);
  EXPECT_EQ(toasty::parse<Channel>("tel"), Channel::Phone);
  EXPECT_EQ(toasty::parse<Status>("Closed"), std::nullopt);  // labels are exact
  EXPECT_EQ(toasty::parse<Priority>("normal"), Priority::Normal);
  std::ostringstream os;
  os << Status::Open << ' ' << Priority::Low;
  EXPECT_EQ(os.str(), "open low");
  EXPECT_EQ(static_cast<int>(Priority::Urgent), 30);
}

TEST(EnumText, StoredFormsAndValuesThatNameNoVariant) {
  EXPECT_EQ(toasty::Value(Status::OnHold), toasty::Value("on_hold"));
  EXPECT_EQ(toasty::Value(Priority::Urgent), toasty::Value(std::int64_t{30}));
  EXPECT_EQ(toasty::Value("closed").to<Status>(), Status::Closed);
  EXPECT_EQ(toasty::Value(std::uint64_t{10}).to<Priority>(), Priority::Low);
  // A value cast into the enum, or a stored value of no variant, is refused by name.
  try {
    toasty::Value v(static_cast<Priority>(25));
    ADD_FAILURE() << "accepted " << v.debug_string();
  } catch (const toasty::TypeConversion& e) {
    EXPECT_NE(std::string(e.what()).find("25 is not an enumerator of enum Priority (its variants: 10, 20, 30)"),
              std::string::npos) << e.what();
  }
  EXPECT_THROW((void)toasty::Value("archived").to<Status>(), toasty::TypeConversion);
  EXPECT_THROW((void)toasty::Value(std::int64_t{20}).to<Status>(), toasty::TypeConversion);  // labels, not values
}

using Enums = toasty_test::AppDbTest;

TEST_F(Enums, RoundTripWithDefaultsAndOptions) {
  Ticket t = Ticket::create().queue("q").number(1).title("printer").status(Status::OnHold).exec(db());
  EXPECT_EQ(t.priority, Priority::Normal);  // #[default(Normal)]
  EXPECT_EQ(t.channel, std::nullopt);
  Ticket::create().queue("q").number(2).title("vpn").status(Status::Open).priority(Priority::Urgent)
      .channel(Channel::Phone).exec(db());
  Ticket a = Ticket::get_by_queue_and_number(db(), "q", 1);
  EXPECT_EQ(a.status, Status::OnHold);
  EXPECT_EQ(a.priority, Priority::Normal);
  EXPECT_EQ(a.channel, std::nullopt);
  Ticket b = Ticket::get_by_queue_and_number(db(), "q", 2);
  EXPECT_EQ(b.status, Status::Open);
  EXPECT_EQ(b.priority, Priority::Urgent);
  EXPECT_EQ(b.channel, Channel::Phone);

  // By instance: the row and the object; by query: the rows.
  a.update().status(Status::Closed).channel(Channel::WebForm).exec(db());
  EXPECT_EQ(a.status, Status::Closed);
  EXPECT_EQ(a.channel, Channel::WebForm);
  EXPECT_EQ(Ticket::get_by_queue_and_number(db(), "q", 1).channel, Channel::WebForm);
  EXPECT_EQ(Ticket::filter_by_status(Status::Open).update().priority(Priority::Low).exec(db()), 1u);
  EXPECT_EQ(Ticket::get_by_queue_and_number(db(), "q", 2).priority, Priority::Low);
  a.update().channel(std::nullopt).exec(db());
  EXPECT_EQ(Ticket::get_by_queue_and_number(db(), "q", 1).channel, std::nullopt);
}

// Every filter runs in the database: the index on status (a GSI on DynamoDB), the
// generated per-variant filters, and integer ranges on Priority.
TEST_F(Enums, FiltersRunInTheDatabase) {
  const Status statuses[] = {Status::Open, Status::OnHold, Status::Closed};
  const Priority priorities[] = {Priority::Low, Priority::Normal, Priority::Urgent};
  for (int i = 0; i < 9; ++i)
    Ticket::create().queue(i % 2 ? "odd" : "even").number(i).title("t" + std::to_string(i))
        .status(statuses[i % 3]).priority(priorities[i / 3]).channel(i < 3 ? std::optional(Channel::Email) : std::nullopt)
        .exec(db());
  auto numbers = [](const std::vector<Ticket>& ts) {
    std::vector<std::int64_t> out;
    for (const Ticket& t : ts) out.push_back(t.number);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(numbers(Ticket::filter_by_status(Status::OnHold).exec(db())), (std::vector<std::int64_t>{1, 4, 7}));
  EXPECT_EQ(numbers(Ticket::filter_by_channel(Channel::Email).exec(db())), (std::vector<std::int64_t>{0, 1, 2}));
  auto f = Ticket::fields();
  EXPECT_EQ(numbers(Ticket::filter(f.status().is_closed()).exec(db())), (std::vector<std::int64_t>{2, 5, 8}));
  EXPECT_EQ(numbers(Ticket::filter_by_queue("even").filter(f.priority().ge(Priority::Normal)).exec(db())),
            (std::vector<std::int64_t>{4, 6, 8}));
  EXPECT_EQ(numbers(Ticket::filter_by_queue("odd").filter(f.status().ne(Status::Open) && f.channel().is_none())
                        .exec(db())),
            (std::vector<std::int64_t>{5, 7}));
  EXPECT_EQ(numbers(Ticket::filter_by_queue("even").filter(f.status().in_list(std::vector{Status::Open, Status::Closed}))
                        .exec(db())),
            (std::vector<std::int64_t>{0, 2, 6, 8}));
}

// Integer enums order by value in the database (label enums by label, like any text).
TEST_F(Enums, IntegerEnumsOrderByValue) {
  TOASTY_REQUIRE_CAPABILITY(db(), sql());  // ORDER BY a field that is not a sort key
  Ticket::create().queue("q").number(1).title("a").status(Status::Open).priority(Priority::Urgent).exec(db());
  Ticket::create().queue("q").number(2).title("b").status(Status::Open).priority(Priority::Low).exec(db());
  Ticket::create().queue("q").number(3).title("c").status(Status::Open).exec(db());
  std::vector<Priority> got;
  for (const Ticket& t : Ticket::filter_by_queue("q").order_by(Ticket::fields().priority().desc()).exec(db()))
    got.push_back(t.priority);
  EXPECT_EQ(got, (std::vector<Priority>{Priority::Urgent, Priority::Normal, Priority::Low}));
}

// What the database holds is the label (or the value), read with its own client; a value
// of no variant written there reads back as a TypeConversion naming the column.
TEST_F(Enums, TheDatabaseHoldsLabelsAndUnknownValuesAreNamed) {
  toasty_test::ClientVisibleDb visible(app::models());
  toasty::Db* db = &*visible.db;
  const std::string& url = visible.url;
  const std::string backend = toasty_test::backend_name();
  Ticket::create().queue("native").number(1).title("x").status(Status::OnHold).priority(Priority::Urgent)
      .channel(Channel::WebForm).exec(*db);
  if (backend == "dynamodb") {
#ifdef TOASTY_HAVE_DYNAMODB
    namespace ddb = toasty::dynamodb;
    ddb::Client client(ddb::Config::from_url(url_));
    const ddb::Json key = {{"queue", ddb::av::string("native")}, {"number", ddb::av::number(1)}};
    auto item = client.get_item({{"TableName", "tickets"}, {"Key", key}});
    ASSERT_TRUE(item.has_value());
    EXPECT_EQ((*item)["status"], ddb::av::string("on_hold"));
    EXPECT_EQ((*item)["priority"], ddb::av::number(30));
    EXPECT_EQ((*item)["channel"], ddb::av::string("WEB_FORM"));
    client.update_item({{"TableName", "tickets"},
                        {"Key", key},
                        {"UpdateExpression", "SET #s = :v"},
                        {"ExpressionAttributeNames", {{"#s", "status"}}},
                        {"ExpressionAttributeValues", {{":v", ddb::av::string("archived")}}}});
#else
    GTEST_SKIP() << "built without the DynamoDB driver";
#endif
  } else {
    std::string why;
    auto out = toasty_test::client_query(url, "SELECT status, priority, channel FROM tickets WHERE queue = 'native'",
                                         &why);
    if (!out) GTEST_SKIP() << why;
    EXPECT_EQ(*out, "on_hold\t30\tWEB_FORM\n");
    ASSERT_TRUE(toasty_test::client_query(url, "UPDATE tickets SET status = 'archived' WHERE queue = 'native'", &why))
        << why;
  }
  try {
    Ticket t = Ticket::get_by_queue_and_number(*db, "native", 1);
    ADD_FAILURE() << "read a ticket with status " << t.status;
  } catch (const toasty::TypeConversion& e) {
    EXPECT_NE(std::string(e.what()).find("column `status` of table `tickets` holds \"archived\", which is not a "
                                         "variant of enum Status (stored as labels: open, on_hold, closed)"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace

namespace {
using NativeEnums = toasty_test::AppDbTest;

// #[column(type = enum)]: PostgreSQL keeps the labels in an enum type of its own; every
// backend reads, writes and filters the same labels.
TEST_F(NativeEnums, RoundTripAndFilterOnEveryBackend) {
  using app::Diary;
  using app::Mood;
  Diary a = Diary::create().owner("ann").mood(Mood::Rainy).moods({Mood::Sunny, Mood::Rainy}).best(Mood::Sunny).exec(db());
  Diary b = Diary::create().owner("ann").exec(db());
  EXPECT_EQ(b.mood, Mood::Cloudy);  // #[default(Cloudy)]
  Diary back = Diary::get_by_id(db(), a.id);
  EXPECT_EQ(back.mood, Mood::Rainy);
  EXPECT_EQ(back.moods, (std::vector<Mood>{Mood::Sunny, Mood::Rainy}));
  EXPECT_EQ(back.best, Mood::Sunny);
  EXPECT_EQ(Diary::get_by_id(db(), b.id).best, std::nullopt);
  auto f = Diary::fields();
  EXPECT_EQ(Diary::filter_by_owner("ann").filter(f.mood().is_rainy()).exec(db()).size(), 1u);
  EXPECT_EQ(Diary::filter_by_owner("ann").filter(f.mood().in_list(std::vector{Mood::Cloudy, Mood::Sunny})).exec(db()).size(), 1u);
  EXPECT_EQ(Diary::filter_by_owner("ann").filter(f.moods().contains(Mood::Sunny)).exec(db()).size(), 1u);
  EXPECT_EQ(Diary::filter_by_owner("ann").filter(f.best().is_none()).exec(db()).size(), 1u);
  b.update().mood(Mood::Sunny).exec(db());
  EXPECT_EQ(Diary::get_by_id(db(), b.id).mood, Mood::Sunny);
}

// The one difference by nature: PostgreSQL orders an enum type by its declaration order,
// the other SQL databases order the labels as text. DynamoDB orders only by a sort key.
TEST_F(NativeEnums, OrderIsDeclarationOrderOnPostgresqlAndLabelOrderElsewhere) {
  using app::Diary;
  using app::Mood;
  const std::string backend = toasty_test::backend_name();
  if (backend == "dynamodb") GTEST_SKIP() << "DynamoDB orders only by a sort key (capability: order by any column)";
  for (Mood m : {Mood::Rainy, Mood::Sunny, Mood::Cloudy}) Diary::create().owner("o").mood(m).exec(db());
  std::vector<Mood> got;
  for (const Diary& d : Diary::filter_by_owner("o").order_by(Diary::fields().mood().asc()).exec(db())) got.push_back(d.mood);
  if (backend == "postgresql")
    EXPECT_EQ(got, (std::vector<Mood>{Mood::Sunny, Mood::Cloudy, Mood::Rainy}));
  else
    EXPECT_EQ(got, (std::vector<Mood>{Mood::Cloudy, Mood::Rainy, Mood::Sunny}));  // "cloudy" < "rainy" < "sunny"
}

// PostgreSQL's catalog holds the type, its labels in order, and the columns using it.
TEST_F(NativeEnums, PostgresqlHasTheEnumType) {
  if (toasty_test::backend_name() != "postgresql")
    GTEST_SKIP() << "only PostgreSQL has enum types; the other backends keep the labels as text";
  app::Diary::create().owner("x").exec(db());
  std::string why;
  auto out = toasty_test::client_query(
      url_,
      "SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid "
      "WHERE t.typname = 'mood'",
      &why);
  if (!out) GTEST_SKIP() << why;
  EXPECT_EQ(*out, "sunny,cloudy,rainy\n");
  auto cols = toasty_test::client_query(url_,
                                        "SELECT column_name, udt_name FROM information_schema.columns WHERE table_name = "
                                        "'diaries' AND column_name IN ('mood', 'moods', 'best') ORDER BY 1",
                                        &why);
  ASSERT_TRUE(cols) << why;
  EXPECT_EQ(*cols, "best\tmood\nmood\tmood\nmoods\t_mood\n");
}
}  // namespace
