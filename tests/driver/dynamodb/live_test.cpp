// Live tests against DynamoDB Local (or DynamoDB). Configured like any AWS client:
// AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:PORT + AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
// AWS_REGION (scripts/lib/dynamodb_local.sh's start_dynamodb_local exports them), or
// TOASTY_TEST_DYNAMODB_URL=dynamodb://... Skipped when neither variable is set.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <memory>
#include <set>
#include <thread>

#include "print.hpp"
#include "driver/dynamodb/client/dynamodb_client.hpp"

namespace ddb = toasty::dynamodb;
using ddb::Json;
using toasty::ScalarType;
using toasty::Value;
using Fault = ddb::FaultInjectingTransport::Fault;

namespace {

std::optional<std::string> test_url() {
  if (const char* u = std::getenv("TOASTY_TEST_DYNAMODB_URL"); u != nullptr && *u != '\0') return u;
  if (const char* e = std::getenv("AWS_ENDPOINT_URL_DYNAMODB"); e != nullptr && *e != '\0') {
    return "dynamodb://";
  }
  return std::nullopt;
}

Json key(const std::string& pk, std::int64_t sk) {
  return Json{{"pk", ddb::av::string(pk)}, {"sk", ddb::av::number(sk)}};
}

class DynamoDbLive : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = test_url();
    if (!url) {
      GTEST_SKIP() << "AWS_ENDPOINT_URL_DYNAMODB and TOASTY_TEST_DYNAMODB_URL are unset: no DynamoDB "
                      "to test against (source scripts/lib/dynamodb_local.sh; start_dynamodb_local)";
    }
    config_ = ddb::Config::from_url(*url);
    client_ = std::make_unique<ddb::Client>(config_);
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    prefix_ = "toasty_ddbc_" + std::to_string(getpid()) + "_" + info->name();
  }

  void TearDown() override {
    if (!client_) return;
    for (const std::string& t : tables_) {
      try {
        client_->delete_table(t);
      } catch (const std::exception& e) {
        ADD_FAILURE() << "cleanup of " << t << ": " << e.what();
      }
    }
  }

  // pk (S) + sk (N), a GSI "by_email" on email (S), on-demand billing.
  std::string create_table(const std::string& suffix = "") {
    std::string name = prefix_ + suffix;
    client_->delete_table(name);  // leftovers of an interrupted run
    Json req = {
        {"TableName", name},
        {"BillingMode", "PAY_PER_REQUEST"},
        {"AttributeDefinitions",
         {{{"AttributeName", "pk"}, {"AttributeType", "S"}},
          {{"AttributeName", "sk"}, {"AttributeType", "N"}},
          {{"AttributeName", "email"}, {"AttributeType", "S"}}}},
        {"KeySchema",
         {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}, {{"AttributeName", "sk"}, {"KeyType", "RANGE"}}}},
        {"GlobalSecondaryIndexes",
         {{{"IndexName", "by_email"},
           {"KeySchema", {{{"AttributeName", "email"}, {"KeyType", "HASH"}}}},
           {"Projection", {{"ProjectionType", "ALL"}}}}}},
    };
    tables_.push_back(name);
    Json desc = client_->create_table(req, std::chrono::seconds(60));
    EXPECT_EQ(desc.value("TableStatus", ""), "ACTIVE");
    return name;
  }

  // A client whose transport goes through a fault injector to the real server.
  std::pair<std::unique_ptr<ddb::Client>, std::shared_ptr<ddb::FaultInjectingTransport>> faulty_client(
      std::function<void(ddb::Config&)> tweak = {}) {
    auto faults = std::make_shared<ddb::FaultInjectingTransport>(
        std::shared_ptr<ddb::Transport>(ddb::make_curl_transport()));
    ddb::Config c = config_;
    c.transport = faults;
    if (tweak) tweak(c);
    return {std::make_unique<ddb::Client>(c), faults};
  }

  ddb::Config config_;
  std::unique_ptr<ddb::Client> client_;
  std::string prefix_;
  std::vector<std::string> tables_;
};

}  // namespace

TEST_F(DynamoDbLive, CreateTableWithGsiWaitsUntilActiveAndDeleteTable) {
  std::string t = create_table();
  Json desc = client_->describe_table(t);
  EXPECT_EQ(desc["TableStatus"], "ACTIVE");
  ASSERT_EQ(desc["GlobalSecondaryIndexes"].size(), 1u);
  EXPECT_EQ(desc["GlobalSecondaryIndexes"][0]["IndexName"], "by_email");
  EXPECT_EQ(desc["GlobalSecondaryIndexes"][0]["IndexStatus"], "ACTIVE");
  auto names = client_->list_tables();
  EXPECT_NE(std::find(names.begin(), names.end(), t), names.end());

  // Creating it again: ResourceInUseException, as a ServiceError.
  try {
    client_->call("CreateTable", Json{{"TableName", t},
                                      {"BillingMode", "PAY_PER_REQUEST"},
                                      {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
                                      {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}}});
    ADD_FAILURE() << "no error for an existing table";
  } catch (const ddb::ServiceError& e) {
    EXPECT_EQ(e.type(), "ResourceInUseException") << e.what();
  }

  EXPECT_TRUE(client_->delete_table(t));
  EXPECT_FALSE(client_->delete_table(t));  // gone: ResourceNotFound is ignored
  EXPECT_THROW(client_->describe_table(t), ddb::ResourceNotFound);
  names = client_->list_tables();
  EXPECT_EQ(std::find(names.begin(), names.end(), t), names.end());
}

TEST_F(DynamoDbLive, PutGetUpdateDelete) {
  std::string t = create_table();
  toasty::Bytes all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<std::uint8_t>(i));
  const std::vector<std::pair<std::string, Value>> fields = {
      {"u64max", Value(std::numeric_limits<std::uint64_t>::max())},
      {"i64min", Value(std::numeric_limits<std::int64_t>::min())},
      {"i64max", Value(std::numeric_limits<std::int64_t>::max())},
      {"big_exact", Value(std::int64_t{9007199254740993LL})},  // 2^53 + 1: no double rounding
      {"f64", Value(0.1)},
      {"tiny", Value(-1.25e-100)},
      {"flag", Value(true)},
      {"nothing", Value()},
      {"text", Value(std::string("h\xC3\xA9llo \xF0\x9F\x8D\x9E \"q\" \\ \n"))},
      {"blob", Value(all_bytes)},
  };
  Json item = key("user#1", 1);
  for (const auto& [name, v] : fields) item[name] = ddb::to_attribute_value(v);
  item["email"] = ddb::av::string("a@example.com");
  client_->put_item({{"TableName", t}, {"Item", item}});

  auto got = client_->get_item({{"TableName", t}, {"Key", key("user#1", 1)}, {"ConsistentRead", true}});
  ASSERT_TRUE(got.has_value());
  for (const auto& [name, v] : fields) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(got->contains(name));
    EXPECT_EQ(ddb::from_attribute_value((*got)[name]), v);
  }
  EXPECT_EQ(ddb::from_attribute_value((*got)["u64max"], ScalarType::U64).as_u64(),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(ddb::from_attribute_value((*got)["f64"], ScalarType::F64).as_f64(), 0.1);

  Json updated = client_->update_item({{"TableName", t},
                                       {"Key", key("user#1", 1)},
                                       {"UpdateExpression", "SET #c = :c ADD #n :one"},
                                       {"ExpressionAttributeNames", {{"#c", "text"}, {"#n", "counter"}}},
                                       {"ExpressionAttributeValues",
                                        {{":c", ddb::av::string("changed")}, {":one", ddb::av::number(1)}}},
                                       {"ReturnValues", "ALL_NEW"}});
  EXPECT_EQ(updated["Attributes"]["text"], ddb::av::string("changed"));
  EXPECT_EQ(updated["Attributes"]["counter"], ddb::av::number(1));

  Json deleted = client_->delete_item({{"TableName", t}, {"Key", key("user#1", 1)}, {"ReturnValues", "ALL_OLD"}});
  EXPECT_EQ(deleted["Attributes"]["text"], ddb::av::string("changed"));
  EXPECT_FALSE(client_->get_item({{"TableName", t}, {"Key", key("user#1", 1)}, {"ConsistentRead", true}})
                   .has_value());
}

TEST_F(DynamoDbLive, ConditionalPutFails) {
  std::string t = create_table();
  Json put = {{"TableName", t},
              {"Item", {{"pk", ddb::av::string("a")}, {"sk", ddb::av::number(1)}, {"v", ddb::av::number(1)}}},
              {"ConditionExpression", "attribute_not_exists(pk)"}};
  client_->put_item(put);
  put["Item"]["v"] = ddb::av::number(2);
  put["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD";
  try {
    client_->put_item(put);
    FAIL() << "second conditional put succeeded";
  } catch (const ddb::ConditionalCheckFailed& e) {
    EXPECT_EQ(e.type(), "ConditionalCheckFailedException");
    EXPECT_EQ(e.operation(), "PutItem");
    EXPECT_EQ(e.http_status(), 400);
    ASSERT_TRUE(e.item().has_value());  // ReturnValuesOnConditionCheckFailure=ALL_OLD
    EXPECT_EQ((*e.item())["v"], ddb::av::number(1));
  }
  // Also catchable as the generic toasty error.
  EXPECT_THROW(client_->put_item(put), toasty::DatabaseError);
  // Update with a failing condition.
  EXPECT_THROW(client_->update_item({{"TableName", t},
                                     {"Key", key("a", 1)},
                                     {"UpdateExpression", "SET v = :n"},
                                     {"ConditionExpression", "v = :old"},
                                     {"ExpressionAttributeValues",
                                      {{":n", ddb::av::number(3)}, {":old", ddb::av::number(99)}}}}),
               ddb::ConditionalCheckFailed);
  auto got = client_->get_item({{"TableName", t}, {"Key", key("a", 1)}, {"ConsistentRead", true}});
  ASSERT_TRUE(got);
  EXPECT_EQ((*got)["v"], ddb::av::number(1));
}

TEST_F(DynamoDbLive, TransactWriteItemsCancellationReasons) {
  std::string t = create_table();
  client_->put_item({{"TableName", t}, {"Item", key("exists", 1)}});
  Json tx = {{"TransactItems",
              {{{"Put", {{"TableName", t}, {"Item", key("new", 1)}}}},
               {{"Put",
                 {{"TableName", t},
                  {"Item", key("exists", 1)},
                  {"ConditionExpression", "attribute_not_exists(pk)"}}}},
               {{"Update",
                 {{"TableName", t},
                  {"Key", key("other", 1)},
                  {"UpdateExpression", "SET v = :v"},
                  {"ExpressionAttributeValues", {{":v", ddb::av::number(1)}}}}}}}}};
  try {
    client_->transact_write_items(tx);
    FAIL() << "transaction succeeded";
  } catch (const ddb::TransactionCanceled& e) {
    ASSERT_EQ(e.reasons().size(), 3u) << e.what();
    EXPECT_EQ(e.reasons()[0].code, "None");
    EXPECT_EQ(e.reasons()[1].code, "ConditionalCheckFailed");
    EXPECT_EQ(e.reasons()[2].code, "None");
    EXPECT_EQ(e.first_index_of("ConditionalCheckFailed"), 1u);
  }
  // Nothing of the transaction was written.
  EXPECT_FALSE(client_->get_item({{"TableName", t}, {"Key", key("new", 1)}, {"ConsistentRead", true}}));
  EXPECT_FALSE(client_->get_item({{"TableName", t}, {"Key", key("other", 1)}, {"ConsistentRead", true}}));

  // A passing transaction writes everything.
  tx["TransactItems"][1]["Put"]["Item"] = key("exists2", 1);
  client_->transact_write_items(tx);
  EXPECT_TRUE(client_->get_item({{"TableName", t}, {"Key", key("new", 1)}, {"ConsistentRead", true}}));
  EXPECT_TRUE(client_->get_item({{"TableName", t}, {"Key", key("exists2", 1)}, {"ConsistentRead", true}}));
}

TEST_F(DynamoDbLive, QueryPagination) {
  std::string t = create_table();
  for (int i = 5; i >= 1; --i) {
    Json item = key("p", i);
    item["email"] = ddb::av::string(i % 2 ? "odd@example.com" : "even@example.com");
    client_->put_item({{"TableName", t}, {"Item", item}});
  }
  client_->put_item({{"TableName", t}, {"Item", key("other", 1)}});
  Json q = {{"TableName", t},
            {"KeyConditionExpression", "pk = :p"},
            {"ExpressionAttributeValues", {{":p", ddb::av::string("p")}}},
            {"Limit", 2},
            {"ConsistentRead", true}};

  ddb::Page first = client_->query(q);
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_EQ(first.count, 2);
  ASSERT_TRUE(first.last_evaluated_key.has_value());
  EXPECT_EQ((*first.last_evaluated_key)["sk"], ddb::av::number(2));

  auto before = client_->http_requests();
  std::vector<Json> all = client_->query_all(q);
  ASSERT_EQ(all.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(all[static_cast<std::size_t>(i)]["sk"], ddb::av::number(i + 1));
  // 2 + 2 + 1 (+ possibly one empty page, when the server cannot know it was the end).
  EXPECT_GE(client_->http_requests() - before, 3u);
  EXPECT_LE(client_->http_requests() - before, 4u);

  EXPECT_EQ(client_->query_all(q, 3).size(), 3u);

  // Descending, through the GSI, and a scan.
  Json desc = q;
  desc["ScanIndexForward"] = false;
  auto rev = client_->query_all(desc);
  ASSERT_EQ(rev.size(), 5u);
  EXPECT_EQ(rev[0]["sk"], ddb::av::number(5));
  Json gsi = {{"TableName", t},
              {"IndexName", "by_email"},
              {"KeyConditionExpression", "email = :e"},
              {"ExpressionAttributeValues", {{":e", ddb::av::string("odd@example.com")}}},
              {"Limit", 1}};
  EXPECT_EQ(client_->query_all(gsi).size(), 3u);
  Json scan = {{"TableName", t}, {"Limit", 2}};
  EXPECT_EQ(client_->scan_all(scan).size(), 6u);
}

TEST_F(DynamoDbLive, BatchWriteAndBatchGet150Keys) {
  std::string t = create_table();
  auto [client, faults] = faulty_client();
  std::vector<Json> writes;
  for (int i = 0; i < 150; ++i) {
    Json item = key("b", i);
    item["payload"] = ddb::av::string(std::string(100, static_cast<char>('a' + i % 26)));
    writes.push_back({{"PutRequest", {{"Item", item}}}});
  }
  client->batch_write_item(t, writes);
  EXPECT_EQ(std::count(faults->operations_seen().begin(), faults->operations_seen().end(), "BatchWriteItem"), 6);

  std::vector<Json> keys;
  for (int i = 0; i < 150; ++i) keys.push_back(key("b", i));
  for (int i = 0; i < 10; ++i) keys.push_back(key("b", i));      // duplicates
  for (int i = 0; i < 5; ++i) keys.push_back(key("missing", i));  // not there
  std::vector<Json> items = client->batch_get_item(t, keys, {{"ConsistentRead", true}});
  EXPECT_EQ(items.size(), 150u);
  std::set<std::int64_t> seen;
  for (const Json& item : items) {
    seen.insert(ddb::from_attribute_value(item["sk"], ScalarType::I64).as_i64());
    EXPECT_EQ(item["payload"]["S"].get<std::string>().size(), 100u);
  }
  EXPECT_EQ(seen.size(), 150u);
  // 155 distinct keys: two requests (100 + 55).
  EXPECT_EQ(std::count(faults->operations_seen().begin(), faults->operations_seen().end(), "BatchGetItem"), 2);

  // Deletes through BatchWriteItem, with a throttled batch in between.
  faults->inject(Fault::ProvisionedThroughputExceeded, 2, "BatchWriteItem");
  std::vector<Json> deletes;
  for (int i = 0; i < 30; ++i) deletes.push_back({{"DeleteRequest", {{"Key", key("b", i)}}}});
  client->batch_write_item(t, deletes);
  EXPECT_EQ(faults->faults_served(), 2);
  EXPECT_EQ(client->scan_all({{"TableName", t}}).size(), 120u);
}

TEST_F(DynamoDbLive, RetriesInjectedThrottlingAnd5xx) {
  std::string t = create_table();
  std::vector<std::chrono::milliseconds> sleeps;
  auto [client, faults] = faulty_client([&](ddb::Config& c) {
    c.retry.max_attempts = 9;  // the 8 faults below, then the real answer
    c.sleep = [&](std::chrono::milliseconds d) { sleeps.push_back(d); };  // recorded, not waited
  });
  faults->inject(Fault::ThrottlingException, 2, "PutItem");
  faults->inject(Fault::InternalServerError, 1, "PutItem");
  faults->inject(Fault::ProvisionedThroughputExceeded, 1, "PutItem");
  faults->inject(Fault::RequestLimitExceeded, 1, "PutItem");
  faults->inject(Fault::ServiceUnavailable, 1, "PutItem");
  faults->inject(Fault::TransportFailure, 1, "PutItem");
  faults->inject(Fault::CorruptResponse, 1, "PutItem");  // reaches the server: x-amz-crc32 check
  client->put_item({{"TableName", t}, {"Item", key("r", 1)}});
  EXPECT_EQ(faults->faults_served(), 8);
  EXPECT_EQ(faults->requests_passed(), 1);
  EXPECT_EQ(client->retries(), 8u);
  EXPECT_EQ(sleeps.size(), 8u);
  for (auto d : sleeps) EXPECT_LE(d.count(), 2000);
  EXPECT_TRUE(client->get_item({{"TableName", t}, {"Key", key("r", 1)}, {"ConsistentRead", true}}));

  // More throttling than attempts: the error surfaces, naming the type.
  auto [strict, faults2] = faulty_client([](ddb::Config& c) { c.retry.max_attempts = 3; });
  faults2->inject(Fault::ThrottlingException, 3, "GetItem");
  try {
    strict->get_item({{"TableName", t}, {"Key", key("r", 1)}});
    FAIL() << "no error";
  } catch (const ddb::ServiceError& e) {
    EXPECT_EQ(e.type(), "ThrottlingException");
    EXPECT_NE(std::string(e.what()).find("gave up after 3 attempts"), std::string::npos) << e.what();
  }
  EXPECT_EQ(faults2->requests_passed(), 0);
  // And the next call goes through.
  EXPECT_TRUE(strict->get_item({{"TableName", t}, {"Key", key("r", 1)}}));
}

TEST_F(DynamoDbLive, ServiceErrors) {
  std::string missing = prefix_ + "_missing";
  try {
    client_->get_item({{"TableName", missing}, {"Key", key("x", 1)}});
    FAIL() << "no error";
  } catch (const ddb::ResourceNotFound& e) {
    EXPECT_EQ(e.type(), "ResourceNotFoundException");
    EXPECT_EQ(e.operation(), "GetItem");
  }
  std::string t = create_table();
  try {
    client_->put_item({{"TableName", t}, {"Item", {{"pk", ddb::av::string("only-pk")}}}});
    FAIL() << "no error";
  } catch (const ddb::ServiceError& e) {
    EXPECT_EQ(e.type(), "ValidationException") << e.what();
    EXPECT_FALSE(e.error_message().empty());
  }
  // An unknown operation.
  try {
    client_->call("NoSuchOperation", Json::object());
    FAIL() << "no error";
  } catch (const ddb::ServiceError& e) {
    EXPECT_GE(e.http_status(), 400) << e.what();
  }
}

TEST_F(DynamoDbLive, AnswersOverOneMegabyteArePagedByLastEvaluatedKey) {
  std::string t = create_table();
  const std::string body(7000, 'x');
  std::vector<Json> puts;
  for (int i = 0; i < 220; ++i) {  // about 1.5 MB in one partition
    Json item = key("p", i);
    item["body"] = ddb::av::string(body);
    puts.push_back(Json{{"PutRequest", {{"Item", item}}}});
  }
  client_->batch_write_item(t, puts);
  Json q = {{"TableName", t}, {"KeyConditionExpression", "pk = :p"}, {"ExpressionAttributeValues", {{":p", ddb::av::string("p")}}}};
  ddb::Page first = client_->query(q);
  EXPECT_LT(first.items.size(), 220u);                // the server cut the answer at 1 MB
  ASSERT_TRUE(first.last_evaluated_key.has_value());  // and said where to go on
  auto all = client_->query_all(q);
  ASSERT_EQ(all.size(), 220u);
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i]["sk"]["N"], std::to_string(i));
  EXPECT_EQ(client_->scan_all({{"TableName", t}}).size(), 220u);
}

TEST_F(DynamoDbLive, ManyRequestsReuseTheConnection) {
  std::string t = create_table();
  const std::uint64_t opened_before = client_->connections_opened();
  const std::uint64_t requests_before = client_->http_requests();
  for (int i = 0; i < 200; ++i) {
    client_->put_item({{"TableName", t}, {"Item", key("c", i)}});
  }
  EXPECT_EQ(client_->http_requests() - requests_before, 200u);
  // Kept alive: the 200 requests share the connection already open (at most one new one,
  // should the server have closed the earlier connection in between).
  EXPECT_LE(client_->connections_opened() - opened_before, 1u);
  EXPECT_GE(client_->connections_opened(), 1u);
  EXPECT_EQ(client_->scan_all({{"TableName", t}, {"Select", "ALL_ATTRIBUTES"}}).size(), 200u);
}
