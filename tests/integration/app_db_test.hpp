#pragma once
// Fixture for suites on the app.toasty models: a Db on the current backend with their
// tables made afresh for each test (skipped, with the reason, when there is no server).
#include <optional>

#include "app.toasty.hpp"
#include "support/backend.hpp"

namespace toasty_test {

class AppDbTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_.emplace(fresh_db(app::models()));
  }
  toasty::Db& db() { return *db_; }
  std::optional<toasty::Db> db_;
};

}  // namespace toasty_test
