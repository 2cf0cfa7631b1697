#include "migrate/alter_dynamodb.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "driver/dynamodb/items.hpp"
#include "driver/dynamodb/schema_steps.hpp"
#include "toasty/error.hpp"

namespace toasty::migrations {

namespace {

using dynamodb::Json;

std::string q(const std::string& s) { return "\"" + s + "\""; }

const db::Table& table_named(const db::Schema& s, const std::string& name) {
  for (const db::Table& t : s.tables)
    if (t.name == name) return t;
  throw InvalidSchema("toasty: migration: no table " + q(name) + " in the schema");
}

std::size_t column_named(const db::Table& t, const std::string& name) {
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    if (t.columns[i].name == name) return i;
  throw InvalidSchema("toasty: migration: no column " + q(name) + " in table " + q(t.name));
}

const db::Index& index_named(const db::Table& t, const std::string& name) {
  for (const db::Index& i : t.indexes)
    if (i.name == name) return i;
  throw InvalidSchema("toasty: migration: no index " + q(name) + " on table " + q(t.name));
}

bool in_key(const db::Table& t, std::size_t col) {
  return std::find(t.primary_key.begin(), t.primary_key.end(), col) != t.primary_key.end();
}

// The kind of attribute value a column's values are kept as, whatever indexes it is in.
std::string value_kind(const db::Table& t, std::size_t col) {
  const db::Column& c = t.columns[col];
  if (c.list) return "L";
  if (c.type == ScalarType::Bool) return "BOOL";
  return dynamodb::attribute_type(t, col);
}

std::string kind_name(const std::string& kind) {
  if (kind == "S") return "strings (S)";
  if (kind == "N") return "numbers (N)";
  if (kind == "B") return "binaries (B)";
  if (kind == "L") return "lists (L)";
  return "booleans (BOOL)";
}

class Builder {
 public:
  explicit Builder(const Diff& d) : d_(d) {}

  std::vector<std::string> run() {
    for (const Change& c : d_.changes) change(c);
    rebuild_indexes_of_renamed_columns();
    convert_bools();
    if (!refusals_.empty()) {
      std::string message = "toasty: DynamoDB cannot apply this migration: ";
      for (std::size_t i = 0; i < refusals_.size(); ++i) message += (i ? "; " : "") + refusals_[i];
      return {Json{{"Refuse", {{"Message", message}}}}.dump()};
    }
    std::vector<std::string> out;
    for (const auto* phase : {&pre_, &data_, &post_, &last_})
      for (const Json& step : *phase) out.push_back(step.dump());
    return out;
  }

 private:
  void change(const Change& c) {
    switch (c.kind) {
      case Change::Kind::RenameTable:
        refusals_.push_back("it cannot rename table " + q(c.old_table) + " to " + q(c.table) +
                            " (a DynamoDB table keeps its name): keep the old name with #[table(" + q(c.old_table) +
                            ")] on the model, or create the new table and copy the items with a program of your own");
        return;
      case Change::Kind::CreateTable: {
        const db::Table& t = table_named(d_.after, c.table);
        for (const db::Column& col : t.columns)
          if (col.auto_increment)
            refusals_.push_back("table " + q(t.name) + " has an auto-increment column " + q(col.name) +
                                ", and DynamoDB has no counter to fill it: give the model a Uuid key with #[auto] "
                                "(or a key the program chooses) to keep it on DynamoDB");
        try {
          post_.push_back({{"CreateTable", dynamodb::create_table_request(t)}});
        } catch (const InvalidSchema& e) {
          refusals_.push_back(e.what());
          return;
        }
        for (const db::Index& idx : t.indexes)
          if (idx.unique) post_.push_back({{"CreateTable", dynamodb::unique_table_request(t, idx)}});
        return;
      }
      case Change::Kind::DropTable: {
        const db::Table& t = table_named(d_.before, c.old_table);
        for (const db::Index& idx : t.indexes)
          if (idx.unique) last_.push_back({{"DeleteTable", {{"TableName", dynamodb::unique_table_name(t, idx)}}}});
        last_.push_back({{"DeleteTable", {{"TableName", t.name}}}});
        return;
      }
      case Change::Kind::AddColumn: {
        if (!c.fill) return;  // nullable: items without the attribute read as NULL
        fill(c);
        return;
      }
      case Change::Kind::DropColumn:
        data_.push_back({{"RemoveAttribute", {{"TableName", c.table}, {"Attribute", c.name}}}});
        return;
      case Change::Kind::RenameColumn: {
        const db::Table& before = table_named(d_.before, c.old_table);
        if (in_key(before, column_named(before, c.old_name))) {
          refusals_.push_back("it cannot rename column " + q(c.table) + "." + q(c.old_name) + " to " + q(c.name) +
                              ": it is part of the table's key, which DynamoDB cannot change; keep the old name with "
                              "#[column(" + q(c.old_name) + ")] on the field");
          return;
        }
        data_.push_back({{"RenameAttribute", {{"TableName", c.table}, {"From", c.old_name}, {"To", c.name}}}});
        renamed_[c.table].insert(c.name);
        return;
      }
      case Change::Kind::AlterColumn: {
        const db::Table& before = table_named(d_.before, c.old_table);
        const db::Table& after = table_named(d_.after, c.table);
        const std::size_t b = column_named(before, c.old_name), a = column_named(after, c.name);
        const std::string was = value_kind(before, b), now = value_kind(after, a);
        if (was != now) {
          refusals_.push_back("column " + q(c.table) + "." + q(c.name) + " holds " + kind_name(was) +
                              ", and DynamoDB cannot turn the items' values into " + kind_name(now) +
                              " in place: add a field of the new type, copy the values with a program of your own, "
                              "then drop the old field");
          return;
        }
        if (c.fill && !after.columns[a].nullable && before.columns[b].nullable) fill(c);
        return;
      }
      case Change::Kind::CreateIndex: {
        const db::Table& t = table_named(d_.after, c.table);
        create_index(t, index_named(t, c.name));
        return;
      }
      case Change::Kind::DropIndex: {
        const db::Table& t = table_named(d_.before, c.old_table);
        drop_index(t, index_named(t, c.name));
        return;
      }
      case Change::Kind::RenameIndex: {
        // DynamoDB names an index once: the old one goes, the new one is built.
        const db::Table& before = table_named(d_.before, c.old_table);
        const db::Table& after = table_named(d_.after, c.table);
        drop_index(before, index_named(before, c.old_name));
        create_index(after, index_named(after, c.name));
        return;
      }
    }
  }

  void fill(const Change& c) {
    const db::Table& t = table_named(d_.after, c.table);
    const std::size_t col = column_named(t, c.name);
    Json value;
    try {
      value = dynamodb::to_av(t, col, *c.fill);
    } catch (const Error& e) {
      refusals_.push_back("the value for " + q(c.table) + "." + q(c.name) + " has no DynamoDB form: " + e.what());
      return;
    }
    data_.push_back({{"FillAttribute", {{"TableName", c.table}, {"Attribute", c.name}, {"Value", value}}}});
  }

  void create_index(const db::Table& t, const db::Index& idx) {
    created_[t.name].insert(idx.name);
    if (!idx.unique) {
      post_.push_back({{"UpdateTable", dynamodb::create_gsi_request(t, idx)}});
      return;
    }
    if (idx.columns.size() > 2) {
      refusals_.push_back("it cannot keep unique index " + q(idx.name) + " of table " + q(t.name) +
                          ": a unique index may have at most two columns there");
      return;
    }
    post_.push_back({{"CreateTable", dynamodb::unique_table_request(t, idx)}});
    Json attributes = Json::array();
    for (std::size_t c : idx.columns) attributes.push_back(t.columns[c].name);
    post_.push_back({{"FillUniqueIndex",
                      {{"TableName", t.name},
                       {"IndexTable", dynamodb::unique_table_name(t, idx)},
                       {"Attributes", std::move(attributes)}}}});
  }

  void drop_index(const db::Table& t, const db::Index& idx) {
    if (idx.unique) {
      pre_.push_back({{"DeleteTable", {{"TableName", dynamodb::unique_table_name(t, idx)}}}});
      return;
    }
    pre_.push_back({{"UpdateTable",
                     {{"TableName", t.name},
                      {"GlobalSecondaryIndexUpdates", Json::array({{{"Delete", {{"IndexName", dynamodb::gsi_name(idx)}}}}})}}}});
  }

  // An index over a renamed column keeps the old attribute name in its key (a GSI, a
  // unique table): it is dropped before the items change and built again after.
  void rebuild_indexes_of_renamed_columns() {
    for (const auto& [table, columns] : renamed_) {
      const db::Table& after = table_named(d_.after, table);
      const db::Table& before = table_named(d_.before, table);
      for (const db::Index& idx : after.indexes) {
        if (created_[table].count(idx.name)) continue;
        bool touched = false;
        for (std::size_t c : idx.columns) touched = touched || columns.count(after.columns[c].name);
        if (!touched) continue;
        drop_index(before, index_named(before, idx.name));
        create_index(after, idx);
      }
    }
  }

  // A bool is kept as 0/1 while it is in a key (DynamoDB keys are S, N or B) and as BOOL
  // otherwise: when an index starts or stops covering it, the items' values change kind.
  void convert_bools() {
    for (const db::Table& after : d_.after.tables) {
      const db::Table* before = nullptr;
      for (const db::Table& t : d_.before.tables)
        if (t.name == after.name) before = &t;
      if (before == nullptr) continue;  // a new table: no items yet
      for (std::size_t a = 0; a < after.columns.size(); ++a) {
        if (after.columns[a].type != ScalarType::Bool || after.columns[a].list) continue;
        std::string was_name = after.columns[a].name;
        for (const Change& c : d_.changes)
          if (c.kind == Change::Kind::RenameColumn && c.table == after.name && c.name == was_name) was_name = c.old_name;
        std::size_t b = before->columns.size();
        for (std::size_t i = 0; i < before->columns.size(); ++i)
          if (before->columns[i].name == was_name) b = i;
        if (b == before->columns.size() || before->columns[b].type != ScalarType::Bool) continue;
        const bool was_number = dynamodb::bool_as_number(*before, b), is_number = dynamodb::bool_as_number(after, a);
        if (was_number == is_number) continue;
        data_.push_back({{"ConvertBool",
                          {{"TableName", after.name}, {"Attribute", after.columns[a].name}, {"To", is_number ? "N" : "BOOL"}}}});
      }
    }
  }

  const Diff& d_;
  std::vector<Json> pre_, data_, post_, last_;  // index drops, item passes, creations, table drops
  std::vector<std::string> refusals_;
  std::map<std::string, std::set<std::string>> renamed_;  // table -> renamed columns (new names)
  std::map<std::string, std::set<std::string>> created_;  // table -> names of the indexes built
};

}  // namespace

std::vector<std::string> alter_dynamodb(const Diff& diff) { return Builder(diff).run(); }

std::string dynamodb_compare_step(const db::Schema& expected) {
  Json tables = Json::array();
  for (const db::Table& t : expected.tables) {
    tables.push_back(dynamodb::create_table_request(t));
    for (const db::Index& idx : t.indexes)
      if (idx.unique) tables.push_back(dynamodb::unique_table_request(t, idx));
  }
  return Json{{"CompareTables", {{"Tables", std::move(tables)}}}}.dump();
}

std::string dynamodb_refusal(const std::vector<std::string>& steps) {
  if (steps.size() != 1) return {};
  const Json step = Json::parse(steps[0]);
  auto it = step.find("Refuse");
  if (it == step.end()) return {};
  return it->value("Message", std::string());
}

}  // namespace toasty::migrations
