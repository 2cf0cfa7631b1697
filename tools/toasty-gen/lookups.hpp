#pragma once
// Which get_by_* / filter_by_* members a model gets. Shared by check.cpp (a field must
// not collide with a generated member) and the code generators.
#include <cstddef>
#include <string>
#include <vector>

#include "toasty-gen/schema.hpp"

namespace toasty_gen {

struct Lookup {
  enum class Source { PrimaryKey, Unique, Index, Prefix };
  Source source = Source::PrimaryKey;
  std::vector<std::size_t> fields;  // lookup parameters, in order
  bool has_get = false;             // get_by_<suffix> (primary key and unique indexes)
  std::string suffix;               // "id", "student_id_and_course_id"
  std::string origin;               // for comments: "primary key", "#[index(a, b)]", ...
};

struct LookupPlan {
  // The primary key, then every index (model.indexes order), then the leftmost
  // prefixes of multi-field ones (filter_by_a for an index on (a, b)) that no other
  // lookup provides.
  std::vector<Lookup> lookups;
  // Fields without a real filter_by_<field> / get_by_<field>: they get a template that
  // fails with a readable static_assert.
  std::vector<std::size_t> filter_placeholders;
  std::vector<std::size_t> get_placeholders;
};

LookupPlan plan_lookups(const Model& model);

// Members every generated struct has, with how an error message names them.
struct FixedMember {
  const char* name;
  const char* what;  // "the generated member `User::create()`" uses {} for the model name
};
const std::vector<FixedMember>& fixed_members();

// Every get_by_* / filter_by_* name the model gets.
std::vector<std::string> lookup_member_names(const Model& model, const LookupPlan& plan);

// The singular of a has_many field name, for its nested-create setter: todos -> todo,
// categories -> category, people -> person, children -> child, else without a trailing
// `s` (none when it ends in `ss` or is just `s`).
std::string singular(const std::string& plural);

// `base`, or `base_`, `base__`, ...: the first that is not a field or relation name, so locals and
// parameters of generated functions never shadow (or clash with) a field.
std::string unused_name(const Model& model, std::string base);

}  // namespace toasty_gen
