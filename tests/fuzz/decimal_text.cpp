// Fuzz target: the decimal reader (what SQLite, MySQL, PostgreSQL's text and DynamoDB's N
// hand back for Decimal columns) and SQLite's toasty_decimal collation. Whatever parses
// prints to plain text that parses to the same text; the collation is a consistent order.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz_target.hpp"
#include "toasty/core/decimal.hpp"

namespace {
[[noreturn]] void finding(const char* what, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "finding: %s (\"%s\", \"%s\")\n", what, a.c_str(), b.c_str());
  std::abort();
}

void check_one(const std::string& text) {
  auto d = toasty::Decimal::try_parse(text);
  if (!d) return;
  const std::string& printed = d->to_string();
  auto again = toasty::Decimal::try_parse(printed);
  if (!again || again->to_string() != printed) finding("printed text reads back differently", text, printed);
  if (toasty::detail::compare_decimal_text(printed, d->normalized().to_string()) != 0)
    finding("normalized changed the value", printed, d->normalized().to_string());
  if (d->normalized().rescaled(d->scale()).to_string() != printed) finding("rescale lost digits", printed, "");
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  const auto bar = input.find('|');  // "a|b": two texts to order
  const std::string a = input.substr(0, bar), b = bar == std::string::npos ? "" : input.substr(bar + 1);
  toasty_fuzz::only_toasty_errors([&] {
    check_one(a);
    check_one(b);
    const int ab = toasty::detail::compare_decimal_text(a, b), ba = toasty::detail::compare_decimal_text(b, a);
    if ((ab > 0) != (ba < 0) || (ab == 0) != (ba == 0)) finding("collation is not antisymmetric", a, b);
    auto da = toasty::Decimal::try_parse(a), db = toasty::Decimal::try_parse(b);
    if (da && db && a.find_first_of("eE+") == std::string::npos && b.find_first_of("eE+") == std::string::npos &&
        ((*da < *db) != (ab < 0) || (*da == *db) != (ab == 0)))
      finding("collation disagrees with Decimal's order", a, b);
  });
  return 0;
}
