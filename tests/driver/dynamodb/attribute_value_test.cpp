// toasty::Value <-> AttributeValue JSON, number text, base64, CRC-32.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "http.hpp"
#include "print.hpp"
#include "driver/dynamodb/client/dynamodb_client.hpp"

namespace ddb = toasty::dynamodb;
using ddb::Json;
using toasty::Bytes;
using toasty::ScalarType;
using toasty::Value;

TEST(Base64, Rfc4648Vectors) {
  // RFC 4648 section 10.
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(ddb::base64_encode(std::string_view(plain)), encoded);
    Bytes decoded = ddb::base64_decode(encoded);
    EXPECT_EQ(std::string(decoded.begin(), decoded.end()), plain);
  }
}

TEST(Base64, AllBytesRoundTrip) {
  Bytes all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<std::uint8_t>(i));
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    Bytes part(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_EQ(ddb::base64_decode(ddb::base64_encode(part)), part);
  }
  EXPECT_EQ(ddb::base64_decode(ddb::base64_encode(all)), all);
  EXPECT_EQ(ddb::base64_encode(Bytes{0xfb, 0xff}), "+/8=");
}

TEST(Base64, RejectsGarbage) {
  for (const char* bad : {"Zg=", "Z===", "Zm9v!A==", "=Zm9", "Zg==Zg==", "Zm=v"}) {
    SCOPED_TRACE(bad);
    EXPECT_THROW(ddb::base64_decode(bad), toasty::TypeConversion);
  }
}

TEST(AttributeValue, Builders) {
  EXPECT_EQ(ddb::av::string("x"), Json::parse(R"({"S":"x"})"));
  EXPECT_EQ(ddb::av::number(42), Json::parse(R"({"N":"42"})"));
  EXPECT_EQ(ddb::av::number(std::numeric_limits<std::uint64_t>::max()),
            Json::parse(R"({"N":"18446744073709551615"})"));
  EXPECT_EQ(ddb::av::number(std::numeric_limits<std::int64_t>::min()),
            Json::parse(R"({"N":"-9223372036854775808"})"));
  EXPECT_EQ(ddb::av::number(0.1), Json::parse(R"({"N":"0.1"})"));
  EXPECT_EQ(ddb::av::binary(Bytes{'f', 'o', 'o'}), Json::parse(R"({"B":"Zm9v"})"));
  EXPECT_EQ(ddb::av::boolean(true), Json::parse(R"({"BOOL":true})"));
  EXPECT_EQ(ddb::av::null(), Json::parse(R"({"NULL":true})"));
}

TEST(AttributeValue, NumberText) {
  EXPECT_EQ(ddb::number_text(std::int64_t{-1}), "-1");
  EXPECT_EQ(ddb::number_text(std::uint64_t{9007199254740993ULL}), "9007199254740993");  // 2^53+1
  EXPECT_EQ(ddb::number_text(1.5), "1.5");
  EXPECT_EQ(ddb::number_text(-0.0), "0");
  EXPECT_EQ(ddb::number_text(1e20), "1e+20");
  EXPECT_EQ(ddb::number_text(0.30000000000000004), "0.30000000000000004");
  EXPECT_THROW(ddb::number_text(std::nan("")), toasty::TypeConversion);
  EXPECT_THROW(ddb::number_text(INFINITY), toasty::TypeConversion);
  EXPECT_THROW(ddb::number_text(1e200), toasty::TypeConversion);
  EXPECT_THROW(ddb::number_text(1e-200), toasty::TypeConversion);
}

TEST(AttributeValue, ValueRoundTrip) {
  Bytes bytes = {0, 1, 2, 0xfe, 0xff};
  const Value values[] = {
      Value(),
      Value(true),
      Value(false),
      Value(std::int64_t{0}),
      Value(std::numeric_limits<std::int64_t>::min()),
      Value(std::numeric_limits<std::int64_t>::max()),
      Value(std::numeric_limits<std::uint64_t>::max()),
      Value(std::uint64_t{9223372036854775808ULL}),  // i64 max + 1
      Value(2.5),
      Value(-1e-100),
      Value(std::string("héllo \"wörld\" \xF0\x9F\x8D\x9E")),
      Value(std::string()),
      Value(bytes),
  };
  for (const Value& v : values) {
    SCOPED_TRACE(v.debug_string());
    Json av = ddb::to_attribute_value(v);
    // Through JSON text as on the wire.
    Json back = Json::parse(av.dump());
    EXPECT_EQ(ddb::from_attribute_value(back), v);
  }
  EXPECT_EQ(ddb::to_attribute_value(Value(std::int64_t{7})), Json::parse(R"({"N":"7"})"));
}

TEST(AttributeValue, AutoNumberTyping) {
  auto n = [](const char* text) { return ddb::from_attribute_value(Json{{"N", text}}); };
  EXPECT_TRUE(n("12").is_i64());
  EXPECT_TRUE(n("-9223372036854775808").is_i64());
  EXPECT_TRUE(n("9223372036854775808").is_u64());
  EXPECT_EQ(n("18446744073709551615").as_u64(), std::numeric_limits<std::uint64_t>::max());
  EXPECT_TRUE(n("18446744073709551616").is_f64());
  EXPECT_TRUE(n("1.5").is_f64());
  EXPECT_TRUE(n("1E+3").is_f64());
  EXPECT_THROW(n("abc"), toasty::TypeConversion);
}

TEST(AttributeValue, TypedNumbers) {
  auto as = [](const char* text, ScalarType t) { return ddb::from_attribute_value(Json{{"N", text}}, t); };
  EXPECT_EQ(as("127", ScalarType::I8).as_i64(), 127);
  EXPECT_THROW(as("128", ScalarType::I8), toasty::TypeConversion);
  EXPECT_EQ(as("-32768", ScalarType::I16).as_i64(), -32768);
  EXPECT_THROW(as("2147483648", ScalarType::I32), toasty::TypeConversion);
  EXPECT_EQ(as("-9223372036854775808", ScalarType::I64).as_i64(), std::numeric_limits<std::int64_t>::min());
  EXPECT_THROW(as("9223372036854775808", ScalarType::I64), toasty::TypeConversion);
  EXPECT_EQ(as("18446744073709551615", ScalarType::U64).as_u64(), std::numeric_limits<std::uint64_t>::max());
  EXPECT_THROW(as("18446744073709551616", ScalarType::U64), toasty::TypeConversion);
  EXPECT_THROW(as("-1", ScalarType::U8), toasty::TypeConversion);
  EXPECT_EQ(as("255", ScalarType::U8).as_u64(), 255u);
  EXPECT_THROW(as("256", ScalarType::U8), toasty::TypeConversion);
  EXPECT_EQ(as("4294967295", ScalarType::U32).as_u64(), 4294967295u);
  // Exact decimal forms of integers.
  EXPECT_EQ(as("3.0", ScalarType::I32).as_i64(), 3);
  EXPECT_EQ(as("3E2", ScalarType::I32).as_i64(), 300);
  EXPECT_EQ(as("300E-2", ScalarType::I32).as_i64(), 3);
  EXPECT_EQ(as("1.8446744073709551615E19", ScalarType::U64).as_u64(),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(as("-0", ScalarType::U8).as_u64(), 0u);
  EXPECT_THROW(as("3.5", ScalarType::I64), toasty::TypeConversion);
  EXPECT_THROW(as("1E-2", ScalarType::I64), toasty::TypeConversion);
  EXPECT_THROW(as("1E400", ScalarType::I64), toasty::TypeConversion);
  EXPECT_THROW(as("x", ScalarType::I64), toasty::TypeConversion);
  // Floats.
  EXPECT_EQ(as("0.1", ScalarType::F64).as_f64(), 0.1);
  EXPECT_EQ(as("100000000000000000000", ScalarType::F64).as_f64(), 1e20);
  EXPECT_EQ(as("0.5", ScalarType::F32).as_f64(), 0.5);
  EXPECT_THROW(as("1E300", ScalarType::F32), toasty::TypeConversion);
}

TEST(AttributeValue, TypedMismatchesAndNull) {
  EXPECT_TRUE(ddb::from_attribute_value(ddb::av::null(), ScalarType::I64).is_null());
  EXPECT_EQ(ddb::from_attribute_value(ddb::av::string("s"), ScalarType::String).as_string(), "s");
  EXPECT_EQ(ddb::from_attribute_value(ddb::av::boolean(true), ScalarType::Bool).as_bool(), true);
  EXPECT_EQ(ddb::from_attribute_value(Json{{"B", "AAE="}}, ScalarType::Bytes).as_bytes(), (Bytes{0, 1}));
  EXPECT_THROW(ddb::from_attribute_value(ddb::av::string("1"), ScalarType::I64), toasty::TypeConversion);
  EXPECT_THROW(ddb::from_attribute_value(ddb::av::number(1), ScalarType::String), toasty::TypeConversion);
  EXPECT_THROW(ddb::from_attribute_value(ddb::av::number(1), ScalarType::Bool), toasty::TypeConversion);
  EXPECT_THROW(ddb::from_attribute_value(Json{{"L", Json::array()}}), toasty::TypeConversion);
  EXPECT_THROW(ddb::from_attribute_value(Json{{"SS", {"a"}}}), toasty::TypeConversion);
  EXPECT_THROW(ddb::from_attribute_value(Json::parse(R"({"S":"a","N":"1"})")), toasty::TypeConversion);
  EXPECT_THROW(ddb::from_attribute_value(Json{{"S", 1}}), toasty::TypeConversion);
}

TEST(Crc32, CheckValue) {
  EXPECT_EQ(ddb::crc32("123456789"), 0xCBF43926u);  // the standard CRC-32 check value
  EXPECT_EQ(ddb::crc32(""), 0u);
  EXPECT_EQ(ddb::crc32("{}"), 2745614147u);
}
