#pragma once
// Resolution of region, credentials and endpoint from a dynamodb:// URL and the standard
// AWS sources (environment variables, shared credentials and config files).
// Config::from_url() (public header) is implemented on top of resolve().
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "driver/dynamodb/client/dynamodb_client.hpp"

namespace toasty::dynamodb {

// The subset of the AWS shared-file INI format that matters here: `[section]` headers,
// `key = value` lines (keys lowercased, values trimmed), `#` / `;` comment lines, and
// indented continuation lines (sub-properties such as `s3 =\n  max_concurrency = 10`),
// which are skipped. Later duplicates win.
using IniSection = std::map<std::string, std::string>;
using IniFile = std::map<std::string, IniSection>;
IniFile parse_ini(std::string_view text);

struct ParsedUrl {
  std::optional<std::string> region;
  std::optional<std::string> endpoint;
  std::optional<std::string> profile;
  bool allow_http = false;
};
// dynamodb://, dynamodb://REGION, with optional ?endpoint=URL&profile=NAME&allow_http=true.
// Throws toasty::InvalidUrl.
ParsedUrl parse_url(std::string_view url);

// https://dynamodb.REGION.amazonaws.com (".amazonaws.com.cn" for cn-* regions).
std::string default_endpoint(std::string_view region);

struct Resolved {
  std::string region;
  std::string region_source;       // e.g. "the URL", "AWS_REGION", "/root/.aws/config [default]"
  Credentials credentials;
  std::string credentials_source;
  std::string endpoint;
  std::string endpoint_source;
  std::string profile;
  bool allow_http = false;
};
Resolved resolve(std::string_view url, const Environment& env);

// Endpoint URL pieces: the Host header value (port kept unless it is the scheme's default)
// and the path ("/" when none). Throws toasty::InvalidUrl naming `source`.
struct EndpointParts {
  std::string scheme;
  std::string host;  // authority without user info
  std::string path;
};
EndpointParts split_endpoint(std::string_view endpoint, std::string_view source);

}  // namespace toasty::dynamodb
