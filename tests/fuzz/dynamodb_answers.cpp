// Fuzz target: what a DynamoDB endpoint answers. The first byte picks the HTTP status
// (200, 400 or 500), the rest is the body; every client call decodes it, and every item
// of an answer goes through the attribute-value decoder. A hostile endpoint may send
// anything: only toasty errors may come out, and deep nesting must not exhaust the stack.
#include <cstdint>
#include <memory>
#include <string>

#include "driver/dynamodb/client/dynamodb_client.hpp"
#include "fuzz_target.hpp"

namespace ddb = toasty::dynamodb;

namespace {

class Answer final : public ddb::Transport {
 public:
  Answer(long status, std::string body) : status_(status), body_(std::move(body)) {}
  ddb::HttpResponse send(const ddb::HttpRequest&) override {
    ddb::HttpResponse r;
    r.status = status_;
    r.body = body_;
    return r;
  }

 private:
  long status_;
  std::string body_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const long kStatus[] = {200, 400, 500};
  long status = kStatus[data[0] % 3];
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  ddb::Config c;
  c.region = "us-east-1";
  c.endpoint = "http://127.0.0.1:1";
  c.credentials = {"AKIDFUZZ", "secret", ""};
  c.transport = std::make_shared<Answer>(status, body);
  c.retry.max_attempts = 1;
  c.random_seed = 1;
  c.sleep = [](std::chrono::milliseconds) {};
  ddb::Client client(c);
  using toasty_fuzz::only_toasty_errors;
  const ddb::Json key = {{"TableName", "t"}, {"Key", {{"id", {{"S", "a"}}}}}};
  auto decode = [](const ddb::Json& item) {
    if (!item.is_object()) return;
    for (auto it = item.begin(); it != item.end(); ++it) {
      const ddb::Json& av = it.value();
      only_toasty_errors([&] { (void)ddb::from_attribute_value(av); });
    }
  };
  only_toasty_errors([&] {
    if (auto item = client.get_item(key)) decode(*item);
  });
  only_toasty_errors([&] {
    for (const auto& item : client.query(ddb::Json{{"TableName", "t"}}).items) decode(item);
  });
  only_toasty_errors([&] { (void)client.scan_all(ddb::Json{{"TableName", "t"}}, 5); });
  only_toasty_errors([&] { (void)client.describe_table("t"); });
  only_toasty_errors([&] { (void)client.list_tables(); });
  only_toasty_errors([&] { (void)client.wait_until_active("t", std::chrono::milliseconds(0)); });
  only_toasty_errors([&] { (void)client.put_item(key); });
  only_toasty_errors([&] { (void)client.update_item(key); });
  only_toasty_errors([&] { (void)client.transact_write_items(ddb::Json{{"TransactItems", ddb::Json::array()}}); });
  only_toasty_errors([&] {
    for (const auto& item : client.batch_get_item("t", {ddb::Json{{"id", {{"S", "a"}}}}})) decode(item);
  });
  only_toasty_errors([&] {
    client.batch_write_item("t", {ddb::Json{{"PutRequest", {{"Item", {{"id", {{"S", "a"}}}}}}}}});
  });
  return 0;
}
