// Uuid fields and #[auto] Uuid keys (UUID v7 made by the client) on every backend, and
// #[auto] integer keys refused up front where the backend cannot auto-increment.
#include <filesystem>
#include <set>
#include <string>
#include <unistd.h>

#ifdef TOASTY_HAVE_DYNAMODB
#include "driver/dynamodb/client/dynamodb_client.hpp"
#endif

#include "app.toasty.hpp"
#include "app_db_test.hpp"
#include "support/backend.hpp"
#include "support/db_client.hpp"

using app::Device;
using toasty::Uuid;
using toasty_test::BackendTest;

namespace {

using Uuids = toasty_test::AppDbTest;

TEST_F(Uuids, AutoKeyCreateGetFilterUpdateRemove) {
  const Uuid owner = Uuid::v7();
  Device a = Device::create().serial(Uuid::v7()).owner(owner).label("a").exec(db());
  Device b = Device::create().serial(Uuid::v7()).label("b").exec(db());
  EXPECT_EQ(a.id.version(), 7);
  EXPECT_LT(a.id, b.id);  // made in order, sorted in order

  Device got = Device::get_by_id(db(), a.id);
  EXPECT_EQ(got.id, a.id);
  EXPECT_EQ(got.serial, a.serial);
  EXPECT_EQ(got.owner, std::optional<Uuid>(owner));
  EXPECT_EQ(Device::get_by_serial(db(), b.serial).id, b.id);
  EXPECT_EQ(Device::get_by_id(db(), b.id).owner, std::nullopt);
  EXPECT_THROW(Device::get_by_id(db(), Uuid::v7()), toasty::NotFound);

  auto owned = Device::filter_by_owner(owner).exec(db());
  ASSERT_EQ(owned.size(), 1u);
  EXPECT_EQ(owned[0].id, a.id);
  EXPECT_EQ(Device::filter(Device::fields().id().eq(b.id)).get(db()).label, "b");

  // Update by instance and by query; the key stays, the Uuid fields change.
  const Uuid next_owner = Uuid::v7();
  b.update().owner(next_owner).label("b2").exec(db());
  EXPECT_EQ(Device::get_by_id(db(), b.id).owner, std::optional<Uuid>(next_owner));
  Device::filter_by_owner(owner).update().owner(std::nullopt).exec(db());
  EXPECT_EQ(Device::get_by_id(db(), a.id).owner, std::nullopt);
  EXPECT_TRUE(Device::filter_by_owner(owner).exec(db()).empty());

  a.remove(db());
  EXPECT_THROW(Device::get_by_id(db(), a.id), toasty::NotFound);
  EXPECT_EQ(Device::filter_by_id(b.id).remove(db()), 1u);
  EXPECT_THROW(Device::get_by_serial(db(), b.serial), toasty::NotFound);
}

// #[auto(uuid(v4))]: random keys, version 4 with the RFC 9562 variant, all distinct.
TEST_F(Uuids, RandomV4KeysAreMadeAtCreate) {
  std::set<Uuid> seen;
  for (int i = 0; i < 50; ++i) {
    app::Invite inv = app::Invite::create().email("x" + std::to_string(i) + "@x.io").exec(db());
    EXPECT_EQ(inv.token.version(), 4) << inv.token.to_string();
    EXPECT_EQ(inv.token.bytes()[8] & 0xc0, 0x80) << inv.token.to_string();
    EXPECT_TRUE(seen.insert(inv.token).second);
    EXPECT_EQ(app::Invite::get_by_token(db(), inv.token).email, inv.email);
    EXPECT_EQ(inv.batch.version(), 7);  // #[auto] on a field that is not the key
    EXPECT_EQ(app::Invite::get_by_batch(db(), inv.batch).token, inv.token);
  }
  const Uuid mine = Uuid::v4();
  EXPECT_EQ(app::Invite::create().token(mine).email("kept@x.io").exec(db()).token, mine);  // a given key is kept
}

TEST_F(Uuids, KeySetByTheApplicationIsKept) {
  const Uuid mine = Uuid::parse("0190a4c2-7b7e-7cc1-9f3a-5b1c2d3e4f50");
  Device d = Device::create().id(mine).serial(Uuid::v7()).label("mine").exec(db());
  EXPECT_EQ(d.id, mine);
  EXPECT_EQ(Device::get_by_id(db(), mine).label, "mine");
  EXPECT_THROW(Device::create().id(mine).serial(Uuid::v7()).label("again").exec(db()),
               toasty::UniqueViolation);
}

TEST_F(Uuids, UniqueUuidFieldIsEnforced) {
  const Uuid serial = Uuid::v7();
  Device::create().serial(serial).label("first").exec(db());
  try {
    Device::create().serial(serial).label("second").exec(db());
    FAIL() << "expected a unique violation";
  } catch (const toasty::UniqueViolation& e) {
    EXPECT_EQ(e.model(), "Device");
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0], "serial");
  }
}

// The column types the backends store UUIDs in, seen with the database's own client:
// PostgreSQL's uuid, MySQL's CHAR(36), SQLite's TEXT, DynamoDB's S — canonical text.
TEST_F(Uuids, StoredTypeSeenByTheDatabasesOwnClient) {
  const std::string backend = toasty_test::backend_name();
  std::string url = url_;
  std::string file;
  std::optional<toasty::Db> db;
  std::string sql;
  if (backend == "sqlite") {
    file = (std::filesystem::temp_directory_path() /
            ("toasty-uuid-" + std::to_string(::getpid()) + ".db")).string();
    std::filesystem::remove(file);
    url = "sqlite://" + file;
    db.emplace(toasty::Db::connect(url, app::models()));
    db->push_schema();
    sql = "SELECT typeof(id), id FROM devices";
  } else if (backend == "postgresql") {
    sql = "SELECT pg_typeof(id), id FROM devices";
  } else if (backend == "mysql") {
    sql = "SELECT column_type, (SELECT id FROM devices) FROM information_schema.columns "
          "WHERE table_schema = DATABASE() AND table_name = 'devices' AND column_name = 'id'";
  } else if (backend == "dynamodb") {
#ifdef TOASTY_HAVE_DYNAMODB
    // The raw client: the key is an S attribute holding the canonical text.
    namespace ddb = toasty::dynamodb;
    const Uuid id = Uuid::v7();
    Device::create().id(id).serial(Uuid::v7()).label("x").exec(*db_);
    ddb::Client client(ddb::Config::from_url(url_));
    auto item = client.get_item({{"TableName", "devices"}, {"Key", {{"id", ddb::av::string(id.to_string())}}}});
    ASSERT_TRUE(item.has_value());
    EXPECT_EQ((*item)["label"], ddb::av::string("x"));
    auto desc = client.describe_table("devices");
    bool key_is_s = false;
    for (const auto& a : desc["AttributeDefinitions"])
      key_is_s = key_is_s || (a["AttributeName"] == "id" && a["AttributeType"] == "S");
    EXPECT_TRUE(key_is_s) << desc.dump();
    return;
#else
    GTEST_SKIP() << "built without the DynamoDB driver";
#endif
  } else {
    GTEST_SKIP() << "no client for " << backend;
  }
  if (!db) db.emplace(toasty_test::fresh_db(app::models()));
  const Uuid id = Uuid::parse("0190a4c2-7b7e-7cc1-9f3a-5b1c2d3e4f50");
  Device::create().id(id).serial(Uuid::v7()).label("x").exec(*db);
  std::string why;
  auto out = toasty_test::client_query(url, sql, &why);
  if (!file.empty()) std::filesystem::remove(file);
  if (!out) GTEST_SKIP() << why;
  const std::string type = backend == "sqlite" ? "text" : backend == "postgresql" ? "uuid" : "char(36)";
  EXPECT_EQ(*out, type + "\t" + id.to_string() + "\n");
}

// #[auto] on an integer key where the backend has no auto-increment (DynamoDB): the Db
// refuses the schema when it opens, naming model, field and the way out.
TEST_F(Uuids, AutoIncrementKeyIsASchemaErrorWithoutAutoIncrement) {
  const toasty::ModelSet sample = {&app::Sample::model()};
  if (db().driver().capability().auto_increment) {
    // Auto-increment backends take the model and number its keys.
    auto db = toasty_test::fresh_db(sample);
    auto s = app::Sample::create().flag(true).tiny(1).small(2).medium(3).big(4).utiny(5).usmall(6)
                 .umedium(7).ubig(8).weight(1.5f).ratio(2.5).text("t").blob({}).exec(db);
    EXPECT_GT(s.id, 0);
    return;
  }
  try {
    auto db = toasty::Db::connect(url_, sample);
    FAIL() << "expected InvalidSchema";
  } catch (const toasty::InvalidSchema& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("model Sample"), std::string::npos) << m;
    EXPECT_NE(m.find("field `id`"), std::string::npos) << m;
    EXPECT_NE(m.find("no auto-increment"), std::string::npos) << m;
    EXPECT_NE(m.find("#[auto] id: Uuid"), std::string::npos) << m;
  }
}

}  // namespace
