// AWS Signature Version 4 against AWS's published vectors.
//
// Vectors marked "aws-sig-v4-test-suite" come from AWS's SigV4 test suite (the
// aws-sig-v4-test-suite.zip linked from "Signature Version 4 test suite" in the AWS General
// Reference; the same files ship in botocore, aws-sdk-js-v3 and aws-c-auth). All of them use
// access key AKIDEXAMPLE, secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, region us-east-1,
// service "service", date 20150830T123600Z. Expected values were copied from the suite's
// .creq / .sts / .authz files.
#include <gtest/gtest.h>

#include <chrono>

#include "sigv4.hpp"

namespace sigv4 = toasty::dynamodb::sigv4;

namespace {

const sigv4::Credentials kSuiteCreds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};

sigv4::Params suite_params() {
  sigv4::Params p;
  p.region = "us-east-1";
  p.service = "service";
  p.amz_date = "20150830T123600Z";
  return p;
}

std::string authz(const std::string& signed_headers, const std::string& signature) {
  return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
         "SignedHeaders=" + signed_headers + ", Signature=" + signature;
}

struct Vector {
  const char* name;
  const char* method;
  const char* path;
  const char* query;
  std::vector<sigv4::Header> extra_headers;  // besides Host and X-Amz-Date
  const char* body;
  const char* signed_headers;
  const char* signature;
};

// aws-sig-v4-test-suite: request line, headers, body -> signed headers and signature.
const std::vector<Vector> kSuite = {
    {"get-vanilla", "GET", "/", "", {}, "", "host;x-amz-date",
     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
    {"get-vanilla-query", "GET", "/", "", {}, "", "host;x-amz-date",
     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
    {"get-vanilla-empty-query-key", "GET", "/", "Param1=value1", {}, "", "host;x-amz-date",
     "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"},
    {"get-vanilla-query-order-key", "GET", "/", "Param1=value2&Param1=Value1", {}, "",
     "host;x-amz-date", "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"},
    {"get-vanilla-query-order-key-case", "GET", "/", "Param2=value2&Param1=value1", {}, "",
     "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
    {"get-vanilla-query-order-value", "GET", "/", "Param1=value2&Param1=value1", {}, "",
     "host;x-amz-date", "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"},
    {"get-vanilla-query-unreserved", "GET", "/",
     "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
     "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
     {}, "", "host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"},
    {"get-vanilla-utf8-query", "GET", "/", "\xE1\x88\xB4=bar", {}, "", "host;x-amz-date",
     "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
    {"get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "",
     {}, "", "host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
    {"get-utf8", "GET", "/\xE1\x88\xB4", "", {}, "", "host;x-amz-date",
     "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
    {"get-header-key-duplicate", "GET", "/", "",
     {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}}, "",
     "host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
    {"get-header-value-order", "GET", "/", "",
     {{"My-Header1", "value4"}, {"My-Header1", "value1"}, {"My-Header1", "value3"}, {"My-Header1", "value2"}},
     "", "host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"},
    {"get-header-value-trim", "GET", "/", "",
     {{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}}, "",
     "host;my-header1;my-header2;x-amz-date",
     "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
    {"post-vanilla", "POST", "/", "", {}, "", "host;x-amz-date",
     "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
    {"post-vanilla-query", "POST", "/", "Param1=value1", {}, "", "host;x-amz-date",
     "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"},
    {"post-header-key-case", "POST", "/", "", {}, "", "host;x-amz-date",
     "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
    {"post-header-key-sort", "POST", "/", "", {{"My-Header1", "value1"}}, "",
     "host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"},
    {"post-header-value-case", "POST", "/", "", {{"My-Header1", "VALUE1"}}, "",
     "host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"},
    // The suite's .creq for the two form cases also lists content-length, but its .sts /
    // .authz (the signature) sign content-type;host;x-amz-date, as here.
    {"post-x-www-form-urlencoded", "POST", "/", "",
     {{"Content-Type", "application/x-www-form-urlencoded"}}, "Param1=value1",
     "content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
    {"post-x-www-form-urlencoded-parameters", "POST", "/", "",
     {{"Content-Type", "application/x-www-form-urlencoded; charset=utf8"}}, "Param1=value1",
     "content-type;host;x-amz-date", "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"},
    // normalize-path group of the suite.
    {"get-relative", "GET", "/example/..", "", {}, "", "host;x-amz-date",
     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
    {"get-relative-relative", "GET", "/example1/example2/../..", "", {}, "", "host;x-amz-date",
     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
    {"get-slash", "GET", "//", "", {}, "", "host;x-amz-date",
     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
    {"get-slash-dot-slash", "GET", "/./", "", {}, "", "host;x-amz-date",
     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
    {"get-slash-pointless-dot", "GET", "/./example", "", {}, "", "host;x-amz-date",
     "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"},
    {"get-slashes", "GET", "//example//", "", {}, "", "host;x-amz-date",
     "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"},
    {"get-space", "GET", "/example space/", "", {}, "", "host;x-amz-date",
     "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"},
};

}  // namespace

TEST(SigV4, TestSuiteVectors) {
  for (const Vector& v : kSuite) {
    SCOPED_TRACE(v.name);
    sigv4::Request req;
    req.method = v.method;
    req.path = v.path;
    req.query = v.query;
    req.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};
    for (const auto& h : v.extra_headers) req.headers.push_back(h);
    req.payload = v.body;
    sigv4::Signed s = sigv4::sign(req, kSuiteCreds, suite_params());
    EXPECT_EQ(s.signed_headers, v.signed_headers);
    EXPECT_EQ(s.signature, v.signature);
    EXPECT_EQ(s.authorization, authz(v.signed_headers, v.signature));
    EXPECT_TRUE(s.added_headers.empty());  // X-Amz-Date was given
  }
}

// aws-sig-v4-test-suite get-vanilla: the intermediate .creq and .sts too.
TEST(SigV4, GetVanillaIntermediates) {
  sigv4::Request req;
  req.method = "GET";
  req.headers = {{"Host", "example.amazonaws.com"}};
  sigv4::Signed s = sigv4::sign(req, kSuiteCreds, suite_params());  // date from params
  EXPECT_EQ(s.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(s.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  ASSERT_EQ(s.added_headers.size(), 1u);
  EXPECT_EQ(s.added_headers[0], (sigv4::Header{"X-Amz-Date", "20150830T123600Z"}));
}

// aws-sig-v4-test-suite get-header-value-trim (.creq) and post-x-www-form-urlencoded (.sts).
TEST(SigV4, HeaderTrimAndBodyIntermediates) {
  sigv4::Request req;
  req.method = "GET";
  req.headers = {{"Host", "example.amazonaws.com"}, {"My-Header1", " value1"},
                 {"My-Header2", " \"a   b   c\""}, {"X-Amz-Date", "20150830T123600Z"}};
  sigv4::Signed s = sigv4::sign(req, kSuiteCreds, suite_params());
  EXPECT_EQ(s.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n"
            "x-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(s.string_to_sign.substr(s.string_to_sign.rfind('\n') + 1),
            "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7");

  sigv4::Request post;
  post.method = "POST";
  post.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                  {"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};
  post.payload = "Param1=value1";
  sigv4::Signed p = sigv4::sign(post, kSuiteCreds, suite_params());
  EXPECT_EQ(p.canonical_request,
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
            "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
  EXPECT_EQ(p.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281");
}

// aws-sig-v4-test-suite post-sts-token/post-sts-header-before: the session token is signed.
TEST(SigV4, SessionTokenIsSigned) {
  const std::string token =
      "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
  sigv4::Credentials creds = kSuiteCreds;
  creds.session_token = token;
  sigv4::Request req;
  req.method = "POST";
  req.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};
  sigv4::Signed s = sigv4::sign(req, creds, suite_params());
  EXPECT_EQ(s.signed_headers, "host;x-amz-date;x-amz-security-token");
  EXPECT_EQ(s.string_to_sign.substr(s.string_to_sign.rfind('\n') + 1),
            "c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6");
  EXPECT_EQ(s.signature, "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead");
  ASSERT_EQ(s.added_headers.size(), 1u);
  EXPECT_EQ(s.added_headers[0], (sigv4::Header{"X-Amz-Security-Token", token}));
}

// AWS IAM User Guide, "Elements of an AWS API request signature" / the documented
// GET https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08 example (AWS General
// Reference "Signature Version 4 signing process", tasks 1-4).
TEST(SigV4, IamListUsersDocumentationExample) {
  sigv4::Request req;
  req.method = "GET";
  req.path = "/";
  req.query = "Action=ListUsers&Version=2010-05-08";
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                 {"Host", "iam.amazonaws.com"},
                 {"X-Amz-Date", "20150830T123600Z"}};
  sigv4::Params params;
  params.region = "us-east-1";
  params.service = "iam";
  params.amz_date = "20150830T123600Z";
  sigv4::Signed s = sigv4::sign(req, kSuiteCreds, params);
  EXPECT_EQ(s.canonical_request,
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
            "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sigv4::sha256_hex(s.canonical_request),
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  // The documented derived signing key (task 3).
  EXPECT_EQ(sigv4::hex_encode(sigv4::signing_key(kSuiteCreds.secret_access_key, "20150830",
                                                 "us-east-1", "iam")),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  EXPECT_EQ(s.signature, "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  EXPECT_EQ(s.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, "
            "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(SigV4, ContentSha256IsOptional) {
  sigv4::Request req;
  req.method = "POST";
  req.headers = {{"Host", "example.amazonaws.com"}};
  req.payload = "{}";
  sigv4::Params params = suite_params();
  params.add_content_sha256 = true;
  sigv4::Signed s = sigv4::sign(req, kSuiteCreds, params);
  EXPECT_EQ(s.signed_headers, "host;x-amz-content-sha256;x-amz-date");
  ASSERT_EQ(s.added_headers.size(), 2u);
  EXPECT_EQ(s.added_headers[1].first, "X-Amz-Content-Sha256");
  EXPECT_EQ(s.added_headers[1].second,
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");  // sha256("{}")
}

TEST(SigV4, Primitives) {
  EXPECT_EQ(sigv4::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // RFC 4231 test case 2.
  EXPECT_EQ(sigv4::hex_encode(sigv4::hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  using namespace std::chrono;
  EXPECT_EQ(sigv4::format_amz_date(system_clock::time_point(seconds(1440938160))), "20150830T123600Z");
  EXPECT_EQ(sigv4::format_amz_date(system_clock::time_point(seconds(0))), "19700101T000000Z");
  EXPECT_EQ(sigv4::uri_encode("a b/c~d+e", true), "a%20b%2Fc~d%2Be");
  EXPECT_EQ(sigv4::uri_encode("a b/c", false), "a%20b/c");
  EXPECT_EQ(sigv4::canonical_uri("", true), "/");
  EXPECT_EQ(sigv4::canonical_uri("/a/./b/../c/", true), "/a/c/");
  EXPECT_EQ(sigv4::canonical_uri("/a//b", false), "/a//b");
  EXPECT_EQ(sigv4::canonical_query("b=2&a=1&a=0&c"), "a=0&a=1&b=2&c=");
  EXPECT_EQ(sigv4::canonical_query("k=a%20b&x=%2f"), "k=a%20b&x=%2F");
  EXPECT_THROW(sigv4::sign({"GET", "/", "", {{"Host", "h"}, {"X-Amz-Date", "2015"}}, ""},
                           kSuiteCreds, suite_params()),
               std::invalid_argument);
}
