#include "toasty/schema/app.hpp"

#include <cctype>
#include <limits>

#include "toasty/error.hpp"

namespace toasty::app {

const EnumVariant* Enum::find_label(std::string_view label) const {
  for (const EnumVariant& v : variants)
    if (v.label == label) return &v;
  return nullptr;
}

const EnumVariant* Enum::find_value(std::int64_t value) const {
  for (const EnumVariant& v : variants)
    if (v.value == value) return &v;
  return nullptr;
}

const EnumVariant* Enum::find(const Value& stored) const {
  if (!integer) return stored.is_string() ? find_label(stored.as_string()) : nullptr;
  if (stored.is_i64()) return find_value(stored.as_i64());
  // An unsigned column (or a driver's unsigned read) holding a value that fits.
  if (stored.is_u64() && stored.as_u64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return find_value(static_cast<std::int64_t>(stored.as_u64()));
  return nullptr;
}

Value Enum::stored(const EnumVariant& v) const { return integer ? Value(v.value) : Value(v.label); }

std::string Enum::describe() const {
  std::string out;
  for (const EnumVariant& v : variants) {
    if (!out.empty()) out += ", ";
    out += integer ? std::to_string(v.value) : v.label;
  }
  return out;
}

std::optional<std::size_t> Model::field_index(std::string_view field_name) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == field_name) return i;
  return std::nullopt;
}

namespace {
std::string pluralize(std::string word) {
  auto ends_with = [&](std::string_view s) {
    return word.size() >= s.size() && word.compare(word.size() - s.size(), s.size(), s) == 0;
  };
  if (ends_with("s") || ends_with("x") || ends_with("z") || ends_with("ch") || ends_with("sh"))
    return word + "es";
  if (word.size() >= 2 && word.back() == 'y' &&
      std::string_view("aeiou").find(word[word.size() - 2]) == std::string_view::npos)
    return word.substr(0, word.size() - 1) + "ies";
  return word + "s";
}
}  // namespace

std::string default_table_name(std::string_view model_name) {
  std::string snake;
  for (std::size_t i = 0; i < model_name.size(); ++i) {
    char c = model_name[i];
    if (std::isupper(static_cast<unsigned char>(c))) {
      bool prev_lower = i > 0 && !std::isupper(static_cast<unsigned char>(model_name[i - 1]));
      bool next_lower = i + 1 < model_name.size() &&
                        std::islower(static_cast<unsigned char>(model_name[i + 1]));
      bool prev_upper = i > 0 && std::isupper(static_cast<unsigned char>(model_name[i - 1]));
      if (i > 0 && (prev_lower || (prev_upper && next_lower)) && snake.back() != '_') snake += '_';
      snake += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      snake += c;
    }
  }
  return pluralize(std::move(snake));
}

}  // namespace toasty::app

namespace toasty::detail {

Value enum_stored(const app::Enum& e, std::int64_t enumerator) {
  if (const app::EnumVariant* v = e.find_value(enumerator)) return e.stored(*v);
  // A value cast into the enum type (static_cast<Status>(7)) names no variant.
  throw TypeConversion("toasty: " + std::to_string(enumerator) + " is not an enumerator of enum " + e.name +
                       " (its variants: " + e.describe() + ")");
}

std::int64_t enum_enumerator(const app::Enum& e, const Value& stored) {
  if (const app::EnumVariant* v = e.find(stored)) return v->value;
  throw TypeConversion("toasty: " + stored.debug_string() + " is not a variant of enum " + e.name + " (" +
                       (e.integer ? "stored as integers: " : "stored as labels: ") + e.describe() + ")");
}

}  // namespace toasty::detail
