// Newtypes on every backend: keys (made by #[auto] like the Uuid they wrap), unique
// lookups, foreign keys and relations typed by the newtype, stored as the plain value.
#include <string>
#include <vector>

#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"

using app::Contact;
using app::ContactId;
using app::Email;
using app::Note;

namespace {

using Newtypes = toasty_test::AppDbTest;

TEST_F(Newtypes, KeysLookupsAndRelations) {
  Contact ann = Contact::create().email(Email{"ann@x.io"}).name("Ann").exec(db());
  EXPECT_EQ(ann.id.value.version(), 7);  // #[auto] on a newtype makes the Uuid it wraps
  Contact bob = Contact::create().email(Email{"bob@x.io"}).name("Bob").exec(db());
  EXPECT_NE(ann.id, bob.id);
  EXPECT_EQ(Contact::get_by_id(db(), ann.id).name, "Ann");
  EXPECT_EQ(Contact::get_by_email(db(), Email{"bob@x.io"}).id, bob.id);
  EXPECT_THROW(Contact::get_by_email(db(), Email{"nobody@x.io"}), toasty::NotFound);

  Note::create().contact_id(ann.id).text("first").exec(db());
  Note::create().contact(bob).text("second").exec(db());  // the key from the parent, typed
  auto ann_notes = ann.notes().exec(db());
  ASSERT_EQ(ann_notes.size(), 1u);
  EXPECT_EQ(ann_notes[0].contact_id, ann.id);
  EXPECT_EQ(Note::filter_by_contact_id(bob.id).first(db()).value().text, "second");
  auto f = Contact::fields();
  EXPECT_EQ(Contact::filter(f.email().eq(Email{"ann@x.io"})).exec(db()).size(), 1u);
  EXPECT_EQ(Note::filter_by_contact_id(ann.id).first(db()).value().contact().get(db()).name, "Ann");

  // Updates carry the newtype too, in the row and the object.
  ann.update().email(Email{"ann@y.io"}).exec(db());
  EXPECT_EQ(ann.email, Email{"ann@y.io"});
  EXPECT_EQ(Contact::get_by_email(db(), Email{"ann@y.io"}).id, ann.id);
}

// Stored as the plain value: the database's own client reads the email text.
TEST_F(Newtypes, StoredAsTheValueTheyWrap) {
  const std::string backend = toasty_test::backend_name();
  if (backend == "dynamodb") GTEST_SKIP() << "the raw-client check is for the SQL databases";
  toasty_test::ClientVisibleDb visible(app::models());
  Contact c = Contact::create().email(Email{"cat@x.io"}).name("Cat").exec(*visible.db);
  std::string why;
  auto out = toasty_test::client_query(visible.url, "SELECT email, id FROM contacts", &why);
  if (!out) GTEST_SKIP() << why;
  EXPECT_EQ(*out, "cat@x.io\t" + c.id.value.to_string() + "\n");
}

}  // namespace
