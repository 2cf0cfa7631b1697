#pragma once
// A low-level DynamoDB client: the JSON 1.0 protocol (POST + X-Amz-Target) over libcurl,
// signed with AWS Signature Version 4, with retries of throttling / 5xx / transport
// failures. No ORM concepts: requests and responses are DynamoDB's own JSON, as in the
// DynamoDB API reference (docs.aws.amazon.com/amazondynamodb/latest/APIReference/).
//
//   auto client = toasty::dynamodb::Client(toasty::dynamodb::Config::from_url("dynamodb://"));
//   client.put_item({{"TableName", "users"},
//                    {"Item", {{"id", av::string("u1")}, {"age", av::number(42)}}}});
//
// A Client is not thread-safe: use one per thread (or per pooled connection).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "toasty/core/value.hpp"
#include "toasty/error.hpp"

namespace toasty::dynamodb {

using Json = nlohmann::json;

// ------------------------------------------------------------------------- errors

// An error DynamoDB answered with (`__type` / `message` of the error body). what() reads
// "DynamoDB <Operation>: <Type>: <message>". Errors without a more specific class below
// (ValidationException, ResourceInUseException, throttling after the last retry, ...) are
// thrown as ServiceError itself.
class ServiceError : public toasty::DatabaseError {
 public:
  ServiceError(std::string operation, std::string type, std::string message, long http_status);
  const std::string& operation() const { return operation_; }  // "PutItem"
  const std::string& type() const { return type_; }            // "ValidationException"
  const std::string& error_message() const { return message_; }
  long http_status() const { return http_status_; }

 private:
  std::string operation_, type_, message_;
  long http_status_;
};

// ConditionalCheckFailedException from PutItem / UpdateItem / DeleteItem.
class ConditionalCheckFailed : public ServiceError {
 public:
  ConditionalCheckFailed(std::string operation, std::string message, long http_status,
                         std::optional<Json> item);
  // The item as it was, when the request asked ReturnValuesOnConditionCheckFailure=ALL_OLD.
  const std::optional<Json>& item() const { return item_; }

 private:
  std::optional<Json> item_;
};

// One entry of TransactionCanceledException's CancellationReasons, in request order.
struct CancellationReason {
  std::string code;     // "None", "ConditionalCheckFailed", "TransactionConflict", ...
  std::string message;  // may be empty
  std::optional<Json> item;  // with ReturnValuesOnConditionCheckFailure=ALL_OLD
};

// TransactionCanceledException from TransactWriteItems / TransactGetItems.
class TransactionCanceled : public ServiceError {
 public:
  TransactionCanceled(std::string operation, std::string message, long http_status,
                      std::vector<CancellationReason> reasons);
  // One reason per request item, same order ("None" for the items that were fine).
  const std::vector<CancellationReason>& reasons() const { return reasons_; }
  // Index of the first item whose code is `code` (e.g. "ConditionalCheckFailed").
  std::optional<std::size_t> first_index_of(std::string_view code) const;
  bool has_code(std::string_view code) const { return first_index_of(code).has_value(); }

 private:
  std::vector<CancellationReason> reasons_;
};

// ResourceNotFoundException: the table (or index) does not exist (or is not ACTIVE yet).
class ResourceNotFound : public ServiceError {
 public:
  using ServiceError::ServiceError;
};

// The HTTP exchange itself failed (connect refused, timeout, TLS, truncated answer) on the
// last attempt.
class TransportError : public toasty::ConnectionError {
 public:
  using toasty::ConnectionError::ConnectionError;
};

// ------------------------------------------------------------------- transport

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string url;
  HttpHeaders headers;  // complete and signed; the transport adds nothing that is signed
  std::string body;
};

struct HttpResponse {
  long status = 0;
  HttpHeaders headers;  // names as received
  std::string body;
  long new_connections = 0;  // connections the transport opened for this request (0: reused)
  // The request was sent a second time on a new connection, because the reused one died
  // before any answer (HTTP clients do this by themselves): the first send may have reached
  // the server too.
  bool resent = false;
};

// Sends one HTTP POST. Throws TransportError when no HTTP answer could be had.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

struct HttpOptions {
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds request_timeout{30000};  // whole exchange
};

// libcurl, one easy handle kept alive for connection reuse (TCP keep-alive on).
std::unique_ptr<Transport> make_curl_transport(const HttpOptions& options = {});

// For tests: answers the next requests with injected failures (without sending them,
// except CorruptResponse), then passes everything through to `inner`.
class FaultInjectingTransport : public Transport {
 public:
  enum class Fault {
    InternalServerError,               // HTTP 500 InternalServerError
    ServiceUnavailable,                // HTTP 503 with a non-JSON body
    ThrottlingException,               // HTTP 400 ThrottlingException
    ProvisionedThroughputExceeded,     // HTTP 400 ProvisionedThroughputExceededException
    RequestLimitExceeded,              // HTTP 400 RequestLimitExceeded
    TransportFailure,                  // throws TransportError
    CorruptResponse,                   // sends the request, then damages the answer's body
                                       // (its x-amz-crc32 no longer matches)
  };
  explicit FaultInjectingTransport(std::shared_ptr<Transport> inner);
  // Queue `times` faults for requests whose operation (X-Amz-Target suffix) is `operation`,
  // or for any request when `operation` is empty.
  void inject(Fault fault, int times = 1, std::string operation = "");
  HttpResponse send(const HttpRequest& request) override;
  int faults_served() const { return faults_served_; }
  int requests_passed() const { return requests_passed_; }
  // X-Amz-Target operation of every request seen, faulted or passed, in order.
  const std::vector<std::string>& operations_seen() const { return seen_; }

 private:
  struct Pending {
    Fault fault;
    int remaining;
    std::string operation;
  };
  std::shared_ptr<Transport> inner_;
  std::vector<Pending> pending_;
  std::vector<std::string> seen_;
  int faults_served_ = 0;
  int requests_passed_ = 0;
};

// ---------------------------------------------------------------- configuration

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term credentials
};

// Capped exponential backoff with full jitter: before retry n (n = 1, 2, ...) sleep a
// uniformly random time in [0, min(cap, base * 2^(n-1))].
struct RetryPolicy {
  int max_attempts = 8;  // total attempts per request, the first included
  std::chrono::milliseconds base{25};
  std::chrono::milliseconds cap{2000};
};

// Where the standard AWS settings are read from. Tests pass a map instead of the process
// environment; files (~/.aws/credentials, ~/.aws/config or AWS_SHARED_CREDENTIALS_FILE /
// AWS_CONFIG_FILE) are located through these variables (HOME included).
struct Environment {
  std::function<std::optional<std::string>(const std::string& name)> getenv;

  static Environment process();  // ::getenv of this process
  static Environment from_map(std::map<std::string, std::string> vars);
  std::optional<std::string> get(const std::string& name) const;  // unset or empty: nullopt
};

struct Config {
  std::string region;    // "us-east-1"
  std::string endpoint;  // "https://dynamodb.us-east-1.amazonaws.com", "http://127.0.0.1:8000"
  Credentials credentials;
  RetryPolicy retry;
  HttpOptions http;
  std::shared_ptr<Transport> transport;  // null: make_curl_transport(http)
  std::function<std::chrono::system_clock::time_point()> clock;  // null: system_clock::now
  std::function<void(std::chrono::milliseconds)> sleep;         // null: this_thread::sleep_for
  std::uint64_t random_seed = 0;  // jitter seed; 0: from std::random_device
  // Plain http:// goes only to a loopback endpoint (DynamoDB Local on this machine) unless
  // this is set (URL: ?allow_http=true), e.g. for a DynamoDB Local container on a trusted
  // network. Elsewhere requests and answers would cross the network unencrypted.
  bool allow_plain_http = false;

  // Resolves a `dynamodb://` or `dynamodb://REGION` URL with the standard AWS sources:
  // region: URL, AWS_REGION, AWS_DEFAULT_REGION, `region` of the profile in the config file;
  // credentials: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), then the
  // profile (AWS_PROFILE, default "default") in the shared credentials file, then in the
  // config file; endpoint: AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, `endpoint_url` of
  // the profile, else https://dynamodb.REGION.amazonaws.com. The URL may also carry
  // `?endpoint=URL` and `?profile=NAME` (they win over the environment).
  // Throws toasty::InvalidUrl (malformed URL or endpoint) or toasty::ConnectionError (no
  // region / credentials, naming every place looked at).
  static Config from_url(std::string_view url);
  static Config from_url(std::string_view url, const Environment& env);
};

// ----------------------------------------------------------------------- client

struct Page {
  std::vector<Json> items;                // "Items"
  std::optional<Json> last_evaluated_key;  // "LastEvaluatedKey": more to read
  std::int64_t count = 0;                 // "Count"
  std::int64_t scanned_count = 0;         // "ScannedCount"
};

class Client {
 public:
  explicit Client(Config config);
  ~Client();
  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  const Config& config() const { return config_; }

  // One operation ("PutItem", "Query", ...) with retries; returns the response body.
  // Throws ServiceError (or a subclass) / TransportError.
  Json call(std::string_view operation, const Json& request);

  // --- tables
  // CreateTable, then waits until the table and all its GSIs are ACTIVE; returns the
  // final TableDescription (DescribeTable's "Table").
  Json create_table(const Json& request,
                    std::chrono::milliseconds timeout = std::chrono::minutes(5));
  // Polls DescribeTable until the table and its GSIs are ACTIVE; returns "Table".
  Json wait_until_active(std::string_view table,
                         std::chrono::milliseconds timeout = std::chrono::minutes(5));
  // DeleteTable; false when the table did not exist. With wait, returns once it is gone.
  bool delete_table(std::string_view table, bool wait = true,
                    std::chrono::milliseconds timeout = std::chrono::minutes(5));
  // DescribeTable's "Table"; throws ResourceNotFound.
  Json describe_table(std::string_view table);
  // Every table name (follows LastEvaluatedTableName).
  std::vector<std::string> list_tables();

  // --- items
  // GetItem; the "Item" map, or nullopt when there is none.
  std::optional<Json> get_item(const Json& request);
  Json put_item(const Json& request);     // response (Attributes when ReturnValues asked)
  Json update_item(const Json& request);  // throws ConditionalCheckFailed
  Json delete_item(const Json& request);
  Json transact_write_items(const Json& request);  // throws TransactionCanceled

  // One page of Query / Scan (pass ExclusiveStartKey yourself to continue).
  Page query(const Json& request);
  Page scan(const Json& request);
  // Every page, following LastEvaluatedKey, until the end or `max_items` items.
  std::vector<Json> query_all(Json request, std::optional<std::size_t> max_items = std::nullopt);
  std::vector<Json> scan_all(Json request, std::optional<std::size_t> max_items = std::nullopt);
  // How many items every page of a Query / Scan with Select=COUNT holds, summed.
  std::uint64_t query_count(Json request);
  std::uint64_t scan_count(Json request);

  // BatchGetItem over any number of keys: duplicates removed, 100 keys per request,
  // UnprocessedKeys retried with backoff. `options` may hold ConsistentRead,
  // ProjectionExpression, ExpressionAttributeNames. Returns the items found (any order).
  std::vector<Json> batch_get_item(std::string_view table, const std::vector<Json>& keys,
                                   const Json& options = Json::object());
  // Same over several tables, `request_items` in BatchGetItem's RequestItems shape (with any
  // number of Keys); returns table -> items.
  std::map<std::string, std::vector<Json>> batch_get_item(const Json& request_items);

  // BatchWriteItem over any number of {"PutRequest": ...} / {"DeleteRequest": ...}:
  // 25 per request, UnprocessedItems retried with backoff.
  void batch_write_item(std::string_view table, const std::vector<Json>& write_requests);
  void batch_write_item(const Json& request_items);  // RequestItems shape, any size

  // Sleeps (Config::sleep when set): the pause between polls of a wait.
  void pause(std::chrono::milliseconds d);

  // Counters (tests, diagnostics).
  std::uint64_t http_requests() const { return http_requests_; }
  // Connections the transport opened so far (1 while one kept-alive connection serves all).
  std::uint64_t connections_opened() const { return connections_opened_; }
  std::uint64_t retries() const { return retries_; }

 private:
  std::chrono::milliseconds backoff(int retry);  // retry = 1, 2, ...
  void until_processed(const char* op, const char* unprocessed, const char* list, Json pending,
                       const std::function<void(Json&)>& on_response);

  Config config_;
  std::string host_;   // Host header value (authority of the endpoint)
  std::string path_;   // path of the endpoint ("/")
  std::mt19937_64 rng_;
  std::uint64_t http_requests_ = 0;
  std::uint64_t connections_opened_ = 0;
  std::uint64_t retries_ = 0;
};

// ------------------------------------------------------------ attribute values

// Standard base64 (RFC 4648, with padding), as DynamoDB's JSON uses for B.
std::string base64_encode(const std::uint8_t* data, std::size_t size);
inline std::string base64_encode(const Bytes& b) { return base64_encode(b.data(), b.size()); }
std::string base64_encode(std::string_view s);
Bytes base64_decode(std::string_view text);  // throws toasty::TypeConversion

namespace av {
// {"S": s}, {"N": "<decimal>"}, {"B": base64}, {"BOOL": b}, {"NULL": true}.
Json string(std::string_view s);
Json number(std::int64_t n);
Json number(std::uint64_t n);
inline Json number(int n) { return number(static_cast<std::int64_t>(n)); }
inline Json number(unsigned n) { return number(static_cast<std::uint64_t>(n)); }
inline Json number(long long n) { return number(static_cast<std::int64_t>(n)); }
inline Json number(unsigned long long n) { return number(static_cast<std::uint64_t>(n)); }
Json number(double d);  // shortest round-trip text; throws TypeConversion for NaN/inf/range
Json binary(const Bytes& b);
Json boolean(bool b);
Json null();
}  // namespace av

// Text of a number as DynamoDB stores it ("N"): integers exactly, doubles as the shortest
// text that reads back to the same double. Throws TypeConversion for NaN, infinities and
// magnitudes DynamoDB cannot hold (above 9.99e125, below 1e-130).
std::string number_text(std::int64_t n);
std::string number_text(std::uint64_t n);
std::string number_text(double d);

// toasty::Value -> AttributeValue: null -> NULL, bool -> BOOL, i64/u64/f64 -> N,
// string -> S, bytes -> B.
Json to_attribute_value(const Value& v);
// AttributeValue -> toasty::Value. N becomes i64 when it is an integer that fits, else u64
// when it fits, else f64. NULL -> null. L, M and sets throw TypeConversion.
Value from_attribute_value(const Json& av);
// Same, converting N exactly to `type` (range checked; "3.0" is accepted for integers, "3.5"
// is not) and checking that S / B / BOOL match it. NULL -> null for every type.
Value from_attribute_value(const Json& av, ScalarType type);

}  // namespace toasty::dynamodb
