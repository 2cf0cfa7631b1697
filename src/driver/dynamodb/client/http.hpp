#pragma once
// The libcurl transport (one easy handle per Transport, kept alive for connection reuse)
// and the request builder that turns an operation + JSON body into a signed DynamoDB
// JSON 1.0 POST.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "driver/dynamodb/client/dynamodb_client.hpp"

namespace toasty::dynamodb {

// CRC-32 (IEEE 802.3, as zlib's crc32) of `data`: DynamoDB sends it in x-amz-crc32.
std::uint32_t crc32(std::string_view data);

// Case-insensitive lookup of a response header.
const std::string* find_header(const HttpHeaders& headers, std::string_view name);

// A POST of `body` to `endpoint` for DynamoDB_20120810.<operation>, signed for `region`,
// service "dynamodb", at time `now`. Headers: Host, Content-Type
// (application/x-amz-json-1.0), X-Amz-Target, X-Amz-Date, X-Amz-Security-Token (session
// credentials), Authorization.
HttpRequest build_request(std::string_view endpoint, std::string_view host, std::string_view path,
                          std::string_view region, const Credentials& credentials,
                          std::string_view operation, std::string body,
                          std::chrono::system_clock::time_point now);

}  // namespace toasty::dynamodb
