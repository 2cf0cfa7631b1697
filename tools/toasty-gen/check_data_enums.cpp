// The schema checker: data-carrying enums (`enum ContactInfo { Email { address: String },
// Unknown }`). Each becomes an embed: a discriminant column (its unit enum ContactInfoKind,
// checked with the other enums) and one nested struct per data variant, whose columns are
// nullable because only the held variant's are set.
#include <map>
#include <string_view>

#include "toasty-gen/checker.hpp"

namespace toasty_gen::check_detail {

namespace {
// Names the generated struct declares itself (a variant's alias or accessor may not take them).
constexpr std::string_view kDataEnumMembers[] = {"Kind", "Fields", "width", "from_row", "to_values"};
constexpr std::string_view kDataEnumPaths[] = {"kind", "eq", "ne", "wrap", "model_", "first_", "via_"};
}  // namespace

bool has_data_variants(const ast::Enum& ae) {
  return std::any_of(ae.variants.begin(), ae.variants.end(),
                     [](const ast::Variant& v) { return v.fields && !v.fields->empty(); });
}

void Checker::add_data_enum(const ast::Enum& ae, std::vector<Embed>& embeds) {
  const Enum* kind = find_enum(ae.name + "Kind");
  if (!kind) return;  // reported
  Embed de;
  de.name = ae.name;
  de.loc = ae.loc;
  de.kind_enum = kind->name;
  Field disc;  // unnamed: its column is the member's own
  disc.loc = ae.loc;
  disc.type = kind->storage;
  disc.enum_name = kind->name;
  de.fields.push_back(std::move(disc));
  std::map<std::string, std::pair<std::string, Loc>> owner;  // field -> the variant that has it
  std::map<std::string, Loc> paths;                         // accessors and filters of Fields
  for (const EnumVariant& v : kind->variants) paths.emplace(v.filter, v.loc);
  for (const ast::Variant& av : ae.variants) {
    const auto checked = std::find_if(kind->variants.begin(), kind->variants.end(),
                                      [&](const EnumVariant& v) { return v.name == av.name && v.loc == av.loc; });
    if (checked == kind->variants.end()) continue;  // a duplicate, reported
    if (av.name == ae.name) {
      d_.error(av.loc, "variant `" + av.name + "` has the name of its enum, which C++ does not allow for the "
                       "member type " + ae.name + "::" + av.name + "; rename the variant");
      continue;
    }
    if (std::find(std::begin(kDataEnumMembers), std::end(kDataEnumMembers), av.name) != std::end(kDataEnumMembers)) {
      d_.error(av.loc, "variant `" + av.name + "` collides with the generated member `" + ae.name + "::" + av.name +
                       "`; rename the variant");
      continue;
    }
    DataVariant dv;
    dv.name = av.name;
    dv.filter = checked->filter;
    if (av.fields && !av.fields->empty()) {
      dv.accessor = checked->filter.substr(3);  // is_email -> email
      if (std::find(std::begin(kDataEnumPaths), std::end(kDataEnumPaths), dv.accessor) != std::end(kDataEnumPaths)) {
        d_.error(av.loc, "variant `" + av.name + "` would generate the path `" + dv.accessor + "()`, which `" +
                         ae.name + "::Fields` already has; rename the variant");
        continue;
      }
      if (auto [it, fresh] = paths.emplace(dv.accessor, av.loc); !fresh) {
        d_.error(av.loc, "variant `" + av.name + "` would generate the path `" + dv.accessor +
                         "()`, like a filter of the variant at " + to_string(it->second) + "; rename one of them");
        continue;
      }
      ast::Model body;  // checked as an embed; named as users write it, for messages
      body.name = ae.name + "::" + av.name;
      body.loc = av.loc;
      body.fields = *av.fields;
      Embed ve = check_embed(body);
      ve.name = ae.name + "_" + av.name;
      ve.variant_of = body.name;
      for (const Field& f : ve.fields) {
        auto [it, fresh] = owner.emplace(f.name, std::make_pair(av.name, f.loc));
        if (!fresh) {
          d_.error(f.loc, "variants `" + it->second.first + "` (at " + to_string(it->second.second) + ") and `" +
                              av.name + "` both have a field `" + f.name + "`, and a variant's fields are columns "
                              "of the model beside the other variants'; rename one of them");
        }
      }
      dv.embed = ve.name;
      Field holder;  // unnamed: its fields' columns are the member's, nullable
      holder.loc = av.loc;
      holder.embed_name = ve.name;
      holder.optional = true;
      de.fields.push_back(std::move(holder));
      embeds.push_back(std::move(ve));
    }
    de.variants.push_back(std::move(dv));
  }
  embeds.push_back(std::move(de));
}

}  // namespace toasty_gen::check_detail
