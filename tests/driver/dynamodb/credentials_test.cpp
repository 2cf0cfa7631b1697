// Region / credentials / endpoint resolution from a dynamodb:// URL, an injected
// environment and shared files in a temporary directory.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>

#include "credentials.hpp"

using toasty::dynamodb::Config;
using toasty::dynamodb::Environment;
namespace ddb = toasty::dynamodb;
namespace fs = std::filesystem;

namespace {

class CredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "toasty-ddb-creds.XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    home_ = tmpl;
    fs::create_directories(home_ / ".aws");
  }
  void TearDown() override { fs::remove_all(home_); }

  void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
  }
  void credentials_file(const std::string& text) { write(home_ / ".aws" / "credentials", text); }
  void config_file(const std::string& text) { write(home_ / ".aws" / "config", text); }

  // The environment: HOME points at the temporary directory, plus `vars`.
  Environment env(std::map<std::string, std::string> vars = {}) {
    vars.emplace("HOME", home_.string());
    return Environment::from_map(std::move(vars));
  }

  template <class E>
  std::string error_of(std::string_view url, const Environment& e) {
    try {
      ddb::resolve(url, e);
    } catch (const E& ex) {
      return ex.what();
    } catch (const std::exception& ex) {
      ADD_FAILURE() << "wrong exception type: " << ex.what();
      return "";
    }
    ADD_FAILURE() << "no exception";
    return "";
  }

  fs::path home_;
};

}  // namespace

TEST_F(CredentialsTest, EnvironmentVariables) {
  auto r = ddb::resolve("dynamodb://", env({{"AWS_REGION", "eu-west-1"},
                                            {"AWS_DEFAULT_REGION", "us-west-2"},
                                            {"AWS_ACCESS_KEY_ID", "AKID"},
                                            {"AWS_SECRET_ACCESS_KEY", "SECRET"},
                                            {"AWS_SESSION_TOKEN", "TOKEN"}}));
  EXPECT_EQ(r.region, "eu-west-1");
  EXPECT_EQ(r.region_source, "AWS_REGION");
  EXPECT_EQ(r.credentials.access_key_id, "AKID");
  EXPECT_EQ(r.credentials.secret_access_key, "SECRET");
  EXPECT_EQ(r.credentials.session_token, "TOKEN");
  EXPECT_EQ(r.endpoint, "https://dynamodb.eu-west-1.amazonaws.com");
  EXPECT_EQ(r.profile, "default");
}

TEST_F(CredentialsTest, RegionPrecedence) {
  std::map<std::string, std::string> base = {{"AWS_ACCESS_KEY_ID", "A"}, {"AWS_SECRET_ACCESS_KEY", "S"}};
  config_file("[default]\nregion = ap-south-1\n");
  EXPECT_EQ(ddb::resolve("dynamodb://", env(base)).region, "ap-south-1");
  auto with_default = base;
  with_default["AWS_DEFAULT_REGION"] = "us-west-2";
  EXPECT_EQ(ddb::resolve("dynamodb://", env(with_default)).region, "us-west-2");
  auto with_region = with_default;
  with_region["AWS_REGION"] = "eu-central-1";
  EXPECT_EQ(ddb::resolve("dynamodb://", env(with_region)).region, "eu-central-1");
  // The URL's region wins over everything.
  auto r = ddb::resolve("dynamodb://ca-central-1", env(with_region));
  EXPECT_EQ(r.region, "ca-central-1");
  EXPECT_EQ(r.region_source, "the URL");
  EXPECT_EQ(ddb::resolve("dynamodb://ca-central-1/", env(with_region)).region, "ca-central-1");
  EXPECT_EQ(r.endpoint, "https://dynamodb.ca-central-1.amazonaws.com");
  EXPECT_EQ(ddb::resolve("dynamodb://cn-north-1", env(base)).endpoint,
            "https://dynamodb.cn-north-1.amazonaws.com.cn");
}

TEST_F(CredentialsTest, SharedFilesDefaultProfile) {
  credentials_file(
      "# comment\n"
      "[default]\n"
      "aws_access_key_id = AKIDFILE\n"
      "aws_secret_access_key=SECRETFILE ; inline comment\n"
      "\n"
      "[other]\n"
      "aws_access_key_id = OTHER\n"
      "aws_secret_access_key = OTHERSECRET\n");
  config_file(
      "[default]\n"
      "region = us-east-2\n"
      "s3 =\n"
      "  max_concurrent_requests = 10\n"
      "  region = not-this-one\n"
      "[profile other]\n"
      "region = eu-north-1\n"
      "endpoint_url = http://localhost:8000\n");
  auto r = ddb::resolve("dynamodb://", env());
  EXPECT_EQ(r.region, "us-east-2");
  EXPECT_EQ(r.credentials.access_key_id, "AKIDFILE");
  EXPECT_EQ(r.credentials.secret_access_key, "SECRETFILE");
  EXPECT_EQ(r.credentials.session_token, "");
  EXPECT_EQ(r.credentials_source, (home_ / ".aws/credentials").string() + " [default]");
  EXPECT_EQ(r.endpoint, "https://dynamodb.us-east-2.amazonaws.com");

  auto o = ddb::resolve("dynamodb://", env({{"AWS_PROFILE", "other"}}));
  EXPECT_EQ(o.profile, "other");
  EXPECT_EQ(o.region, "eu-north-1");
  EXPECT_EQ(o.credentials.access_key_id, "OTHER");
  EXPECT_EQ(o.endpoint, "http://localhost:8000");

  // ?profile= in the URL wins over AWS_PROFILE.
  auto u = ddb::resolve("dynamodb://?profile=default", env({{"AWS_PROFILE", "other"}}));
  EXPECT_EQ(u.credentials.access_key_id, "AKIDFILE");
}

TEST_F(CredentialsTest, CredentialsInConfigFileAndOverridePaths) {
  fs::path cfg = home_ / "elsewhere-config";
  write(cfg,
        "[profile dev]\n"
        "region = sa-east-1\n"
        "aws_access_key_id = CFGKEY\n"
        "aws_secret_access_key = CFGSECRET\n"
        "aws_session_token = CFGTOKEN\n");
  auto r = ddb::resolve("dynamodb://", env({{"AWS_CONFIG_FILE", cfg.string()},
                                            {"AWS_SHARED_CREDENTIALS_FILE", (home_ / "none").string()},
                                            {"AWS_PROFILE", "dev"}}));
  EXPECT_EQ(r.region, "sa-east-1");
  EXPECT_EQ(r.credentials.access_key_id, "CFGKEY");
  EXPECT_EQ(r.credentials.session_token, "CFGTOKEN");
  EXPECT_EQ(r.credentials_source, cfg.string() + " [profile dev]");

  // The shared credentials file wins over the config file; env wins over both.
  fs::path creds = home_ / "elsewhere-credentials";
  write(creds, "[dev]\naws_access_key_id = CREDKEY\naws_secret_access_key = CREDSECRET\n");
  std::map<std::string, std::string> vars = {{"AWS_CONFIG_FILE", cfg.string()},
                                             {"AWS_SHARED_CREDENTIALS_FILE", creds.string()},
                                             {"AWS_PROFILE", "dev"}};
  EXPECT_EQ(ddb::resolve("dynamodb://", env(vars)).credentials.access_key_id, "CREDKEY");
  vars["AWS_ACCESS_KEY_ID"] = "ENVKEY";
  vars["AWS_SECRET_ACCESS_KEY"] = "ENVSECRET";
  EXPECT_EQ(ddb::resolve("dynamodb://", env(vars)).credentials.access_key_id, "ENVKEY");
}

TEST_F(CredentialsTest, EndpointPrecedence) {
  config_file("[default]\nregion = us-east-1\nendpoint_url = http://config:1\n");
  credentials_file("[default]\naws_access_key_id = A\naws_secret_access_key = S\n");
  EXPECT_EQ(ddb::resolve("dynamodb://", env()).endpoint, "http://config:1");
  EXPECT_EQ(ddb::resolve("dynamodb://", env({{"AWS_ENDPOINT_URL", "http://global:2"}})).endpoint,
            "http://global:2");
  auto r = ddb::resolve("dynamodb://", env({{"AWS_ENDPOINT_URL", "http://global:2"},
                                            {"AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"}}));
  EXPECT_EQ(r.endpoint, "http://127.0.0.1:8000");
  EXPECT_EQ(r.endpoint_source, "AWS_ENDPOINT_URL_DYNAMODB");
  EXPECT_EQ(ddb::resolve("dynamodb://?endpoint=http%3A%2F%2Furl%3A3",
                         env({{"AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"}}))
                .endpoint,
            "http://url:3");
  EXPECT_EQ(ddb::resolve("dynamodb://", env({{"AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"},
                                             {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}}))
                .endpoint,
            "https://dynamodb.us-east-1.amazonaws.com");
}

TEST_F(CredentialsTest, ServicesSectionEndpoint) {
  config_file(
      "[default]\nregion = us-east-1\nservices = local\n"
      "[services local]\ndynamodb =\n  endpoint_url = http://127.0.0.1:9999\n");
  credentials_file("[default]\naws_access_key_id = A\naws_secret_access_key = S\n");
  EXPECT_EQ(ddb::resolve("dynamodb://", env()).endpoint, "http://127.0.0.1:9999");
}

TEST_F(CredentialsTest, MissingRegionNamesEveryPlace) {
  std::string msg = error_of<toasty::ConnectionError>(
      "dynamodb://", env({{"AWS_ACCESS_KEY_ID", "A"}, {"AWS_SECRET_ACCESS_KEY", "S"}}));
  EXPECT_NE(msg.find("no AWS region"), std::string::npos) << msg;
  EXPECT_NE(msg.find("AWS_REGION"), std::string::npos) << msg;
  EXPECT_NE(msg.find("AWS_DEFAULT_REGION"), std::string::npos) << msg;
  EXPECT_NE(msg.find((home_ / ".aws/config").string() + " (not found)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("dynamodb://REGION"), std::string::npos) << msg;
}

TEST_F(CredentialsTest, MissingCredentialsNamesEveryPlace) {
  config_file("[default]\nregion = us-east-1\n");
  std::string msg = error_of<toasty::ConnectionError>("dynamodb://", env());
  EXPECT_NE(msg.find("no AWS credentials"), std::string::npos) << msg;
  EXPECT_NE(msg.find("AWS_ACCESS_KEY_ID"), std::string::npos) << msg;
  EXPECT_NE(msg.find("AWS_SECRET_ACCESS_KEY"), std::string::npos) << msg;
  EXPECT_NE(msg.find((home_ / ".aws/credentials").string() + " (not found)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("profile \"default\" of " + (home_ / ".aws/config").string()), std::string::npos)
      << msg;

  std::string half = error_of<toasty::ConnectionError>("dynamodb://", env({{"AWS_ACCESS_KEY_ID", "A"}}));
  EXPECT_NE(half.find("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"), std::string::npos)
      << half;

  config_file("[default]\nregion = us-east-1\ncredential_process = /bin/false\n");
  std::string proc = error_of<toasty::ConnectionError>("dynamodb://", env());
  EXPECT_NE(proc.find("credential_process"), std::string::npos) << proc;

  // Without HOME there is no default path to look at, and the message says so.
  std::string nohome = error_of<toasty::ConnectionError>(
      "dynamodb://us-east-1", Environment::from_map({}));
  EXPECT_NE(nohome.find("HOME is unset"), std::string::npos) << nohome;
}

TEST_F(CredentialsTest, UnknownProfile) {
  std::string msg = error_of<toasty::ConnectionError>("dynamodb://", env({{"AWS_PROFILE", "nope"}}));
  EXPECT_NE(msg.find("\"nope\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("AWS_PROFILE"), std::string::npos) << msg;
}

TEST_F(CredentialsTest, BadUrls) {
  auto e = env({{"AWS_ACCESS_KEY_ID", "A"}, {"AWS_SECRET_ACCESS_KEY", "S"}, {"AWS_REGION", "us-east-1"}});
  for (const char* url : {"postgresql://x", "dynamodb:", "dynamodb://US_EAST", "dynamodb://h:8000",
                          "dynamodb://us-east-1/extra", "dynamodb://?color=red", "dynamodb://?endpoint=",
                          "dynamodb://?endpoint=ftp://x", "dynamodb://?endpoint=http%zz"}) {
    SCOPED_TRACE(url);
    std::string msg = error_of<toasty::InvalidUrl>(url, e);
    EXPECT_NE(msg.find("DynamoDB"), std::string::npos) << msg;
  }
  std::string bad_endpoint = error_of<toasty::InvalidUrl>(
      "dynamodb://", env({{"AWS_ACCESS_KEY_ID", "A"}, {"AWS_SECRET_ACCESS_KEY", "S"},
                          {"AWS_REGION", "us-east-1"}, {"AWS_ENDPOINT_URL_DYNAMODB", "localhost:8000"}}));
  EXPECT_NE(bad_endpoint.find("AWS_ENDPOINT_URL_DYNAMODB"), std::string::npos) << bad_endpoint;
}

TEST_F(CredentialsTest, ConfigFromUrl) {
  Config c = Config::from_url("dynamodb://us-west-1",
                              env({{"AWS_ACCESS_KEY_ID", "A"}, {"AWS_SECRET_ACCESS_KEY", "S"},
                                   {"AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"}}));
  EXPECT_EQ(c.region, "us-west-1");
  EXPECT_EQ(c.endpoint, "http://127.0.0.1:8000");
  EXPECT_EQ(c.credentials.access_key_id, "A");
  EXPECT_EQ(c.retry.max_attempts, 8);
  EXPECT_EQ(c.retry.base.count(), 25);
  EXPECT_EQ(c.retry.cap.count(), 2000);
}

TEST(Ini, Parse) {
  auto ini = ddb::parse_ini(
      "top = ignored\r\n"
      "[ default ]\r\n"
      "Region = us-east-1\r\n"
      "; comment\n"
      "[profile   spaced]\n"
      "key=a=b\n"
      "url = http://x#frag\n"
      "nested =\n"
      "    sub = 1\n"
      "[broken\n"
      "lost = 1\n");
  ASSERT_EQ(ini.count("default"), 1u);
  EXPECT_EQ(ini["default"]["region"], "us-east-1");
  EXPECT_EQ(ini["profile spaced"]["key"], "a=b");
  EXPECT_EQ(ini["profile spaced"]["url"], "http://x#frag");
  EXPECT_EQ(ini["profile spaced"]["nested.sub"], "1");
  EXPECT_EQ(ini["profile spaced"].count("sub"), 0u);
  EXPECT_EQ(ini.count(""), 0u);
}

TEST(Endpoint, Split) {
  auto p = ddb::split_endpoint("http://127.0.0.1:8000", "test");
  EXPECT_EQ(p.scheme, "http");
  EXPECT_EQ(p.host, "127.0.0.1:8000");
  EXPECT_EQ(p.path, "/");
  EXPECT_EQ(ddb::split_endpoint("https://Dynamodb.us-east-1.amazonaws.com:443/", "t").host,
            "dynamodb.us-east-1.amazonaws.com");
  EXPECT_EQ(ddb::split_endpoint("http://h:80/base?x", "t").host, "h");
  EXPECT_EQ(ddb::split_endpoint("http://h:80/base?x", "t").path, "/base");
  EXPECT_EQ(ddb::split_endpoint("http://[::1]:8000", "t").host, "[::1]:8000");
  EXPECT_THROW(ddb::split_endpoint("http://", "t"), toasty::InvalidUrl);
  EXPECT_THROW(ddb::split_endpoint("http://h:x", "t"), toasty::InvalidUrl);
}
