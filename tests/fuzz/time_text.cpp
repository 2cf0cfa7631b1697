// Fuzz target: the readers of date and time text (what SQLite, MySQL and DynamoDB hand back
// for Timestamp, Date and DateTime columns, and ZonedDateTime's text form). Whatever they accept must print back to a
// text they read as the same value.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz_target.hpp"
#include "toasty/core/time.hpp"

namespace {
template <class Parse, class Format>
void round_trip(const std::string& text, Parse parse, Format format) {
  auto v = parse(text);
  if (!v) return;
  const std::string printed = format(*v);  // in range, or parse should not have accepted it
  auto again = parse(printed);
  if (!again || *again != *v) {
    std::fprintf(stderr, "finding: \"%s\" read, printed as \"%s\", read back differently\n", text.c_str(),
                 printed.c_str());
    std::abort();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  toasty_fuzz::only_toasty_errors([&] {
    round_trip(text, toasty::parse_timestamp, toasty::format_timestamp);
    round_trip(text, toasty::parse_date, toasty::format_date);
    round_trip(text, toasty::parse_datetime, toasty::format_datetime);
    // A ZonedDateTime's text: the instant and the offset both come back.
    round_trip(text, toasty::parse_zoned,
               [](const std::pair<toasty::Timestamp, std::chrono::minutes>& z) { return toasty::format_zoned(z.first, z.second); });
  });
  return 0;
}
