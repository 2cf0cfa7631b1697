#include "driver/dynamodb/client/answer.hpp"

namespace toasty::dynamodb::answer {

bool nested_deeper_than(std::string_view s, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped character cannot end the string
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

const Json* field(const Json& o, std::string_view key) {
  if (!o.is_object()) return nullptr;
  auto it = o.find(key);
  return it == o.end() ? nullptr : &*it;
}

std::string text(const Json& o, std::string_view key, std::string fallback) {
  const Json* f = field(o, key);
  return f != nullptr && f->is_string() ? f->get<std::string>() : fallback;
}

std::int64_t integer(const Json& o, std::string_view key) {
  const Json* f = field(o, key);
  if (f == nullptr) return 0;
  if (f->is_number_integer()) return f->get<std::int64_t>();
  if (f->is_number_unsigned()) return static_cast<std::int64_t>(f->get<std::uint64_t>());
  return 0;
}

}  // namespace toasty::dynamodb::answer
