#pragma once
// AWS Signature Version 4 (header-based signing), implemented from AWS's specification
// ("Create a signed AWS API request", docs.aws.amazon.com/IAM/latest/UserGuide/
// create-signed-request.html). Pure functions: no I/O, the time is an input.
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace toasty::dynamodb::sigv4 {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty: long-term credentials
};

using Header = std::pair<std::string, std::string>;  // name (any case), raw value

struct Request {
  std::string method;             // "GET", "POST", ...
  std::string path = "/";         // raw (not yet URI-encoded) path, e.g. "/" or "/example space/"
  std::string query;              // raw query string after '?', without the '?'; may be empty
  std::vector<Header> headers;    // must contain Host; repeated names are allowed
  std::string_view payload;       // request body
};

struct Params {
  std::string region;             // "us-east-1"
  std::string service;            // "dynamodb"
  std::string amz_date;           // "YYYYMMDDTHHMMSSZ" (UTC), see format_amz_date()
  bool add_content_sha256 = false;  // also sign and send x-amz-content-sha256
  bool normalize_path = true;     // remove "." / ".." / empty segments (every service but S3)
};

struct Signed {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;     // "host;x-amz-date"
  std::string signature;          // lowercase hex
  std::string authorization;      // value of the Authorization header
  // Headers the caller must add to the request (besides Authorization): x-amz-date when the
  // request had none, x-amz-security-token for session credentials, x-amz-content-sha256
  // when asked for.
  std::vector<Header> added_headers;
};

// Signs `request`. X-Amz-Date is taken from the request when present, else from
// `params.amz_date` (and returned in added_headers). A session token is signed.
Signed sign(const Request& request, const Credentials& credentials, const Params& params);

// The building blocks, exposed for tests.
std::string format_amz_date(std::chrono::system_clock::time_point t);  // 20150830T123600Z
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string hex_encode(std::string_view bytes);
// RFC 3986 encoding as SigV4 wants it: unreserved A-Z a-z 0-9 - . _ ~ kept, everything
// else %XX with uppercase hex; '/' kept unless encode_slash.
std::string uri_encode(std::string_view s, bool encode_slash);
std::string canonical_uri(std::string_view raw_path, bool normalize);
std::string canonical_query(std::string_view raw_query);
std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service);  // raw 32 bytes

}  // namespace toasty::dynamodb::sigv4
