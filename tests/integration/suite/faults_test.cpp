// Real faults on real connections: a loopback TCP proxy (support/fault_proxy.hpp) sits
// between toasty and the server (PostgreSQL, MariaDB, DynamoDB Local) and cuts connections
// while they are idle, while a write is in flight and while a read streams its answer.
// What was written is counted with a connection that bypasses the proxy (the database's
// own client on SQL servers).
#include <algorithm>
#include <set>
#include <string>

#include "app.toasty.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"
#include "support/fault_proxy.hpp"

using app::User;
using toasty_test::BackendTest;

namespace {

class Faults : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    if (toasty_test::backend_name() == "sqlite") GTEST_SKIP() << "sqlite is embedded: there is no connection to cut";
    std::string host;
    std::uint16_t port = 0;
    if (!toasty_test::route_through(url_, 0, &host, &port))
      GTEST_SKIP() << "the test URL names no plain TCP server the proxy can stand in front of";
    proxy_ = std::make_unique<toasty_test::FaultProxy>(host, port);
    proxied_url_ = *toasty_test::route_through(url_, proxy_->port(), &host, &port);
    // The proxy finds requests by what they carry: the connection it sees is plain text
    // (a server that offers TLS would otherwise get it: libpq prefers TLS).
    const std::string backend = toasty_test::backend_name();
    if (backend != "dynamodb")
      proxied_url_ += std::string(proxied_url_.find('?') == std::string::npos ? "?" : "&") +
                      (backend == "postgresql" ? "sslmode=disable" : "ssl-mode=disabled");
    direct_.emplace(toasty_test::open_db_at(url_, app::models(), {}, true));
    db_.emplace(toasty_test::open_db_at(proxied_url_, app::models(), toasty::Options{.max_connections = 2}));
  }

  // How many users have `email`, read without the proxy.
  std::size_t count_email(const std::string& email) {
    if (toasty_test::backend_name() == "dynamodb") return User::filter_by_email(email).exec(*direct_).size();
    std::string why;
    auto n = toasty_test::client_query(url_, "SELECT count(*) FROM users WHERE email = '" + email + "'", &why);
    if (!n) {
      ADD_FAILURE() << why;
      return 0;
    }
    return static_cast<std::size_t>(std::stoul(*n));
  }

  std::unique_ptr<toasty_test::FaultProxy> proxy_;
  std::string proxied_url_;
  std::optional<toasty::Db> direct_;  // bypasses the proxy
  std::optional<toasty::Db> db_;      // through the proxy
};

User create(toasty::Db& db, const std::string& email) {
  return User::create().name("n").email(email).country("NZ").exec(db);
}

// The server applies the write, its answer is lost: the caller is told the outcome is
// unknown, the write is not sent again (it would be applied twice, or refused as a
// duplicate of itself), and the row is there once.
TEST_F(Faults, AWriteWhoseAnswerIsLostIsReportedAndAppliedOnce) {
  create(*db_, "before@x.io");  // a connection in the pool
  proxy_->drop_reply_to("lost@x.io");
  try {
    create(*db_, "lost@x.io");
    ADD_FAILURE() << "the lost answer was not noticed";
  } catch (const toasty::ConnectionError& e) {
    EXPECT_NE(std::string(e.what()).find("may or may not have been applied"), std::string::npos) << e.what();
    EXPECT_FALSE(e.retryable()) << e.what();
  }
  EXPECT_EQ(proxy_->faults_fired(), 1u);
  EXPECT_EQ(count_email("lost@x.io"), 1u);
  // The Db goes on, on a new connection.
  create(*db_, "after@x.io");
  EXPECT_EQ(count_email("after@x.io"), 1u);
}

// An update and a removal whose answers are lost: applied once, and reported as of unknown
// outcome. SQL drivers never send a statement twice. DynamoDB's HTTP client sends a request
// again on a new connection when the reused one died before answering (as every HTTP client
// and AWS SDK does); every write toasty sends there is conditional, so the second send cannot
// apply it twice: the update's condition (the item exists) holds again and it succeeds, the
// removal's fails and its outcome is reported unknown.
TEST_F(Faults, AnUpdateOrRemovalWhoseAnswerIsLostIsAppliedOnce) {
  const bool sql = toasty_test::backend_name() != "dynamodb";
  User u = create(*db_, "edit@x.io");
  proxy_->drop_reply_to("edited-bio");
  bool reported = false;
  try {
    u.update().bio("edited-bio").exec(*db_);
  } catch (const toasty::ConnectionError& e) {
    reported = true;
    EXPECT_NE(std::string(e.what()).find("may or may not have been applied"), std::string::npos) << e.what();
  }
  EXPECT_EQ(reported, sql);
  EXPECT_EQ(proxy_->faults_fired(), 1u);
  EXPECT_EQ(User::get_by_email(*direct_, "edit@x.io").bio, std::optional<std::string>("edited-bio"));
  // The removal's marker: the email its statement carries (SQL); on DynamoDB, whose removal
  // reads the item first, the request that removes the item and its unique entry.
  create(*db_, "gone@x.io");
  proxy_->drop_reply_to(sql ? "gone@x.io" : "DynamoDB_20120810.TransactWriteItems");
  try {
    User::filter_by_email("gone@x.io").remove(*db_);
    ADD_FAILURE() << "the lost answer was not reported";
  } catch (const toasty::ConnectionError& e) {
    EXPECT_NE(std::string(e.what()).find("may or may not have been applied"), std::string::npos) << e.what();
  }
  EXPECT_EQ(proxy_->faults_fired(), 2u);
  EXPECT_EQ(count_email("gone@x.io"), 0u);
}

// A read whose answer is cut part-way is read again on a new connection: every row once.
TEST_F(Faults, AReadCutMidStreamIsReadAgainAndReturnsEveryRowOnce) {
  auto batch = User::create_many();
  const std::string bio(200, 'b');
  for (int i = 0; i < 120; ++i)
    batch.item(User::create().name("r" + std::to_string(i)).email("r" + std::to_string(i) + "@x.io")
                   .country("stream-zz").bio(bio));
  batch.exec(*db_);
  std::size_t accepted = proxy_->connections_accepted();
  proxy_->cut_reply_to("stream-zz", 4000);  // 120 rows are well over 20 kB
  auto users = User::filter_by_country("stream-zz").exec(*db_);
  EXPECT_EQ(proxy_->faults_fired(), 1u);
  EXPECT_GT(proxy_->connections_accepted(), accepted);  // read again on a new connection
  std::set<std::string> emails;
  for (const auto& u : users) emails.insert(u.email);
  EXPECT_EQ(users.size(), 120u);
  EXPECT_EQ(emails.size(), 120u);
}

// A stream whose connection is cut mid-read. SQL backends report the loss, counting the
// records delivered before it, and never read again by themselves (those records would come
// twice); DynamoDB's cut page is requested again by its HTTP client (none of that page was
// handed out yet), so every record comes once.
TEST_F(Faults, AStreamCutMidReadReportsTheRecordsDeliveredOrRereadsThePage) {
  const bool sql = toasty_test::backend_name() != "dynamodb";
  auto batch = User::create_many();
  const std::string bio(200, 'b');
  for (int i = 0; i < 600; ++i)
    batch.item(User::create().name("s" + std::to_string(i)).email("s" + std::to_string(i) + "@x.io")
                   .country("stream-yy").bio(bio));
  batch.exec(*db_);
  proxy_->cut_reply_to("stream-yy", 30000);  // 600 rows are well over 120 kB
  std::set<std::string> emails;
  bool reported = false;
  try {
    for (User& u : User::filter_by_country("stream-yy").stream(*db_))
      EXPECT_TRUE(emails.insert(u.email).second) << u.email << " came twice";
  } catch (const toasty::ConnectionError& e) {
    reported = true;
    const std::string n = std::to_string(emails.size());
    EXPECT_NE(std::string(e.what()).find("after " + n + " row"), std::string::npos) << e.what();
  }
  EXPECT_EQ(proxy_->faults_fired(), 1u);
  EXPECT_EQ(reported, sql);
  if (sql) {
    EXPECT_LT(emails.size(), 600u);
  } else {
    EXPECT_EQ(emails.size(), 600u);
  }
  // The Db goes on, on a new connection.
  EXPECT_EQ(User::filter_by_country("stream-yy").count(*db_), 600u);
}

// Every connection of the pool cut while idle (a restart, a network failure): no operation
// started afterwards fails, and each write is applied once.
TEST_F(Faults, IdleConnectionsCutByTheNetworkFailNoOperation) {
  std::vector<User> made;
  for (int i = 0; i < 2; ++i) made.push_back(create(*db_, "idle" + std::to_string(i) + "@x.io"));
  proxy_->cut_all();
  int failures = 0;
  for (int i = 0; i < 6; ++i) {
    try {
      switch (i % 3) {
        case 0: (void)User::filter_by_country("NZ").exec(*db_); break;
        case 1: made.push_back(create(*db_, "cut" + std::to_string(i) + "@x.io")); break;
        case 2: made.back().update().bio("after").exec(*db_); break;
      }
    } catch (const toasty::ConnectionError& e) {
      ++failures;
      ADD_FAILURE() << "operation " << i << ": " << e.what();
    }
  }
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(count_email("cut1@x.io"), 1u);
  EXPECT_EQ(count_email("cut4@x.io"), 1u);
  EXPECT_EQ(User::get_by_email(*direct_, "cut4@x.io").bio, std::optional<std::string>("after"));
}

}  // namespace
