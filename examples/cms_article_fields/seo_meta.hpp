#pragma once
// The type an Article's `seo` field holds as JSON: nlohmann-json converts it.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace cms_ext {

struct SeoMeta {
  std::string description;
  std::optional<std::string> canonical_url;
  bool operator==(const SeoMeta&) const = default;
};

inline void to_json(nlohmann::json& j, const SeoMeta& m) {
  j = {{"description", m.description}};
  if (m.canonical_url) j["canonical_url"] = *m.canonical_url;
}
inline void from_json(const nlohmann::json& j, SeoMeta& m) {
  j.at("description").get_to(m.description);
  if (j.contains("canonical_url")) m.canonical_url = j.at("canonical_url").get<std::string>();
}

}  // namespace cms_ext
