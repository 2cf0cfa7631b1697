#pragma once
// Keys of rows and values, compared and hashed so that the same number read back as i64 or
// u64 (drivers differ) is one key: preloads match children to parents by them, and split
// statements drop repeated list values and rows by them.
#include <functional>
#include <optional>
#include <vector>

#include "toasty/driver/driver.hpp"

namespace toasty::engine {

// A tuple of key values, compared and hashed so that the same number read back as
// i64 or u64 (drivers differ) is one key.
struct Key {
  std::vector<Value> parts;
  bool operator==(const Key& o) const {
    if (parts.size() != o.parts.size()) return false;
    for (std::size_t i = 0; i < parts.size(); ++i)
      if (!same(parts[i], o.parts[i])) return false;
    return true;
  }
  static bool same(const Value& a, const Value& b) {
    if ((a.is_i64() || a.is_u64()) && (b.is_i64() || b.is_u64())) {
      if (a.is_i64() && a.as_i64() < 0) return b.is_i64() && b.as_i64() == a.as_i64();
      if (b.is_i64() && b.as_i64() < 0) return false;
      return a.as_u64() == b.as_u64();
    }
    return a == b;
  }
};

struct KeyHash {
  std::size_t operator()(const Key& k) const {
    std::size_t h = 0;
    for (const Value& v : k.parts) {
      std::size_t x;
      if (v.is_i64() && v.as_i64() >= 0) x = std::hash<std::uint64_t>{}(static_cast<std::uint64_t>(v.as_i64()));
      else if (v.is_u64()) x = std::hash<std::uint64_t>{}(v.as_u64());
      else if (v.is_i64()) x = std::hash<std::int64_t>{}(v.as_i64());
      else if (v.is_string()) x = std::hash<std::string>{}(v.as_string());
      else if (v.is_uuid()) x = std::hash<Uuid>{}(v.as_uuid());
      else x = std::hash<std::string>{}(v.debug_string());
      h = h * 1000003u ^ x;
    }
    return h;
  }
};

// Key of row `row` (model field order) over `fields`; nullopt when any part is NULL.
inline std::optional<Key> key_of(const driver::Rows& rows, std::size_t row, const std::vector<std::size_t>& fields) {
  Key k;
  for (std::size_t f : fields) {
    const Value& v = rows.row(row)[f];
    if (v.is_null()) return std::nullopt;
    k.parts.push_back(v);
  }
  return k;
}

}  // namespace toasty::engine
