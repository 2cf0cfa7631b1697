#pragma once
// DynamoDB error answers: parsing (`__type` / `message`), retry classification, and the
// mapping to the exception classes of dynamodb_client.hpp.
#include <string>

#include "driver/dynamodb/client/dynamodb_client.hpp"

namespace toasty::dynamodb {

struct ErrorInfo {
  std::string type;     // "ConditionalCheckFailedException" (the part after '#' of __type)
  std::string message;  // "message" / "Message", or the start of a non-JSON body
  Json body;            // the parsed error body (null when it was not JSON)
};

ErrorInfo parse_error(long status, const std::string& body);

// 5xx, and the throttling errors ProvisionedThroughputExceededException,
// ThrottlingException, RequestLimitExceeded (and ThrottledException).
bool is_retryable(long status, const std::string& type);

// ConditionalCheckFailed / TransactionCanceled / ResourceNotFound / ServiceError.
[[noreturn]] void throw_error(const std::string& operation, long status, ErrorInfo e);

}  // namespace toasty::dynamodb
