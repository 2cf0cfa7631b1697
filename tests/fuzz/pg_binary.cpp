// Fuzz target: the decoder of PostgreSQL's binary result format (what a server answers for
// each column: integers, timestamps, uuid, numeric, arrays, enum labels). Any bytes must
// decode to a value or a toasty error, never read past the cell.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "driver/postgresql/pg_internal.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  // The first byte picks the column type; the rest is the cell, copied so that ASan sees
  // its exact end.
  constexpr Oid kOids[] = {16,   20,   21,   23,   25,   26,   114,  700,  701,  1043, 1082, 1083, 1114,
                           1184, 1700, 2950, 3802, 17,   1000, 1005, 1007, 1016, 1021, 1022, 1009, 1015,
                           2951, 1185, 1115, 1182, 1183, 1231};
  const std::size_t pick = data[0] % (std::size(kOids) + 2);
  std::vector<char> cell(data + 1, data + size);
  const char* p = cell.empty() ? nullptr : cell.data();
  const int len = static_cast<int>(cell.size());
  toasty_fuzz::only_toasty_errors([&] {
    if (pick < std::size(kOids)) {
      (void)toasty::postgresql::detail::decode_binary(kOids[pick], p, len);
    } else {
      (void)toasty::postgresql::detail::decode_enum(p, len, pick == std::size(kOids) + 1);
    }
  });
  return 0;
}
