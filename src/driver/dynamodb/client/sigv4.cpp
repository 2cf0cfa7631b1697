#include "sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <stdexcept>
#include "core/text.hpp"

namespace toasty::dynamodb::sigv4 {

namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Trim both ends and collapse inner runs of whitespace to one space (the spec's Trimall).
std::string trimall(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  bool pending_space = false;
  for (char c : v) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// Decodes %XX escapes (left alone when malformed). '+' stays '+'.
std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = text::hex_digit(s[i + 1]), lo = text::hex_digit(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

}  // namespace

std::string hex_encode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SigV4: SHA-256 failed (OpenSSL)");
  }
  return hex_encode(std::string_view(reinterpret_cast<const char*>(digest), len));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len) == nullptr) {
    throw std::runtime_error("SigV4: HMAC-SHA256 failed (OpenSSL)");
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service) {
  std::string k = hmac_sha256("AWS4" + std::string(secret), date);
  k = hmac_sha256(k, region);
  k = hmac_sha256(k, service);
  return hmac_sha256(k, "aws4_request");
}

std::string format_amz_date(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return std::string(buf, n);
}

std::string uri_encode(std::string_view s, bool encode_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
        (c == '/' && !encode_slash)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0xf]);
    }
  }
  return out;
}

std::string canonical_uri(std::string_view raw_path, bool normalize) {
  if (raw_path.empty()) return "/";
  if (!normalize) return uri_encode(raw_path, false);
  // RFC 3986 remove_dot_segments, plus collapsing of empty segments ("//").
  std::vector<std::string_view> segments;
  std::size_t pos = 0;
  while (pos <= raw_path.size()) {
    std::size_t next = raw_path.find('/', pos);
    if (next == std::string_view::npos) next = raw_path.size();
    std::string_view seg = raw_path.substr(pos, next - pos);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    pos = next + 1;
  }
  bool trailing = raw_path.back() == '/';
  std::string out;
  for (std::string_view seg : segments) {
    out.push_back('/');
    out += uri_encode(seg, true);
  }
  if (out.empty() || trailing) out.push_back('/');
  return out;
}

std::string canonical_query(std::string_view raw_query) {
  std::vector<std::pair<std::string, std::string>> params;
  for (const text::QueryItem& item : text::query_items(raw_query)) {
    std::string_view key = item.key, value = item.value;
    params.emplace_back(uri_encode(percent_decode(key), true), uri_encode(percent_decode(value), true));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out.push_back('&');
    out += k;
    out.push_back('=');
    out += v;
  }
  return out;
}

Signed sign(const Request& request, const Credentials& credentials, const Params& params) {
  Signed result;
  // lowercase name -> values in order of appearance (std::map sorts by name).
  std::map<std::string, std::vector<std::string>> headers;
  for (const auto& [name, value] : request.headers) {
    headers[text::ascii_lower(name)].push_back(trimall(value));
  }
  std::string amz_date;
  if (auto it = headers.find("x-amz-date"); it != headers.end() && !it->second.empty()) {
    amz_date = it->second.front();
  } else {
    amz_date = params.amz_date;
    headers["x-amz-date"].push_back(amz_date);
    result.added_headers.emplace_back("X-Amz-Date", amz_date);
  }
  if (amz_date.size() != 16 || amz_date[8] != 'T' || amz_date[15] != 'Z') {
    throw std::invalid_argument("SigV4: x-amz-date must look like 20150830T123600Z, got \"" +
                                amz_date + "\"");
  }
  if (!credentials.session_token.empty() && headers.find("x-amz-security-token") == headers.end()) {
    headers["x-amz-security-token"].push_back(trimall(credentials.session_token));
    result.added_headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  std::string payload_hash = sha256_hex(request.payload);
  if (params.add_content_sha256 && headers.find("x-amz-content-sha256") == headers.end()) {
    headers["x-amz-content-sha256"].push_back(payload_hash);
    result.added_headers.emplace_back("X-Amz-Content-Sha256", payload_hash);
  }

  std::string canonical_headers;
  for (const auto& [name, values] : headers) {
    canonical_headers += name;
    canonical_headers.push_back(':');
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) canonical_headers.push_back(',');
      canonical_headers += values[i];
    }
    canonical_headers.push_back('\n');
    if (!result.signed_headers.empty()) result.signed_headers.push_back(';');
    result.signed_headers += name;
  }

  result.canonical_request = request.method + "\n" +
                             canonical_uri(request.path, params.normalize_path) + "\n" +
                             canonical_query(request.query) + "\n" + canonical_headers + "\n" +
                             result.signed_headers + "\n" + payload_hash;

  std::string date = amz_date.substr(0, 8);
  std::string scope = date + "/" + params.region + "/" + params.service + "/aws4_request";
  result.string_to_sign = std::string(kAlgorithm) + "\n" + amz_date + "\n" + scope + "\n" +
                          sha256_hex(result.canonical_request);
  std::string key = signing_key(credentials.secret_access_key, date, params.region, params.service);
  result.signature = hex_encode(hmac_sha256(key, result.string_to_sign));
  result.authorization = std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
                         scope + ", SignedHeaders=" + result.signed_headers +
                         ", Signature=" + result.signature;
  return result;
}

}  // namespace toasty::dynamodb::sigv4
