#include "errors.hpp"

#include "answer.hpp"

#include <set>

namespace toasty::dynamodb {

ServiceError::ServiceError(std::string operation, std::string type, std::string message,
                           long http_status)
    : DatabaseError("DynamoDB " + operation + ": " + type + (message.empty() ? "" : ": " + message)),
      operation_(std::move(operation)),
      type_(std::move(type)),
      message_(std::move(message)),
      http_status_(http_status) {
  set_database_code(type_, "", is_retryable(http_status_, type_) || type_ == "TransactionConflictException");
}

ConditionalCheckFailed::ConditionalCheckFailed(std::string operation, std::string message,
                                               long http_status, std::optional<Json> item)
    : ServiceError(std::move(operation), "ConditionalCheckFailedException", std::move(message),
                   http_status),
      item_(std::move(item)) {}

TransactionCanceled::TransactionCanceled(std::string operation, std::string message,
                                         long http_status, std::vector<CancellationReason> reasons)
    : ServiceError(std::move(operation), "TransactionCanceledException", std::move(message),
                   http_status),
      reasons_(std::move(reasons)) {}

std::optional<std::size_t> TransactionCanceled::first_index_of(std::string_view code) const {
  for (std::size_t i = 0; i < reasons_.size(); ++i) {
    if (reasons_[i].code == code) return i;
  }
  return std::nullopt;
}

namespace {
const std::set<std::string, std::less<>> kThrottling = {
    "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
    "ThrottledException"};

}  // namespace

bool is_retryable(long status, const std::string& type) {
  return status >= 500 || kThrottling.count(type) > 0;
}

ErrorInfo parse_error(long status, const std::string& body) {
  ErrorInfo e;
  Json j = answer::nested_deeper_than(body, answer::kMaxDepth) ? Json(Json::value_t::discarded)
                                                                : Json::parse(body, nullptr, false);
  if (!j.is_discarded() && j.is_object()) {
    e.body = std::move(j);
    if (auto it = e.body.find("__type"); it != e.body.end() && it->is_string()) {
      std::string t = it->get<std::string>();
      std::size_t hash = t.rfind('#');
      e.type = hash == std::string::npos ? t : t.substr(hash + 1);
    }
    for (const char* key : {"message", "Message"}) {
      if (auto it = e.body.find(key); it != e.body.end() && it->is_string()) {
        e.message = it->get<std::string>();
        break;
      }
    }
  } else {
    e.message = body.substr(0, 300);
  }
  if (e.type.empty()) e.type = "HTTP " + std::to_string(status);
  return e;
}

namespace {
// "Transaction cancelled, please refer cancellation reasons for specific reasons
// [None, ConditionalCheckFailed]" -> codes, for servers that send no CancellationReasons.
std::vector<CancellationReason> reasons_from_message(const std::string& message) {
  std::vector<CancellationReason> out;
  std::size_t open = message.rfind('[');
  std::size_t close = message.rfind(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return out;
  std::string list = message.substr(open + 1, close - open - 1);
  std::size_t pos = 0;
  while (pos <= list.size()) {
    std::size_t comma = list.find(',', pos);
    if (comma == std::string::npos) comma = list.size();
    std::string code = list.substr(pos, comma - pos);
    code.erase(0, code.find_first_not_of(' '));
    code.erase(code.find_last_not_of(' ') + 1);
    if (!code.empty()) out.push_back({code, "", std::nullopt});
    pos = comma + 1;
  }
  return out;
}

}  // namespace

[[noreturn]] void throw_error(const std::string& op, long status, ErrorInfo e) {
  if (e.type == "ConditionalCheckFailedException") {
    std::optional<Json> item;
    if (const Json* i = answer::field(e.body, "Item"); i && i->is_object()) item = *i;
    throw ConditionalCheckFailed(op, std::move(e.message), status, std::move(item));
  }
  if (e.type == "TransactionCanceledException") {
    std::vector<CancellationReason> reasons;
    if (e.body.is_object() && e.body.contains("CancellationReasons") &&
        e.body["CancellationReasons"].is_array()) {
      for (const Json& r : e.body["CancellationReasons"]) {
        CancellationReason reason;
        reason.code = answer::text(r, "Code");
        reason.message = answer::text(r, "Message");
        if (const Json* item = answer::field(r, "Item"); item && item->is_object()) reason.item = *item;
        reasons.push_back(std::move(reason));
      }
    } else {
      reasons = reasons_from_message(e.message);
    }
    throw TransactionCanceled(op, std::move(e.message), status, std::move(reasons));
  }
  if (e.type == "ResourceNotFoundException") {
    throw ResourceNotFound(op, std::move(e.type), std::move(e.message), status);
  }
  throw ServiceError(op, std::move(e.type), std::move(e.message), status);
}

}  // namespace toasty::dynamodb
