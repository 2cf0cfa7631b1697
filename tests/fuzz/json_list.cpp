// Fuzz target: the reader of the JSON arrays Vec<T> columns hold on SQLite and MySQL (what
// the database hands back). Whatever it reads writes back to a text it reads the same.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz_target.hpp"
#include "sql/json_list.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the element type the column would have.
  constexpr toasty::ScalarType kTypes[] = {toasty::ScalarType::String, toasty::ScalarType::I64,
                                           toasty::ScalarType::U64,    toasty::ScalarType::F64,
                                           toasty::ScalarType::Bool,   toasty::ScalarType::Uuid,
                                           toasty::ScalarType::Timestamp};
  const toasty::ScalarType type = kTypes[data[0] % std::size(kTypes)];
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  toasty_fuzz::only_toasty_errors([&] {
    toasty::Value list = toasty::sql::decode_json_list(text, type);
    const std::string written = toasty::sql::encode_json_list(list.as_list());
    if (toasty::sql::decode_json_list(written, type) != list) {
      std::fprintf(stderr, "finding: \"%s\" read, written as \"%s\", read back differently\n", text.c_str(),
                   written.c_str());
      std::abort();
    }
  });
  return 0;
}
