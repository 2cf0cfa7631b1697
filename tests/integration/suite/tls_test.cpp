// PostgreSQL and MariaDB over TLS with certificate verification, against servers that
// scripts/test.sh starts with a throwaway CA (scripts/lib/tls.sh). Their `toasty_tls` user
// may connect over TLS only, so a connection that works as that user used TLS.
#include <cstdlib>
#include <string>

#include "app.toasty.hpp"
#include "support/backend.hpp"

using app::User;
using toasty_test::BackendTest;

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

class Tls : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    backend_ = toasty_test::backend_name();
    if (backend_ != "postgresql" && backend_ != "mysql")
      GTEST_SKIP() << backend_ << " has no TLS server connection to test (SQLite is embedded; a DynamoDB endpoint "
                                  "off loopback must be https, which Kv.* checks)";
    const char* var = backend_ == "postgresql" ? "TOASTY_TEST_POSTGRESQL_TLS_URL" : "TOASTY_TEST_MYSQL_TLS_URL";
    tls_url_ = env(var);
    ca_ = env("TOASTY_TEST_TLS_CA");
    other_ca_ = env("TOASTY_TEST_TLS_OTHER_CA");
    if (tls_url_.empty() || ca_.empty() || other_ca_.empty())
      GTEST_SKIP() << var << ", TOASTY_TEST_TLS_CA or TOASTY_TEST_TLS_OTHER_CA is not set: no TLS server to test "
                             "against (scripts/test.sh starts one)";
  }

  // The TLS user's URL with the server's certificate checked against `ca`.
  std::string verified(const std::string& ca) const {
    return tls_url_ + (backend_ == "postgresql" ? "?sslmode=verify-full&sslrootcert=" : "?ssl-mode=verify_identity&ssl-ca=") +
           ca;
  }
  std::string plain() const { return tls_url_ + (backend_ == "postgresql" ? "?sslmode=disable" : "?ssl-mode=disabled"); }

  std::string backend_, tls_url_, ca_, other_ca_;
};

TEST_F(Tls, AVerifiedConnectionWorks) {
  auto db = toasty_test::open_db_at(verified(ca_), app::models(), {}, true);
  User ann = User::create().name("Ann").email("ann@tls.io").country("NZ").exec(db);
  EXPECT_EQ(User::get_by_email(db, "ann@tls.io").id, ann.id);
}

// The server lets this user in over TLS only: the test above did use TLS.
TEST_F(Tls, TheServerRefusesTheTlsUserWithoutTls) {
  try {
    auto db = toasty_test::open_db_at(plain(), app::models());
    (void)User::filter_by_country("NZ").exec(db);
    ADD_FAILURE() << "connected without TLS";
  } catch (const toasty::ConnectionError& e) {
    EXPECT_EQ(std::string(e.what()).find("tls-secret-8843"), std::string::npos) << "password in: " << e.what();
  }
}

// A server whose certificate the trusted CA did not sign is refused, with a clear error
// that names the certificate and keeps the password out.
TEST_F(Tls, ACertificateFromAnotherCaIsRefused) {
  try {
    auto db = toasty_test::open_db_at(verified(other_ca_), app::models());
    (void)User::filter_by_country("NZ").exec(db);
    ADD_FAILURE() << "connected to a server the trusted CA did not sign";
  } catch (const toasty::ConnectionError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("certificate"), std::string::npos) << what;
    EXPECT_EQ(what.find("tls-secret-8843"), std::string::npos) << "password in: " << what;
  }
}

}  // namespace
