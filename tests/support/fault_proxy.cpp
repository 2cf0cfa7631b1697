#include "support/fault_proxy.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace toasty_test {

namespace {

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error("fault proxy: " + what); }

int connect_to(const std::string& host, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found) return -1;
  int fd = -1;
  for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  return fd;
}

bool send_all(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    ssize_t sent = send(fd, data, n, MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data += sent;
    n -= static_cast<std::size_t>(sent);
  }
  return true;
}

// One proxied connection. A fault, once its request is seen, waits for the answer.
struct Link {
  int client = -1;
  int server = -1;
  bool faulted = false;
  std::optional<std::size_t> reply_budget;  // with `faulted`: bytes of the answer let through
  void close_both() {
    if (client >= 0) close(client);
    if (server >= 0) close(server);
    client = server = -1;
  }
};

}  // namespace

FaultProxy::FaultProxy(std::string upstream_host, std::uint16_t upstream_port)
    : upstream_host_(std::move(upstream_host)), upstream_port_(upstream_port) {
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  if (listener_ < 0) fail("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;  // any free port
  socklen_t len = sizeof addr;
  if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listener_, 64) != 0 ||
      getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    fail("cannot listen on 127.0.0.1");
  port_ = ntohs(addr.sin_port);
  if (pipe(wake_) != 0) fail("pipe failed");
  thread_ = std::thread([this] { run(); });
}

FaultProxy::~FaultProxy() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake();
  thread_.join();
  close(listener_);
  close(wake_[0]);
  close(wake_[1]);
}

void FaultProxy::wake() {
  char c = 1;
  (void)!write(wake_[1], &c, 1);
}

void FaultProxy::cut_all() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    cut_all_ = true;
  }
  wake();
  // Returns once the proxy closed them, so the test's next step sees dead connections.
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!cut_all_) return;
    }
    std::this_thread::yield();
  }
}

void FaultProxy::drop_reply_to(std::string marker) {
  std::lock_guard<std::mutex> lock(mu_);
  armed_ = Armed{std::move(marker), std::nullopt};
}

void FaultProxy::cut_reply_to(std::string marker, std::size_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  armed_ = Armed{std::move(marker), bytes};
}

std::size_t FaultProxy::faults_fired() const {
  std::lock_guard<std::mutex> lock(mu_);
  return fired_;
}

std::size_t FaultProxy::connections_accepted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return accepted_;
}

void FaultProxy::run() {
  std::vector<Link> links;
  std::vector<char> buf(64 * 1024);
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stop_) break;
      if (cut_all_) {
        for (auto& l : links) l.close_both();
        links.clear();
        cut_all_ = false;
      }
    }
    std::vector<pollfd> fds{{listener_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    for (const auto& l : links) {
      fds.push_back({l.client, POLLIN, 0});
      fds.push_back({l.server, POLLIN, 0});
    }
    if (poll(fds.data(), fds.size(), -1) < 0) continue;
    if (fds[1].revents & POLLIN) {
      char drain[64];
      (void)!read(wake_[0], drain, sizeof drain);
    }
    if (fds[0].revents & POLLIN) {
      int client = accept(listener_, nullptr, nullptr);
      if (client >= 0) {
        int server = connect_to(upstream_host_, upstream_port_);
        if (server < 0) {
          close(client);
        } else {
          links.push_back({client, server, false, std::nullopt});
          std::lock_guard<std::mutex> lock(mu_);
          ++accepted_;
        }
      }
    }
    for (std::size_t i = 0; i < links.size() && 2 + 2 * i + 1 < fds.size(); ++i) {
      Link& l = links[i];
      const pollfd& from_client = fds[2 + 2 * i];
      const pollfd& from_server = fds[2 + 2 * i + 1];
      if (l.client < 0) continue;
      if (from_client.revents & (POLLIN | POLLHUP | POLLERR)) {
        ssize_t n = recv(l.client, buf.data(), buf.size(), 0);
        if (n <= 0) {
          l.close_both();
          continue;
        }
        {
          std::lock_guard<std::mutex> lock(mu_);
          if (armed_ && std::search(buf.begin(), buf.begin() + n, armed_->marker.begin(), armed_->marker.end()) !=
                            buf.begin() + n) {
            l.faulted = true;
            l.reply_budget = armed_->reply_bytes;
            armed_.reset();
          }
        }
        if (!send_all(l.server, buf.data(), static_cast<std::size_t>(n))) {
          l.close_both();
          continue;
        }
      }
      if (from_server.revents & (POLLIN | POLLHUP | POLLERR)) {
        ssize_t got = recv(l.server, buf.data(), buf.size(), 0);
        if (got <= 0) {
          l.close_both();
          continue;
        }
        auto n = static_cast<std::size_t>(got);
        bool cut = false;
        if (l.faulted) {
          std::size_t budget = l.reply_budget.value_or(0);
          cut = n >= budget;
          n = std::min(n, budget);
          if (l.reply_budget) *l.reply_budget -= n;
        }
        if (n > 0 && !send_all(l.client, buf.data(), n)) cut = true;
        if (cut) {
          if (l.faulted) {
            std::lock_guard<std::mutex> lock(mu_);
            ++fired_;
          }
          l.close_both();
        }
      }
    }
    links.erase(std::remove_if(links.begin(), links.end(), [](const Link& l) { return l.client < 0; }), links.end());
  }
  for (auto& l : links) l.close_both();
}

namespace {

// host and port of "host[:port]" (IPv6 in brackets not needed here).
bool split_host_port(const std::string& hp, std::uint16_t default_port, std::string* host, std::uint16_t* port) {
  std::size_t colon = hp.rfind(':');
  *host = hp.substr(0, colon);
  *port = default_port;
  if (colon != std::string::npos) {
    int p = std::atoi(hp.c_str() + colon + 1);
    if (p <= 0 || p > 65535) return false;
    *port = static_cast<std::uint16_t>(p);
  }
  return !host->empty();
}

}  // namespace

std::optional<std::string> route_through(const std::string& url, std::uint16_t proxy_port, std::string* host,
                                         std::uint16_t* port) {
  std::size_t sep = url.find("://");
  if (sep == std::string::npos) return std::nullopt;
  std::string scheme = url.substr(0, sep);
  const std::string proxy = "127.0.0.1:" + std::to_string(proxy_port);
  if (scheme == "postgresql" || scheme == "postgres" || scheme == "mysql" || scheme == "mariadb") {
    std::size_t begin = sep + 3;
    std::size_t end = url.find_first_of("/?", begin);
    if (end == std::string::npos) end = url.size();
    std::size_t at = url.rfind('@', end);
    if (at != std::string::npos && at >= begin) begin = at + 1;
    std::uint16_t default_port = scheme[0] == 'p' ? 5432 : 3306;
    if (!split_host_port(url.substr(begin, end - begin), default_port, host, port)) return std::nullopt;
    return url.substr(0, begin) + proxy + url.substr(end);
  }
  if (scheme == "dynamodb") {
    std::string base = url, endpoint, rest;
    std::size_t q = url.find('?');
    if (q != std::string::npos) {
      base = url.substr(0, q);
      std::string query = url.substr(q + 1);
      for (std::size_t pos = 0; pos <= query.size();) {
        std::size_t amp = query.find('&', pos);
        if (amp == std::string::npos) amp = query.size();
        std::string kv = query.substr(pos, amp - pos);
        if (kv.rfind("endpoint=", 0) == 0)
          endpoint = kv.substr(9);
        else if (!kv.empty())
          rest += "&" + kv;
        pos = amp + 1;
      }
    }
    if (endpoint.empty()) {
      const char* env = std::getenv("AWS_ENDPOINT_URL_DYNAMODB");
      if (!env) return std::nullopt;
      endpoint = env;
    }
    std::size_t e = endpoint.find("://");
    if (e == std::string::npos || endpoint.substr(0, e) != "http") return std::nullopt;  // plain HTTP only
    std::string hp = endpoint.substr(e + 3);
    hp = hp.substr(0, hp.find('/'));
    if (!split_host_port(hp, 80, host, port)) return std::nullopt;
    return base + "?endpoint=http://" + proxy + rest;
  }
  return std::nullopt;
}

}  // namespace toasty_test
