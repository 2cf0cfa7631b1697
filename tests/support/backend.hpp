#pragma once
// Which backend the integration suite runs against, chosen per CTest run by
// TOASTY_TEST_BACKEND (sqlite, postgresql, mysql) and the server URLs
// TOASTY_TEST_POSTGRESQL_URL / TOASTY_TEST_MYSQL_URL.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include <toasty/toasty.hpp>

namespace toasty_test {

// "sqlite" unless TOASTY_TEST_BACKEND says otherwise.
std::string backend_name();
// The URL to connect to, or nullopt with `why` set when the backend is not configured.
std::optional<std::string> backend_url(std::string* why);
// The models a backend can serve: without auto-increment (DynamoDB), models with an
// #[auto] integer key — and models related to them — are left out, so that Db::open
// does not refuse the set and the tests using them skip by capability.
toasty::ModelSet servable_models(const toasty::ModelSet& models, const toasty::driver::Capability& cap);
// A Db on the current backend with the servable models' tables dropped and created
// afresh. Wraps the driver in a RecordingDriver when `recorder` is given.
toasty::Db fresh_db(const toasty::ModelSet& models, class RecordingDriver** recorder = nullptr,
                    toasty::Options options = {});
// A Db on `url` (the current backend's server, reached some other way: through a
// FaultProxy, say) with the servable models; their tables dropped and created afresh
// when `reset`.
toasty::Db open_db_at(const std::string& url, const toasty::ModelSet& models, toasty::Options options = {},
                      bool reset = false);

// A fresh Db (as fresh_db) whose tables the database's own command-line client can read
// too: on SQLite a file of its own (removed with this object) instead of a memory database.
struct ClientVisibleDb {
  explicit ClientVisibleDb(const toasty::ModelSet& models);
  ~ClientVisibleDb();
  ClientVisibleDb(const ClientVisibleDb&) = delete;
  ClientVisibleDb& operator=(const ClientVisibleDb&) = delete;
  std::string url;   // for client_query
  std::string file;  // the SQLite file; empty on the server backends
  std::optional<toasty::Db> db;
};

// Fixture: SetUp skips (visibly, with the reason) when the backend has no server.
class BackendTest : public ::testing::Test {
 protected:
  void SetUp() override;
  std::string url_;
};

}  // namespace toasty_test

// Skip a test the current backend cannot serve, naming the missing capability.
#define TOASTY_REQUIRE_CAPABILITY(db, field)                                              \
  do {                                                                                    \
    if (!(db).driver().capability().field)                                                \
      GTEST_SKIP() << "backend " << (db).driver().name() << " lacks capability `" #field "`"; \
  } while (0)
