// Composite keys, string keys, custom table/column names and defaults.
#include <filesystem>
#include <unistd.h>

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"

using app::Enrollment;
using app::Person;
using toasty_test::BackendTest;

namespace {

using Keys = toasty_test::AppDbTest;

TEST_F(Keys, CompositeKeyLookupUpdateRemove) {
  Enrollment::create().student_id(1).course_id(101).term("2026S1").exec(*db_);
  Enrollment::create().student_id(1).course_id(102).term("2026S1").grade(6.5).exec(*db_);
  Enrollment::create().student_id(2).course_id(101).term("2026S2").exec(*db_);

  auto e = Enrollment::get_by_student_id_and_course_id(*db_, 1, 102);
  EXPECT_EQ(e.grade, std::optional<double>(6.5));
  EXPECT_THROW(Enrollment::get_by_student_id_and_course_id(*db_, 2, 102), toasty::NotFound);
  EXPECT_EQ(Enrollment::filter_by_term("2026S1").exec(*db_).size(), 2u);

  e.update().grade(7.0).exec(*db_);
  EXPECT_EQ(Enrollment::get_by_student_id_and_course_id(*db_, 1, 102).grade, std::optional<double>(7.0));
  // Only the (1, 102) row changed.
  EXPECT_EQ(Enrollment::get_by_student_id_and_course_id(*db_, 1, 101).grade, std::nullopt);

  e.remove(*db_);
  EXPECT_EQ(Enrollment::all().allow_full_scan().exec(*db_).size(), 2u);
  EXPECT_THROW(Enrollment::create().student_id(1).course_id(101).term("x").exec(*db_),
               toasty::UniqueViolation);
}

TEST_F(Keys, StringKeyAndDefaults) {
  auto p = Person::create().code("ann-1").name("Ann").exec(*db_);
  EXPECT_EQ(p.city, "unknown");
  EXPECT_TRUE(p.active);
  auto q = Person::get_by_code(*db_, "ann-1");
  EXPECT_EQ(q.name, "Ann");
  EXPECT_EQ(q.city, "unknown");
  try {
    Person::create().code("ann-1").name("Other").exec(*db_);
    FAIL() << "expected a unique violation on the key";
  } catch (const toasty::UniqueViolation& e) {
    EXPECT_EQ(e.model(), "Person");
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0], "code");
  }
}

// The table and column names the schema asked for are what the database has,
// checked with the database's own client.
TEST_F(Keys, CustomNamesSeenByTheDatabasesOwnClient) {
  std::string url = url_;
  std::string file;
  std::optional<toasty::Db> db;
  if (toasty_test::backend_name() == "sqlite") {
    file = (std::filesystem::temp_directory_path() /
            ("toasty-keys-" + std::to_string(::getpid()) + ".db")).string();
    std::filesystem::remove(file);
    url = "sqlite://" + file;
    db.emplace(toasty::Db::connect(url, app::models()));
    db->push_schema();
  } else {
    db.emplace(toasty_test::fresh_db(app::models()));
  }
  Person::create().code("c'1").name("Zoë").city("Wellington").exec(*db);
  std::string why;
  auto out = toasty_test::client_query(
      url, "SELECT code, display_name, city FROM people_directory", &why);
  if (!file.empty()) std::filesystem::remove(file);
  if (!out) GTEST_SKIP() << why;
  EXPECT_EQ(*out, "c'1\tZoë\tWellington\n");
}

}  // namespace
