// The JSON arrays Vec<T> columns hold on SQLite and MySQL: written compactly, read in the
// forms the databases hand back (MySQL's spaces, escapes, surrogate pairs).
#include "sql/json_list.hpp"

#include <gtest/gtest.h>

#include "toasty/error.hpp"

namespace {

using toasty::ScalarType;
using toasty::Value;
using toasty::sql::decode_json_list;
using toasty::sql::encode_json_list;

TEST(JsonList, WritesScalarsCompactly) {
  EXPECT_EQ(encode_json_list({}), "[]");
  EXPECT_EQ(encode_json_list({Value("a\"b\\c\n"), Value(std::string("\x01", 1))}), R"(["a\"b\\c\n","\u0001"])");
  EXPECT_EQ(encode_json_list({Value(std::int64_t{-5}), Value(std::uint64_t{18446744073709551615u}), Value(0.1), Value(true)}),
            "[-5,18446744073709551615,0.1,true]");
  EXPECT_EQ(encode_json_list({Value(toasty::Uuid::parse("0190a4c2-7b7e-7cc1-9f3a-5b1c2d3e4f50"))}),
            R"(["0190a4c2-7b7e-7cc1-9f3a-5b1c2d3e4f50"])");
  EXPECT_THROW(encode_json_list({Value(std::numeric_limits<double>::infinity())}), toasty::TypeConversion);
}

TEST(JsonList, ReadsWhatTheDatabasesHandBack) {
  EXPECT_EQ(decode_json_list(R"( [ "a" , "b\u00e9\ud83c\udf6e" ,"\/" ] )", ScalarType::String),
            Value(Value::List{Value("a"), Value("bé🍮"), Value("/")}));
  EXPECT_EQ(decode_json_list("[1, 2, 18446744073709551615]", ScalarType::U64).as_list().at(2),
            Value(std::uint64_t{18446744073709551615u}));
  EXPECT_EQ(decode_json_list("[1.5e3]", ScalarType::F64), Value(Value::List{Value(1500.0)}));
  EXPECT_EQ(decode_json_list("[true,false]", ScalarType::Bool), Value(Value::List{Value(true), Value(false)}));
  EXPECT_EQ(decode_json_list(R"(["2024-02-29T12:00:00.000000Z"])", ScalarType::Timestamp).as_list().at(0),
            Value(toasty::parse_timestamp("2024-02-29T12:00:00Z").value()));
  EXPECT_EQ(decode_json_list("[]", ScalarType::String), Value(Value::List{}));
  for (const char* bad : {"", "[", "[1,]", "[\"a\" \"b\"]", "{\"a\":1}", "[null]", "[[1]]", "[\"\\ud800\"]", "[1] x",
                          "[\"unterminated]", "[\"\\x\"]", "[01]", "[1.]", "[.5]", "[1e]", "[+1]"})
    EXPECT_THROW(decode_json_list(bad, ScalarType::String), toasty::TypeConversion) << bad;
  // An element the column's type cannot hold.
  EXPECT_THROW(decode_json_list("[2.5]", ScalarType::Bool), toasty::TypeConversion);
  EXPECT_THROW(decode_json_list("[\"a\"]", ScalarType::I64), toasty::TypeConversion);
  EXPECT_THROW(decode_json_list("[1]", ScalarType::String), toasty::TypeConversion);
  EXPECT_EQ(decode_json_list("[0, 1]", ScalarType::Bool), Value(Value::List{Value(false), Value(true)}));
}

}  // namespace
