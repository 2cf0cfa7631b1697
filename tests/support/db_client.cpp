#include "support/db_client.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace toasty_test {

namespace {
std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

bool have(const char* tool) {
  return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}

// mysql://user:pass@host:port/db -> mariadb CLI arguments.
std::string mariadb_args(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3);
  std::string user, pass, host = "127.0.0.1", port = "3306", dbname;
  auto at = rest.rfind('@');
  if (at != std::string::npos) {
    std::string cred = rest.substr(0, at);
    rest = rest.substr(at + 1);
    auto colon = cred.find(':');
    user = cred.substr(0, colon);
    if (colon != std::string::npos) pass = cred.substr(colon + 1);
  }
  auto slash = rest.find('/');
  std::string hostport = rest.substr(0, slash);
  if (slash != std::string::npos) dbname = rest.substr(slash + 1, rest.find('?', slash) - slash - 1);
  auto colon = hostport.find(':');
  host = hostport.substr(0, colon);
  if (colon != std::string::npos) port = hostport.substr(colon + 1);
  if (host == "localhost") host = "127.0.0.1";
  return "--no-defaults --default-character-set=utf8mb4 -N -B --protocol=TCP -h " + shell_quote(host) + " -P " + port + " -u " +
         shell_quote(user) + (pass.empty() ? "" : " -p" + shell_quote(pass)) + " " +
         shell_quote(dbname);
}
}  // namespace

std::optional<std::string> client_query(const std::string& url, const std::string& sql,
                                        std::string* why) {
  std::string cmd;
  if (url.rfind("sqlite://", 0) == 0) {
    if (!have("sqlite3")) return *why = "the sqlite3 CLI is not installed", std::nullopt;
    cmd = "sqlite3 -separator '\t' " + shell_quote(url.substr(9)) + " " + shell_quote(sql);
  } else if (url.rfind("postgres", 0) == 0) {
    if (!have("psql")) return *why = "psql is not installed", std::nullopt;
    cmd = "psql " + shell_quote(url) + " -X -A -t -F '\t' -c " + shell_quote(sql);
  } else if (url.rfind("mysql://", 0) == 0 || url.rfind("mariadb://", 0) == 0) {
    const char* cli = have("mariadb") ? "mariadb" : have("mysql") ? "mysql" : nullptr;
    if (!cli) return *why = "the mariadb client is not installed", std::nullopt;
    cmd = std::string(cli) + " " + mariadb_args(url) + " -e " + shell_quote(sql);
  } else {
    *why = "no command-line client for " + url;
    return std::nullopt;
  }
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) throw std::runtime_error("popen failed: " + cmd);
  std::string out;
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  int rc = pclose(p);
  if (rc != 0) throw std::runtime_error("client failed (" + std::to_string(rc) + "): " + cmd + "\n" + out);
  return out;
}

}  // namespace toasty_test
