#include <algorithm>
#include <set>
#include <thread>

#include "answer.hpp"
#include "driver/common/redact.hpp"
#include "credentials.hpp"
#include "errors.hpp"
#include "http.hpp"
#include "driver/dynamodb/client/dynamodb_client.hpp"

namespace toasty::dynamodb {

// ---------------------------------------------------------------------- helpers

namespace {

std::size_t count_keys(const Json& request_items, const char* list) {
  std::size_t n = 0;
  for (const auto& [table, entry] : request_items.items()) {
    (void)table;
    if (list == nullptr) {
      n += entry.size();
    } else if (entry.contains(list)) {
      n += entry[list].size();
    }
  }
  return n;
}

// localhost, 127.x.x.x or [::1], with or without a port.
bool loopback_host(std::string_view host) {
  if (host.starts_with("[::1]")) return true;
  host = host.substr(0, host.rfind(':') == std::string_view::npos ? host.size() : host.rfind(':'));
  return host == "localhost" ||
         (host.starts_with("127.") && host.find_first_not_of("0123456789.") == std::string_view::npos);
}

bool all_active(const Json& table) {
  if (answer::text(table, "TableStatus") != "ACTIVE") return false;
  if (const Json* gsis = answer::field(table, "GlobalSecondaryIndexes"); gsis && gsis->is_array()) {
    for (const Json& gsi : *gsis) {
      if (answer::text(gsi, "IndexStatus", "ACTIVE") != "ACTIVE") return false;
    }
  }
  return true;
}

Page to_page(Json response) {
  Page p;
  if (auto it = response.find("Items"); it != response.end() && it->is_array()) {
    p.items.reserve(it->size());
    for (Json& item : *it) {
      if (!item.is_object()) throw DatabaseError("DynamoDB: malformed answer: an item of \"Items\" is not a map");
      p.items.push_back(std::move(item));
    }
  }
  if (auto it = response.find("LastEvaluatedKey"); it != response.end() && !it->is_null()) {
    if (!it->is_object()) throw DatabaseError("DynamoDB: malformed answer: \"LastEvaluatedKey\" is not a map");
    if (!it->empty()) p.last_evaluated_key = std::move(*it);
  }
  p.count = answer::integer(response, "Count");
  p.scanned_count = answer::integer(response, "ScannedCount");
  return p;
}

}  // namespace

// ----------------------------------------------------------------------- client

Client::Client(Config config) : config_(std::move(config)) {
  if (config_.region.empty()) throw ConnectionError("DynamoDB: the client Config has no region");
  if (config_.credentials.access_key_id.empty() || config_.credentials.secret_access_key.empty()) {
    throw ConnectionError("DynamoDB: the client Config has no credentials");
  }
  if (config_.endpoint.empty()) config_.endpoint = default_endpoint(config_.region);
  EndpointParts parts = split_endpoint(config_.endpoint, "the client Config");
  if (parts.scheme == "http" && !config_.allow_plain_http && !loopback_host(parts.host))
    throw InvalidUrl("DynamoDB endpoint \"" + driver_common::redact_url(config_.endpoint) +
                     "\": plain http:// is used only for a loopback address (DynamoDB Local on this machine); "
                     "use https://, or add allow_http=true to the dynamodb:// URL for a trusted network");
  host_ = parts.host;
  path_ = parts.path;
  if (config_.retry.max_attempts < 1) config_.retry.max_attempts = 1;
  if (!config_.transport) config_.transport = make_curl_transport(config_.http);
  rng_.seed(config_.random_seed != 0 ? config_.random_seed
                                     : (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}());
}

Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

std::chrono::milliseconds Client::backoff(int retry) {
  using namespace std::chrono;
  std::int64_t base = std::max<std::int64_t>(config_.retry.base.count(), 0);
  std::int64_t cap = std::max<std::int64_t>(config_.retry.cap.count(), 0);
  std::int64_t ceiling = base;
  for (int i = 1; i < retry && ceiling < cap; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap);
  std::uniform_int_distribution<std::int64_t> dist(0, ceiling);
  return milliseconds(dist(rng_));
}

void Client::pause(std::chrono::milliseconds d) {
  if (config_.sleep) {
    config_.sleep(d);
  } else if (d.count() > 0) {
    std::this_thread::sleep_for(d);
  }
}

namespace {
// Operations that change nothing: safe to send again whatever happened to the first try.
bool is_read(std::string_view op) {
  return op == "GetItem" || op == "BatchGetItem" || op == "Query" || op == "Scan" || op == "DescribeTable" ||
         op == "ListTables" || op == "TransactGetItems";
}
}  // namespace

Json Client::call(std::string_view operation, const Json& request) {
  std::string op(operation);
  std::string body;
  try {
    body = request.dump();
  } catch (const Json::exception& e) {
    throw InvalidStatement("DynamoDB " + op + ": the request cannot be encoded as JSON: " + e.what());
  }
  const int max_attempts = config_.retry.max_attempts;
  bool maybe_applied = false;  // an earlier send may have reached the server
  std::string last_failure;    // what happened to it
  for (int attempt = 1;; ++attempt) {
    auto now = config_.clock ? config_.clock() : std::chrono::system_clock::now();
    HttpRequest http = build_request(config_.endpoint, host_, path_, config_.region,
                                     config_.credentials, op, body, now);
    HttpResponse response;
    std::string transport_failure;
    try {
      ++http_requests_;
      response = config_.transport->send(http);
      connections_opened_ += static_cast<std::uint64_t>(std::max(0L, response.new_connections));
    } catch (const TransportError& e) {
      transport_failure = e.what();
      maybe_applied = maybe_applied || e.request_sent();
    }
    maybe_applied = maybe_applied || response.resent || (transport_failure.empty() && response.status >= 500);
    if (transport_failure.empty()) {
      // DynamoDB sends the CRC-32 of the body: a mismatch is a damaged answer.
      if (const std::string* crc = find_header(response.headers, "x-amz-crc32")) {
        if (*crc != std::to_string(crc32(response.body))) {
          transport_failure = "DynamoDB " + op + ": response CRC-32 mismatch (x-amz-crc32 " + *crc + ")";
        }
      }
    }
    if (transport_failure.empty() && response.status == 200) {
      // An answer is a JSON object, nested as deep as DynamoDB nests at most.
      if (answer::nested_deeper_than(response.body, answer::kMaxDepth))
        throw DatabaseError("DynamoDB " + op + ": malformed answer: nested deeper than " +
                            std::to_string(answer::kMaxDepth) + " levels");
      Json parsed = Json::parse(response.body, nullptr, false);
      if (!parsed.is_discarded() && parsed.is_object()) return parsed;
      transport_failure = "DynamoDB " + op + ": the response is not a JSON object";
    }
    if (!transport_failure.empty()) {
      maybe_applied = true;  // sent, and any answer lost or damaged (a 200 means applied)
      if (attempt >= max_attempts) {
        throw TransportError(transport_failure + " (gave up after " + std::to_string(attempt) +
                             (attempt == 1 ? " attempt)" : " attempts)"));
      }
    } else {
      ErrorInfo e = parse_error(response.status, response.body);
      // Every write toasty sends is conditional, so sending one again cannot apply it twice;
      // but when an earlier send may have reached the server, a failed condition may be that
      // send's doing (a create refused as a duplicate of itself): the outcome is unknown.
      if (maybe_applied && !is_read(op) &&
          (e.type == "ConditionalCheckFailedException" || e.type == "TransactionCanceledException"))
        throw TransportError("DynamoDB " + op + ": an earlier send of this write may have reached the server (" +
                                 (last_failure.empty() ? "its connection died before the answer" : last_failure) +
                                 "); sent again, its condition failed, which that send may have caused",
                             true);
      bool retryable = is_retryable(response.status, e.type);
      if (!retryable) throw_error(op, response.status, std::move(e));
      if (attempt >= max_attempts) {
        e.message += " (gave up after " + std::to_string(attempt) +
                     (attempt == 1 ? " attempt)" : " attempts)");
        throw_error(op, response.status, std::move(e));
      }
    }
    last_failure = transport_failure.empty() ? "HTTP " + std::to_string(response.status) : transport_failure;
    ++retries_;
    pause(backoff(attempt));
  }
}

// --- tables

Json Client::describe_table(std::string_view table) {
  Json r = call("DescribeTable", Json{{"TableName", std::string(table)}});
  const Json* t = answer::field(r, "Table");
  if (t == nullptr) return Json::object();
  if (!t->is_object()) throw DatabaseError("DynamoDB DescribeTable: malformed answer: \"Table\" is not a map");
  return *t;
}

Json Client::wait_until_active(std::string_view table, std::chrono::milliseconds timeout) {
  using namespace std::chrono;
  auto deadline = steady_clock::now() + timeout;
  milliseconds interval(20);
  Json last;
  for (;;) {
    try {
      last = describe_table(table);
      if (all_active(last)) return last;
    } catch (const ResourceNotFound&) {
      // Eventually consistent right after CreateTable: keep polling.
    }
    if (steady_clock::now() >= deadline) {
      throw DatabaseError("DynamoDB: table \"" + std::string(table) + "\" is not ACTIVE after " +
                          std::to_string(duration_cast<milliseconds>(timeout).count()) +
                          " ms (last status: " + (last.is_null() ? "not found" : answer::text(last, "TableStatus", "?")) +
                          ")");
    }
    pause(interval);
    interval = std::min(interval * 2, milliseconds(1000));
  }
}

Json Client::create_table(const Json& request, std::chrono::milliseconds timeout) {
  auto name = request.find("TableName");
  if (name == request.end() || !name->is_string()) {
    throw InvalidStatement("DynamoDB CreateTable: the request has no TableName");
  }
  call("CreateTable", request);
  return wait_until_active(name->get<std::string>(), timeout);
}

bool Client::delete_table(std::string_view table, bool wait, std::chrono::milliseconds timeout) {
  using namespace std::chrono;
  try {
    call("DeleteTable", Json{{"TableName", std::string(table)}});
  } catch (const ResourceNotFound&) {
    return false;
  }
  if (!wait) return true;
  auto deadline = steady_clock::now() + timeout;
  milliseconds interval(20);
  for (;;) {
    try {
      describe_table(table);
    } catch (const ResourceNotFound&) {
      return true;
    }
    if (steady_clock::now() >= deadline) {
      throw DatabaseError("DynamoDB: table \"" + std::string(table) + "\" still exists " +
                          std::to_string(duration_cast<milliseconds>(timeout).count()) +
                          " ms after DeleteTable");
    }
    pause(interval);
    interval = std::min(interval * 2, milliseconds(1000));
  }
}

std::vector<std::string> Client::list_tables() {
  std::vector<std::string> out;
  Json request = Json::object();
  for (;;) {
    Json r = call("ListTables", request);
    if (const Json* names = answer::field(r, "TableNames")) {
      if (!names->is_array()) throw DatabaseError("DynamoDB ListTables: malformed answer: \"TableNames\" is not a list");
      for (const Json& name : *names) {
        if (!name.is_string()) throw DatabaseError("DynamoDB ListTables: malformed answer: a table name is not a string");
        out.push_back(name.get<std::string>());
      }
    }
    const Json* next = answer::field(r, "LastEvaluatedTableName");
    if (next == nullptr || next->is_null()) break;
    if (!next->is_string()) throw DatabaseError("DynamoDB ListTables: malformed answer: \"LastEvaluatedTableName\" is not a string");
    if (auto it = request.find("ExclusiveStartTableName"); it != request.end() && *it == *next)
      throw DatabaseError("DynamoDB ListTables: malformed answer: the same LastEvaluatedTableName twice");
    request["ExclusiveStartTableName"] = *next;
  }
  return out;
}

// --- items

std::optional<Json> Client::get_item(const Json& request) {
  Json r = call("GetItem", request);
  auto it = r.find("Item");
  if (it == r.end() || !it->is_object()) return std::nullopt;
  return std::move(*it);
}

Json Client::put_item(const Json& request) { return call("PutItem", request); }
Json Client::update_item(const Json& request) { return call("UpdateItem", request); }
Json Client::delete_item(const Json& request) { return call("DeleteItem", request); }
Json Client::transact_write_items(const Json& request) { return call("TransactWriteItems", request); }

Page Client::query(const Json& request) { return to_page(call("Query", request)); }
Page Client::scan(const Json& request) { return to_page(call("Scan", request)); }

namespace {
// Where the next page starts, or false at the end; refuses an endpoint that pages in place.
bool advance(Json& request, Page& p) {
  if (!p.last_evaluated_key) return false;
  // The same place again would page forever (a broken or hostile endpoint).
  if (auto it = request.find("ExclusiveStartKey"); it != request.end() && *it == *p.last_evaluated_key)
    throw DatabaseError("DynamoDB: malformed answer: the endpoint returned the same LastEvaluatedKey twice");
  request["ExclusiveStartKey"] = std::move(*p.last_evaluated_key);
  return true;
}

template <class Fetch>
std::uint64_t count_pages(Json request, Fetch fetch) {
  request["Select"] = "COUNT";
  std::uint64_t n = 0;
  for (;;) {
    Page p = fetch(request);
    if (p.count < 0) throw DatabaseError("DynamoDB: malformed answer: a negative \"Count\"");
    n += static_cast<std::uint64_t>(p.count);
    if (!advance(request, p)) return n;
  }
}

template <class Fetch>
std::vector<Json> all_pages(Json request, std::optional<std::size_t> max_items, Fetch fetch) {
  std::vector<Json> out;
  if (max_items && *max_items == 0) return out;
  for (;;) {
    Page p = fetch(request);
    for (Json& item : p.items) {
      out.push_back(std::move(item));
      if (max_items && out.size() >= *max_items) return out;
    }
    if (!advance(request, p)) return out;
  }
}
}  // namespace

std::vector<Json> Client::query_all(Json request, std::optional<std::size_t> max_items) {
  return all_pages(std::move(request), max_items, [this](const Json& r) { return query(r); });
}

std::uint64_t Client::query_count(Json request) {
  return count_pages(std::move(request), [this](const Json& r) { return query(r); });
}

std::uint64_t Client::scan_count(Json request) {
  return count_pages(std::move(request), [this](const Json& r) { return scan(r); });
}

std::vector<Json> Client::scan_all(Json request, std::optional<std::size_t> max_items) {
  return all_pages(std::move(request), max_items, [this](const Json& r) { return scan(r); });
}

// --- batches

std::map<std::string, std::vector<Json>> Client::batch_get_item(const Json& request_items) {
  constexpr std::size_t kMaxKeys = 100;
  struct Entry {
    std::string table;
    const Json* key;
  };
  std::vector<Entry> entries;
  std::set<std::pair<std::string, std::string>> seen;
  std::map<std::string, Json> options;  // table -> everything but Keys
  std::map<std::string, std::vector<Json>> out;
  for (const auto& [table, spec] : request_items.items()) {
    Json opts = spec;
    opts.erase("Keys");
    options[table] = std::move(opts);
    out[table];
    if (!spec.contains("Keys")) continue;
    for (const Json& key : spec["Keys"]) {
      if (seen.emplace(table, key.dump()).second) entries.push_back({table, &key});
    }
  }
  for (std::size_t start = 0; start < entries.size(); start += kMaxKeys) {
    Json pending = Json::object();
    for (std::size_t i = start; i < std::min(entries.size(), start + kMaxKeys); ++i) {
      Json& t = pending[entries[i].table];
      if (t.is_null()) {
        t = options[entries[i].table];
        t["Keys"] = Json::array();
      }
      t["Keys"].push_back(*entries[i].key);
    }
    until_processed("BatchGetItem", "UnprocessedKeys", "Keys", std::move(pending), [&](Json& r) {
      if (auto it = r.find("Responses"); it != r.end()) {
        for (auto& [table, items] : it->items()) {
          for (Json& item : items) out[table].push_back(std::move(item));
        }
      }
    });
  }
  return out;
}

std::vector<Json> Client::batch_get_item(std::string_view table, const std::vector<Json>& keys,
                                         const Json& options) {
  Json spec = options.is_object() ? options : Json::object();
  spec["Keys"] = keys;
  auto result = batch_get_item(Json{{std::string(table), std::move(spec)}});
  return std::move(result[std::string(table)]);
}

void Client::batch_write_item(const Json& request_items) {
  constexpr std::size_t kMaxItems = 25;
  std::vector<std::pair<std::string, const Json*>> entries;
  for (const auto& [table, list] : request_items.items()) {
    for (const Json& req : list) entries.emplace_back(table, &req);
  }
  for (std::size_t start = 0; start < entries.size(); start += kMaxItems) {
    Json pending = Json::object();
    for (std::size_t i = start; i < std::min(entries.size(), start + kMaxItems); ++i) {
      pending[entries[i].first].push_back(*entries[i].second);
    }
    until_processed("BatchWriteItem", "UnprocessedItems", nullptr, std::move(pending), [](Json&) {});
  }
}

// Sends a batch request until the service has processed all of it: what it returns as
// unprocessed (`unprocessed`, counted by `list`, or whole entries) goes again after a
// backoff; rounds without progress give up after the retry policy's attempts.
void Client::until_processed(const char* op, const char* unprocessed, const char* list, Json pending,
                             const std::function<void(Json&)>& on_response) {
  int stalled = 0;
  int round = 0;
  while (!pending.empty()) {
    std::size_t before = count_keys(pending, list);
    Json r = call(op, Json{{"RequestItems", pending}});
    on_response(r);
    Json rest = r.value(unprocessed, Json::object());
    std::size_t after = count_keys(rest, list);
    if (after == 0) return;
    stalled = after < before ? 0 : stalled + 1;
    if (stalled >= config_.retry.max_attempts) {
      throw ServiceError(op, unprocessed,
                         std::to_string(after) + (list ? " keys" : " writes") + " still unprocessed after " +
                             std::to_string(stalled) + " attempts without progress",
                         200);
    }
    ++retries_;
    pause(backoff(++round));
    pending = std::move(rest);
  }
}

void Client::batch_write_item(std::string_view table, const std::vector<Json>& write_requests) {
  batch_write_item(Json{{std::string(table), write_requests}});
}

}  // namespace toasty::dynamodb
