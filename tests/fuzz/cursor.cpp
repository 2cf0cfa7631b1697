// Fuzz target: pagination cursors, which web clients hand back (untrusted text). Decoding
// may only refuse with toasty's errors; what it accepts must encode back to the same
// position. Even first bytes feed the text as it is; odd ones wrap the rest as a cursor
// payload with a valid checksum, so that value decoding is reached past the checksum.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/text.hpp"
#include "fuzz_target.hpp"
#include "toasty/model/page.hpp"

namespace {

// The checksum page.cpp puts after a payload (FNV-1a of signature and payload).
std::string with_checksum(const std::string& signature, std::string payload) {
  std::uint64_t h = 14695981039346656037ull;
  for (const std::string* part : {&signature, static_cast<const std::string*>(&payload)})
    for (char c : *part) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
  for (int i = 0; i < 8; ++i) payload.push_back(static_cast<char>((h >> (8 * i)) & 0xFF));
  return payload;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  toasty::detail::PageOrder order;
  order.fields = {0, 1};
  order.descending = {false, true};
  order.signature = "Fuzz;+0a;-1b";
  std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string cursor = data[0] % 2 == 0 ? rest : toasty::text::base64_encode(with_checksum(order.signature, rest), true);
  toasty_fuzz::only_toasty_errors([&] {
    std::vector<toasty::Value> position = toasty::detail::decode_cursor(order, cursor);
    std::vector<toasty::Value> again = toasty::detail::decode_cursor(order, toasty::detail::encode_cursor(order, position.data()));
    if (again.size() != position.size()) std::abort();
    for (std::size_t i = 0; i < again.size(); ++i)
      if (again[i].debug_string() != position[i].debug_string()) {
        std::fprintf(stderr, "finding: a cursor value changed on the way back: %s -> %s\n",
                     position[i].debug_string().c_str(), again[i].debug_string().c_str());
        std::abort();
      }
  });
  return 0;
}
