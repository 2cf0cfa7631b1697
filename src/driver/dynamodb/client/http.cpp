#include "http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <cctype>
#include <memory>
#include <mutex>

#include "sigv4.hpp"
#include "core/text.hpp"

namespace toasty::dynamodb {

namespace {

std::once_flag g_curl_init;

void global_init() {
  std::call_once(g_curl_init, [] {
    CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK) {
      throw TransportError(std::string("DynamoDB: curl_global_init failed: ") + curl_easy_strerror(rc));
    }
  });
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(const HttpOptions& options) {
    global_init();
    handle_ = curl_easy_init();
    if (handle_ == nullptr) throw TransportError("DynamoDB: curl_easy_init failed");
    curl_easy_setopt(handle_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle_, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(handle_, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(handle_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(handle_, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()));
    curl_easy_setopt(handle_, CURLOPT_ERRORBUFFER, errbuf_.data());
    curl_easy_setopt(handle_, CURLOPT_WRITEFUNCTION, &CurlTransport::on_body);
    curl_easy_setopt(handle_, CURLOPT_HEADERFUNCTION, &CurlTransport::on_header);
    curl_easy_setopt(handle_, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500  // 7.85
    curl_easy_setopt(handle_, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(handle_, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  }
  ~CurlTransport() override { curl_easy_cleanup(handle_); }
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  HttpResponse send(const HttpRequest& request) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::unique_ptr<curl_slist, SlistDeleter> list;
    for (const auto& [name, value] : request.headers) {
      std::string line = name + ": " + value;
      curl_slist* next = curl_slist_append(list.get(), line.c_str());
      if (next == nullptr) throw TransportError("DynamoDB: out of memory building headers");
      list.release();
      list.reset(next);
    }
    // No "Expect: 100-continue" round trip, no Accept header noise.
    for (const char* extra : {"Expect:", "Accept:"}) {
      curl_slist* next = curl_slist_append(list.get(), extra);
      if (next == nullptr) throw TransportError("DynamoDB: out of memory building headers");
      list.release();
      list.reset(next);
    }
    HttpResponse response;
    errbuf_[0] = '\0';
    curl_easy_setopt(handle_, CURLOPT_URL, request.url.c_str());
    // The body through a read callback, not CURLOPT_POSTFIELDS: curl rewinds it (seek) to
    // send it again when a reused connection died before answering, and the rewind is how
    // the caller learns of that second send (HttpResponse::resent).
    Upload upload{request.body, 0, false};
    curl_easy_setopt(handle_, CURLOPT_POST, 1L);
    curl_easy_setopt(handle_, CURLOPT_POSTFIELDS, nullptr);
    curl_easy_setopt(handle_, CURLOPT_READFUNCTION, &CurlTransport::on_read);
    curl_easy_setopt(handle_, CURLOPT_READDATA, &upload);
    curl_easy_setopt(handle_, CURLOPT_SEEKFUNCTION, &CurlTransport::on_seek);
    curl_easy_setopt(handle_, CURLOPT_SEEKDATA, &upload);
    curl_easy_setopt(handle_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(handle_, CURLOPT_HTTPHEADER, list.get());
    curl_easy_setopt(handle_, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(handle_, CURLOPT_HEADERDATA, &response);
    CURLcode rc = curl_easy_perform(handle_);
    curl_easy_setopt(handle_, CURLOPT_HTTPHEADER, nullptr);
    if (rc != CURLE_OK) {
      std::string detail = errbuf_[0] != '\0' ? std::string(errbuf_.data()) : curl_easy_strerror(rc);
      throw TransportError("DynamoDB: HTTP request to " + request.url + " failed: " + detail, may_have_been_sent(rc));
    }
    response.resent = upload.resent;
    curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &response.status);
    curl_easy_getinfo(handle_, CURLINFO_NUM_CONNECTS, &response.new_connections);
    return response;
  }

 private:
  struct Upload {
    const std::string& body;
    std::size_t sent;
    bool resent;
  };
  static size_t on_read(char* buffer, size_t size, size_t n, void* user) {
    auto* u = static_cast<Upload*>(user);
    std::size_t take = std::min(size * n, u->body.size() - u->sent);
    std::memcpy(buffer, u->body.data() + u->sent, take);
    u->sent += take;
    return take;
  }
  static int on_seek(void* user, curl_off_t offset, int origin) {
    auto* u = static_cast<Upload*>(user);
    if (origin != SEEK_SET || offset < 0 || static_cast<std::size_t>(offset) > u->body.size())
      return CURL_SEEKFUNC_CANTSEEK;
    if (u->sent > 0) u->resent = true;  // a rewind after sending: the request goes out again
    u->sent = static_cast<std::size_t>(offset);
    return CURL_SEEKFUNC_OK;
  }
  // Whether the server may have received the request: only failures before a connection
  // was made say it did not (a write is then safe to send again).
  static bool may_have_been_sent(CURLcode rc) {
    switch (rc) {
      case CURLE_UNSUPPORTED_PROTOCOL:
      case CURLE_URL_MALFORMAT:
      case CURLE_COULDNT_RESOLVE_PROXY:
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_CONNECT:
      case CURLE_SSL_CONNECT_ERROR:
      case CURLE_PEER_FAILED_VERIFICATION:
        return false;
      default:
        return true;
    }
  }
  static size_t on_body(char* data, size_t size, size_t n, void* user) {
    auto* r = static_cast<HttpResponse*>(user);
    r->body.append(data, size * n);
    return size * n;
  }
  static size_t on_header(char* data, size_t size, size_t n, void* user) {
    auto* r = static_cast<HttpResponse*>(user);
    std::string_view line(data, size * n);
    if (line.rfind("HTTP/", 0) == 0) {
      r->headers.clear();  // a new response (e.g. after 100 Continue)
    } else if (std::size_t colon = line.find(':'); colon != std::string_view::npos) {
      r->headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
    }
    return size * n;
  }

  CURL* handle_ = nullptr;
  std::array<char, CURL_ERROR_SIZE> errbuf_{};
  std::mutex mutex_;
};

}  // namespace

std::unique_ptr<Transport> make_curl_transport(const HttpOptions& options) {
  return std::make_unique<CurlTransport>(options);
}

std::uint32_t crc32(std::string_view data) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : data) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

const std::string* find_header(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (text::equals_ci(k, name)) return &v;
  }
  return nullptr;
}

HttpRequest build_request(std::string_view endpoint, std::string_view host, std::string_view path,
                          std::string_view region, const Credentials& credentials,
                          std::string_view operation, std::string body,
                          std::chrono::system_clock::time_point now) {
  HttpRequest req;
  req.url = std::string(endpoint);
  req.headers = {
      {"Host", std::string(host)},
      {"Content-Type", "application/x-amz-json-1.0"},
      {"X-Amz-Target", "DynamoDB_20120810." + std::string(operation)},
  };
  sigv4::Request sreq;
  sreq.method = "POST";
  sreq.path = std::string(path);
  sreq.headers = req.headers;
  sreq.payload = body;
  sigv4::Params params;
  params.region = std::string(region);
  params.service = "dynamodb";
  params.amz_date = sigv4::format_amz_date(now);
  sigv4::Signed s = sigv4::sign(
      sreq, {credentials.access_key_id, credentials.secret_access_key, credentials.session_token},
      params);
  for (auto& h : s.added_headers) req.headers.push_back(std::move(h));
  req.headers.emplace_back("Authorization", std::move(s.authorization));
  req.body = std::move(body);
  return req;
}

// ------------------------------------------------------- FaultInjectingTransport

FaultInjectingTransport::FaultInjectingTransport(std::shared_ptr<Transport> inner)
    : inner_(std::move(inner)) {}

void FaultInjectingTransport::inject(Fault fault, int times, std::string operation) {
  if (times > 0) pending_.push_back({fault, times, std::move(operation)});
}

HttpResponse FaultInjectingTransport::send(const HttpRequest& request) {
  std::string op;
  if (const std::string* target = find_header(request.headers, "X-Amz-Target")) {
    std::size_t dot = target->rfind('.');
    op = dot == std::string::npos ? *target : target->substr(dot + 1);
  }
  seen_.push_back(op);
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (!it->operation.empty() && it->operation != op) continue;
    Fault f = it->fault;
    if (--it->remaining == 0) pending_.erase(it);
    ++faults_served_;
    auto error = [](long status, std::string_view type, std::string_view message) {
      HttpResponse r;
      r.status = status;
      r.headers.emplace_back("Content-Type", "application/x-amz-json-1.0");
      r.body = Json{{"__type", "com.amazonaws.dynamodb.v20120810#" + std::string(type)},
                    {"message", std::string(message)}}
                   .dump();
      return r;
    };
    switch (f) {
      case Fault::InternalServerError:
        return error(500, "InternalServerError", "injected internal server error");
      case Fault::ServiceUnavailable: {
        HttpResponse r;
        r.status = 503;
        r.body = "<html><body>injected: service unavailable</body></html>";
        return r;
      }
      case Fault::ThrottlingException:
        return error(400, "ThrottlingException", "injected: rate of requests exceeds the allowed throughput");
      case Fault::ProvisionedThroughputExceeded:
        return error(400, "ProvisionedThroughputExceededException",
                     "injected: the level of configured provisioned throughput was exceeded");
      case Fault::RequestLimitExceeded:
        return error(400, "RequestLimitExceeded", "injected: throughput exceeds the account limit");
      case Fault::TransportFailure:
        throw TransportError("DynamoDB: injected transport failure");
      case Fault::CorruptResponse: {
        if (!inner_) throw TransportError("DynamoDB: CorruptResponse needs an inner transport");
        HttpResponse r = inner_->send(request);
        if (r.body.empty()) {
          r.body = "{";
        } else {
          r.body.back() = static_cast<char>(r.body.back() ^ 0x20);
        }
        return r;
      }
    }
  }
  if (!inner_) throw TransportError("DynamoDB: no fault left to inject and no inner transport");
  ++requests_passed_;
  return inner_->send(request);
}

}  // namespace toasty::dynamodb
