#pragma once
// A loopback TCP proxy for fault tests: it forwards every connection to a real server
// (PostgreSQL, MariaDB, DynamoDB Local) and, when told, cuts connections the way a crash,
// a restart or a network failure does, at the moment a test chooses:
//   - cut_all(): every open connection, now (idle connections of a pool die);
//   - drop_reply_to(marker): the next request holding `marker` reaches the server, but the
//     connection is cut when the answer comes back (a write applied, its answer lost);
//   - cut_reply_to(marker, bytes): the answer to the next request holding `marker` is cut
//     after `bytes` bytes reached the client (a read lost mid-stream).
// Requests are matched by bytes: a marker is a value the statement carries (an email, a
// name), which every protocol sends as it is. Each fault fires once.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace toasty_test {

class FaultProxy {
 public:
  FaultProxy(std::string upstream_host, std::uint16_t upstream_port);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  std::uint16_t port() const { return port_; }
  void cut_all();
  void drop_reply_to(std::string marker);
  void cut_reply_to(std::string marker, std::size_t bytes);
  // Faults that fired so far, and connections accepted so far.
  std::size_t faults_fired() const;
  std::size_t connections_accepted() const;

 private:
  struct Armed {
    std::string marker;
    std::optional<std::size_t> reply_bytes;  // nullopt: drop the whole reply
  };
  void run();
  void wake();

  std::string upstream_host_;
  std::uint16_t upstream_port_;
  int listener_ = -1;
  int wake_[2] = {-1, -1};
  std::uint16_t port_ = 0;
  mutable std::mutex mu_;
  std::optional<Armed> armed_;
  bool cut_all_ = false;
  bool stop_ = false;
  std::size_t fired_ = 0;
  std::size_t accepted_ = 0;
  std::thread thread_;
};

// `url` with its server address replaced by the proxy's: postgresql:// and mysql:// URLs
// (host:port after the credentials), and dynamodb:// URLs, whose endpoint comes from
// `?endpoint=` or AWS_ENDPOINT_URL_DYNAMODB. Sets `host` and `port` to the server's.
// nullopt when the URL names no TCP server (SQLite).
std::optional<std::string> route_through(const std::string& url, std::uint16_t proxy_port, std::string* host,
                                         std::uint16_t* port);

}  // namespace toasty_test
