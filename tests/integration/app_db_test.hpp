#pragma once
// Fixture for suites on the app.toasty models: a Db on the current backend with their
// tables made afresh for each test, behind a recording driver (skipped, with the reason,
// when there is no server).
#include <optional>
#include <string>
#include <utility>

#include "app.toasty.hpp"
#include "support/backend.hpp"
#include "support/recording_driver.hpp"

namespace toasty_test {

class AppDbTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_.emplace(fresh_db(app::models(), &rec_));
  }
  toasty::Db& db() { return *db_; }
  std::optional<toasty::Db> db_;
  RecordingDriver* rec_ = nullptr;

  // Runs a create (or any builder with exec(Db&)) that must be refused before anything is
  // sent, with a TypeConversion whose message holds `words`.
  template <class Builder>
  void expect_refused(Builder b, const std::string& words) {
    try {
      std::move(b).exec(db());
      ADD_FAILURE() << "accepted a value that does not fit (" << words << ")";
    } catch (const toasty::TypeConversion& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  }
};

}  // namespace toasty_test
