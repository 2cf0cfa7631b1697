// Validations on every backend: #[validate(...)] rules (length, range, regex, email, one_of)
// and a mixin's validate() hook run before every create and update; ValidationFailed lists
// every broken rule with its field, and nothing reaches the database.
#include "app_db_test.hpp"

using app::Signup;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

class Validate : public toasty_test::AppDbTest {
 protected:
  static auto good() {
    return Signup::create().name("Ann").email("ann@x.io").age(30).handle("ann_1").tags({"a"}).rating(4.5);
  }
  // The broken rules of a ValidationFailed, as "field: rule".
  static std::vector<std::string> broken(const toasty::ValidationFailed& e) {
    std::vector<std::string> out;
    for (const auto& v : e.violations()) out.push_back(v.field + ": " + v.rule);
    return out;
  }
};

TEST_F(Validate, AValidRecordIsWritten) {
  auto s = good().backup("ann@backup.io").exec(db());
  EXPECT_EQ(Signup::get_by_id(db(), s.id).handle, "ann_1");
  EXPECT_EQ(s.plan, "free");  // the default passes one_of
}

TEST_F(Validate, EveryBrokenRuleIsListedAndNothingIsSent) {
  rec_->reset();
  try {
    Signup::create()
        .name("")
        .email("no-at-sign-here")
        .age(7)
        .handle("Has Spaces")
        .plan("gold")
        .tags({"a", "b", "c", "d"})
        .backup("x@y")
        .rating(5.5)
        .exec(db());
    ADD_FAILURE() << "expected ValidationFailed";
  } catch (const toasty::ValidationFailed& e) {
    EXPECT_EQ(e.model(), "Signup");
    EXPECT_EQ(broken(e), (std::vector<std::string>{
                             "name: length(min = 1, max = 20)", "email: email", "age: range(min = 13, max = 150)",
                             "handle: regex(\"^[a-z0-9_]+$\")", "plan: one_of(\"free\", \"pro\")", "tags: length(max = 3)",
                             "backup: length(min = 6)", "backup: email", "rating: range(min = 0.0, max = 5.0)"}));
    EXPECT_TRUE(contains(e.what(), "name has 0 characters, fewer than 1")) << e.what();
    EXPECT_TRUE(contains(e.what(), "age is 7, less than 13")) << e.what();
    EXPECT_FALSE(contains(e.what(), "no-at-sign-here")) << "text values stay out of messages: " << e.what();
  }
  EXPECT_EQ(rec_->statements(), 0u);  // nothing reached the database
}

TEST_F(Validate, LengthCountsCharactersNotBytes) {
  EXPECT_NO_THROW(good().name("ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ").exec(db()));  // 20 characters, 40 bytes
  EXPECT_THROW(good().email("b@x.io").name("ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ").exec(db()), toasty::ValidationFailed);
}

TEST_F(Validate, UpdatesAreCheckedToo) {
  auto s = good().exec(db());
  try {
    s.update().age(200).handle("ok_handle").exec(db());
    ADD_FAILURE() << "expected ValidationFailed";
  } catch (const toasty::ValidationFailed& e) {
    EXPECT_EQ(broken(e), std::vector<std::string>{"age: range(min = 13, max = 150)"});
  }
  EXPECT_EQ(s.age, 30);  // the object is unchanged
  EXPECT_EQ(Signup::get_by_id(db(), s.id).age, 30);
  EXPECT_THROW(Signup::update_by_id(s.id).email("nope").exec(db()), toasty::ValidationFailed);
  s.update().age(40).exec(db());
  EXPECT_EQ(Signup::get_by_id(db(), s.id).age, 40);
}

TEST_F(Validate, CreateManyChecksEveryItemFirst) {
  auto many = Signup::create_many();
  many.item(good());
  many.item(good().email("b@x.io").handle("BAD"));
  rec_->reset();
  EXPECT_THROW(many.exec(db()), toasty::ValidationFailed);
  EXPECT_EQ(rec_->statements(), 0u);
}

// The mixin's validate() hook sees the whole record: the create's values with defaults, an
// update's record as it would leave it.
TEST_F(Validate, TheValidateHookJoinsTheRules) {
  try {
    good().name("admin").plan("pro").age(16).exec(db());
    ADD_FAILURE() << "expected ValidationFailed";
  } catch (const toasty::ValidationFailed& e) {
    EXPECT_EQ(broken(e), (std::vector<std::string>{"name: validate()", ": validate()"}));
    EXPECT_TRUE(contains(e.what(), "a pro plan needs an adult")) << e.what();
  }
  // Rules and hook together, in one error.
  try {
    good().name("admin").email("bad").exec(db());
    ADD_FAILURE() << "expected ValidationFailed";
  } catch (const toasty::ValidationFailed& e) {
    EXPECT_EQ(broken(e), (std::vector<std::string>{"email: email", "name: validate()"}));
  }
  auto s = good().age(16).exec(db());
  try {
    s.update().plan("pro").handle("UPPER").exec(db());  // 16 and pro: the hook; the handle: a rule
    ADD_FAILURE() << "expected ValidationFailed";
  } catch (const toasty::ValidationFailed& e) {
    EXPECT_EQ(broken(e), (std::vector<std::string>{"handle: regex(\"^[a-z0-9_]+$\")", ": validate()"}));
  }
  EXPECT_EQ(Signup::get_by_id(db(), s.id).plan, "free");
  s.update().plan("pro").age(18).exec(db());
  EXPECT_EQ(s.plan, "pro");
}

}  // namespace
