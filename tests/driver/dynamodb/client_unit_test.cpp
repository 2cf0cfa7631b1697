// Client pieces that need no server: request building and signing, error parsing and
// mapping, the retry loop (driven by the fault-injection transport), an unreachable endpoint.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>

#include "errors.hpp"
#include "http.hpp"
#include "sigv4.hpp"
#include "driver/dynamodb/client/dynamodb_client.hpp"

namespace ddb = toasty::dynamodb;
using ddb::Json;

namespace {

ddb::Config test_config(std::shared_ptr<ddb::Transport> transport) {
  ddb::Config c;
  c.region = "us-east-1";
  c.endpoint = "http://127.0.0.1:1";
  c.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
  c.transport = std::move(transport);
  c.random_seed = 42;
  return c;
}

template <class E>
E caught(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return e;
  }
  throw std::runtime_error("expected exception not thrown");
}

}  // namespace

TEST(Request, BuildAndSign) {
  using namespace std::chrono;
  auto at = system_clock::time_point(seconds(1440938160));  // 20150830T123600Z
  ddb::Credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "TOKEN"};
  ddb::HttpRequest r = ddb::build_request("http://127.0.0.1:8000", "127.0.0.1:8000", "/", "us-east-1",
                                          creds, "GetItem", R"({"TableName":"t"})", at);
  EXPECT_EQ(r.url, "http://127.0.0.1:8000");
  EXPECT_EQ(r.body, R"({"TableName":"t"})");
  EXPECT_EQ(*ddb::find_header(r.headers, "host"), "127.0.0.1:8000");
  EXPECT_EQ(*ddb::find_header(r.headers, "content-type"), "application/x-amz-json-1.0");
  EXPECT_EQ(*ddb::find_header(r.headers, "x-amz-target"), "DynamoDB_20120810.GetItem");
  EXPECT_EQ(*ddb::find_header(r.headers, "x-amz-date"), "20150830T123600Z");
  EXPECT_EQ(*ddb::find_header(r.headers, "x-amz-security-token"), "TOKEN");
  const std::string& auth = *ddb::find_header(r.headers, "authorization");
  EXPECT_EQ(auth.rfind("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, "
                       "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, "
                       "Signature=",
                       0),
            0u)
      << auth;
  // Re-signing the request as sent (all headers but Authorization) gives the same signature.
  ddb::sigv4::Request again{"POST", "/", "", {}, r.body};
  for (const auto& h : r.headers) {
    if (h.first != "Authorization") again.headers.push_back(h);
  }
  ddb::sigv4::Params p{"us-east-1", "dynamodb", "20150830T123600Z"};
  EXPECT_EQ(ddb::sigv4::sign(again, {creds.access_key_id, creds.secret_access_key, creds.session_token}, p)
                .authorization,
            auth);
}

TEST(ErrorMapping, ParsesTypeAndMessage) {
  auto e = ddb::parse_error(
      400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"bad key"})");
  EXPECT_EQ(e.type, "ValidationException");
  EXPECT_EQ(e.message, "bad key");
  auto e2 = ddb::parse_error(400, R"({"__type":"com.amazon.coral.validate#ValidationException","Message":"M"})");
  EXPECT_EQ(e2.type, "ValidationException");
  EXPECT_EQ(e2.message, "M");
  auto e3 = ddb::parse_error(502, "<html>Bad Gateway</html>");
  EXPECT_EQ(e3.type, "HTTP 502");
  EXPECT_EQ(e3.message, "<html>Bad Gateway</html>");
  EXPECT_TRUE(ddb::is_retryable(500, "InternalServerError"));
  EXPECT_TRUE(ddb::is_retryable(503, "HTTP 503"));
  EXPECT_TRUE(ddb::is_retryable(400, "ThrottlingException"));
  EXPECT_TRUE(ddb::is_retryable(400, "ProvisionedThroughputExceededException"));
  EXPECT_TRUE(ddb::is_retryable(400, "RequestLimitExceeded"));
  EXPECT_FALSE(ddb::is_retryable(400, "ValidationException"));
  EXPECT_FALSE(ddb::is_retryable(400, "ConditionalCheckFailedException"));
  EXPECT_FALSE(ddb::is_retryable(400, "TransactionCanceledException"));
}

TEST(ErrorMapping, ExceptionClasses) {
  auto raise = [](long status, const std::string& body) {
    ddb::throw_error("PutItem", status, ddb::parse_error(status, body));
  };
  auto ccf = caught<ddb::ConditionalCheckFailed>([&] {
    raise(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                   "message":"The conditional request failed","Item":{"pk":{"S":"a"}}})");
  });
  EXPECT_EQ(ccf.type(), "ConditionalCheckFailedException");
  EXPECT_EQ(ccf.operation(), "PutItem");
  EXPECT_EQ(ccf.http_status(), 400);
  ASSERT_TRUE(ccf.item().has_value());
  EXPECT_EQ((*ccf.item())["pk"]["S"], "a");
  EXPECT_STREQ(ccf.what(), "DynamoDB PutItem: ConditionalCheckFailedException: The conditional request failed");

  auto tc = caught<ddb::TransactionCanceled>([&] {
    raise(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                   "message":"Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
                   "CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed","Message":"The conditional request failed"}]})");
  });
  ASSERT_EQ(tc.reasons().size(), 2u);
  EXPECT_EQ(tc.reasons()[0].code, "None");
  EXPECT_EQ(tc.reasons()[1].code, "ConditionalCheckFailed");
  EXPECT_EQ(tc.reasons()[1].message, "The conditional request failed");
  EXPECT_EQ(tc.first_index_of("ConditionalCheckFailed"), 1u);
  EXPECT_FALSE(tc.has_code("TransactionConflict"));

  // Without CancellationReasons, the codes are read from the message.
  auto tc2 = caught<ddb::TransactionCanceled>([&] {
    raise(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                   "message":"Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, TransactionConflict]"})");
  });
  ASSERT_EQ(tc2.reasons().size(), 3u);
  EXPECT_EQ(tc2.reasons()[2].code, "TransactionConflict");

  EXPECT_THROW(raise(400, R"({"__type":"x#ResourceNotFoundException","message":"Requested resource not found"})"),
               ddb::ResourceNotFound);
  auto other = caught<toasty::DatabaseError>(
      [&] { raise(400, R"({"__type":"x#ValidationException","message":"One or more parameter values were invalid"})"); });
  EXPECT_STREQ(other.what(), "DynamoDB PutItem: ValidationException: One or more parameter values were invalid");
  auto se = caught<ddb::ServiceError>([&] { raise(413, "too large"); });
  EXPECT_EQ(se.type(), "HTTP 413");
}

// The retry loop, with every answer coming from the fault injector (no inner transport is
// reached): backoff bounds, exhaustion, and the error thrown at the end.
TEST(Retry, ThrottlingExhaustsWithCappedFullJitterBackoff) {
  auto faults = std::make_shared<ddb::FaultInjectingTransport>(nullptr);
  faults->inject(ddb::FaultInjectingTransport::Fault::ThrottlingException, 8);
  ddb::Config config = test_config(faults);
  std::vector<std::chrono::milliseconds> sleeps;
  config.sleep = [&](std::chrono::milliseconds d) { sleeps.push_back(d); };
  ddb::Client client(config);
  auto e = caught<ddb::ServiceError>([&] { client.call("PutItem", Json::object()); });
  EXPECT_EQ(e.type(), "ThrottlingException");
  EXPECT_NE(std::string(e.what()).find("gave up after 8 attempts"), std::string::npos) << e.what();
  EXPECT_EQ(faults->faults_served(), 8);
  EXPECT_EQ(client.http_requests(), 8u);
  EXPECT_EQ(client.retries(), 7u);
  ASSERT_EQ(sleeps.size(), 7u);
  const long ceilings[] = {25, 50, 100, 200, 400, 800, 1600};
  for (std::size_t i = 0; i < sleeps.size(); ++i) {
    EXPECT_GE(sleeps[i].count(), 0);
    EXPECT_LE(sleeps[i].count(), ceilings[i]) << "retry " << i + 1;
  }
}

TEST(Retry, CapAndMaxAttemptsAreConfigurable) {
  auto faults = std::make_shared<ddb::FaultInjectingTransport>(nullptr);
  faults->inject(ddb::FaultInjectingTransport::Fault::InternalServerError, 100);
  ddb::Config config = test_config(faults);
  config.retry.max_attempts = 20;
  config.retry.base = std::chrono::milliseconds(10);
  config.retry.cap = std::chrono::milliseconds(100);
  std::vector<std::chrono::milliseconds> sleeps;
  config.sleep = [&](std::chrono::milliseconds d) { sleeps.push_back(d); };
  ddb::Client client(config);
  auto e = caught<ddb::ServiceError>([&] { client.call("GetItem", Json::object()); });
  EXPECT_EQ(e.type(), "InternalServerError");
  EXPECT_EQ(e.http_status(), 500);
  ASSERT_EQ(sleeps.size(), 19u);
  long max_seen = 0;
  for (auto d : sleeps) {
    EXPECT_LE(d.count(), 100);
    max_seen = std::max<long>(max_seen, d.count());
  }
  EXPECT_GT(max_seen, 10);  // grew past the base (jittered, but 19 draws)
}

TEST(Retry, TransportFailuresBecomeConnectionErrors) {
  auto faults = std::make_shared<ddb::FaultInjectingTransport>(nullptr);
  faults->inject(ddb::FaultInjectingTransport::Fault::TransportFailure, 3);
  ddb::Config config = test_config(faults);
  config.retry.max_attempts = 3;
  config.sleep = [](std::chrono::milliseconds) {};
  ddb::Client client(config);
  auto e = caught<toasty::ConnectionError>([&] { client.call("GetItem", Json::object()); });
  EXPECT_NE(std::string(e.what()).find("injected transport failure (gave up after 3 attempts)"),
            std::string::npos)
      << e.what();
}

// A 503 with a non-JSON body is retried, and faults can target one operation.
TEST(Retry, ServiceUnavailableIsRetried) {
  auto faults = std::make_shared<ddb::FaultInjectingTransport>(nullptr);
  faults->inject(ddb::FaultInjectingTransport::Fault::ServiceUnavailable, 2, "Query");
  ddb::Config config = test_config(faults);
  config.retry.max_attempts = 2;
  config.sleep = [](std::chrono::milliseconds) {};
  ddb::Client client(config);
  auto e = caught<ddb::ServiceError>([&] { client.call("Query", Json::object()); });
  EXPECT_EQ(e.type(), "HTTP 503");
  EXPECT_EQ(faults->operations_seen(), (std::vector<std::string>{"Query", "Query"}));
}

TEST(Retry, UnreachableEndpoint) {
  ddb::Config config = test_config(nullptr);  // real libcurl transport
  config.endpoint = "http://127.0.0.1:1";     // nothing listens on port 1
  config.retry.max_attempts = 2;
  config.sleep = [](std::chrono::milliseconds) {};
  ddb::Client client(config);
  auto e = caught<ddb::TransportError>([&] { client.call("ListTables", Json::object()); });
  EXPECT_NE(std::string(e.what()).find("http://127.0.0.1:1"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("gave up after 2 attempts"), std::string::npos) << e.what();
  EXPECT_EQ(client.http_requests(), 2u);
}

TEST(Client, RejectsIncompleteConfig) {
  ddb::Config c = test_config(nullptr);
  c.region.clear();
  EXPECT_THROW(ddb::Client{c}, toasty::ConnectionError);
  c = test_config(nullptr);
  c.credentials.secret_access_key.clear();
  EXPECT_THROW(ddb::Client{c}, toasty::ConnectionError);
  c = test_config(nullptr);
  c.endpoint = "127.0.0.1:8000";
  EXPECT_THROW(ddb::Client{c}, toasty::InvalidUrl);
  c = test_config(nullptr);
  c.endpoint.clear();  // the region's default endpoint
  EXPECT_EQ(ddb::Client{c}.config().endpoint, "https://dynamodb.us-east-1.amazonaws.com");
}

TEST(Client, RequestThatIsNotValidUtf8) {
  auto faults = std::make_shared<ddb::FaultInjectingTransport>(nullptr);
  ddb::Client client(test_config(faults));
  EXPECT_THROW(client.call("PutItem", Json{{"S", std::string("\xff\xfe")}}), toasty::InvalidStatement);
  EXPECT_TRUE(faults->operations_seen().empty());
}

TEST(Endpoint, PlainHttpGoesOnlyToLoopbackUnlessAllowed) {
  auto with = [](std::string endpoint, bool allow = false) {
    ddb::Config c = test_config(nullptr);
    c.endpoint = std::move(endpoint);
    c.allow_plain_http = allow;
    ddb::Client client(c);
  };
  EXPECT_NO_THROW(with("http://127.0.0.1:8000"));
  EXPECT_NO_THROW(with("http://localhost:8000"));
  EXPECT_NO_THROW(with("http://[::1]:8000"));
  EXPECT_NO_THROW(with("https://dynamodb.eu-west-1.amazonaws.com"));
  try {
    with("http://dynamodb-local:8000");
    FAIL() << "no error";
  } catch (const toasty::InvalidUrl& e) {
    EXPECT_NE(std::string(e.what()).find("allow_http=true"), std::string::npos) << e.what();
  }
  EXPECT_THROW(with("http://127.evil.example.com"), toasty::InvalidUrl);
  EXPECT_NO_THROW(with("http://dynamodb-local:8000", true));
  // From the URL: ?allow_http=true.
  auto env = ddb::Environment::from_map({{"AWS_ACCESS_KEY_ID", "a"}, {"AWS_SECRET_ACCESS_KEY", "b"}});
  EXPECT_TRUE(ddb::Config::from_url("dynamodb://us-east-1?endpoint=http://db:8000&allow_http=true", env).allow_plain_http);
  EXPECT_FALSE(ddb::Config::from_url("dynamodb://us-east-1?endpoint=http://db:8000", env).allow_plain_http);
  EXPECT_THROW(ddb::Config::from_url("dynamodb://us-east-1?allow_http=yes", env), toasty::InvalidUrl);
}

