#include "toasty/schema/app.hpp"

#include <cctype>

namespace toasty::app {

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
