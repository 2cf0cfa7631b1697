#pragma once
// Fixture for suites on the rel.toasty models: a Db on the current backend with their tables
// made afresh for each test, behind a recording driver (skipped, with the reason, when there
// is no server).
#include <optional>

#include "rel.toasty.hpp"
#include "support/backend.hpp"
#include "support/recording_driver.hpp"

namespace toasty_test {

class RelDbTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_.emplace(fresh_db(rel::models(), &rec_));
  }
  toasty::Db& db() { return *db_; }
  // SQL backends also run the parts of a test that read whole tables or filter on
  // unindexed fields; a key-value backend (DynamoDB) runs the rest.
  bool sql() { return db().driver().capability().sql(); }
  std::optional<toasty::Db> db_;
  RecordingDriver* rec_ = nullptr;
};

}  // namespace toasty_test
