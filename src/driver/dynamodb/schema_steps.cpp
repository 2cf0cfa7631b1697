// Tables as DynamoDB requests, and the steps of a DynamoDB migration (schema_steps.hpp).
#include "driver/dynamodb/schema_steps.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>

#include "driver/dynamodb/client/answer.hpp"
#include "driver/dynamodb/items.hpp"
#include "toasty/error.hpp"

namespace toasty::dynamodb {

namespace {

using Status = std::function<void(std::string_view)>;
using std::chrono::milliseconds;

// The longest a step waits for DynamoDB to build or drop an index (a GSI over a large
// table backfills for hours).
constexpr std::chrono::hours kIndexWait{12};

// Attribute definitions and key schemas of one CreateTable / UpdateTable.
class KeyBuilder {
 public:
  explicit KeyBuilder(const db::Table& t) : t_(t) {}
  Json key_schema(const std::vector<std::size_t>& cols) {
    Json ks = Json::array();
    for (std::size_t i = 0; i < cols.size() && i < 2; ++i) {
      if (defined_.insert(cols[i]).second)
        defs_.push_back({{"AttributeName", t_.columns[cols[i]].name}, {"AttributeType", attribute_type(t_, cols[i])}});
      ks.push_back({{"AttributeName", t_.columns[cols[i]].name}, {"KeyType", i == 0 ? "HASH" : "RANGE"}});
    }
    return ks;
  }
  Json definitions() const { return defs_; }

 private:
  const db::Table& t_;
  Json defs_ = Json::array();
  std::set<std::size_t> defined_;
};

Json gsi_spec(KeyBuilder& keys, const db::Index& idx) {
  return {{"IndexName", gsi_name(idx)}, {"KeySchema", keys.key_schema(idx.columns)}, {"Projection", {{"ProjectionType", "ALL"}}}};
}

void report(const Status& status, const std::string& text) {
  if (status) status(text);
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// A field of a step's body, checked: the step files are edited by people.
const Json& member(const Json& body, const char* action, const char* name) {
  auto it = body.find(name);
  if (it == body.end()) throw InvalidStatement(std::string("toasty: DynamoDB step ") + action + ": it has no \"" + name + "\"");
  return *it;
}
std::string text_member(const Json& body, const char* action, const char* name) {
  const Json& v = member(body, action, name);
  if (!v.is_string() || v.get_ref<const std::string&>().empty())
    throw InvalidStatement(std::string("toasty: DynamoDB step ") + action + ": \"" + name + "\" is not a name");
  return v.get<std::string>();
}

// The key attribute names of a table, partition key first, as DescribeTable tells them.
std::vector<std::string> key_attributes(const Json& description) {
  std::vector<std::string> out(2);
  const Json* ks = answer::field(description, "KeySchema");
  if (ks == nullptr || !ks->is_array()) throw DatabaseError("DynamoDB DescribeTable: malformed answer: no KeySchema");
  for (const Json& k : *ks) (answer::text(k, "KeyType") == "RANGE" ? out[1] : out[0]) = answer::text(k, "AttributeName");
  if (out[1].empty()) out.pop_back();
  if (out[0].empty()) throw DatabaseError("DynamoDB DescribeTable: malformed answer: no partition key");
  return out;
}

// Names #n0, #n1, ... for attribute names in expressions (any name is allowed there).
class Names {
 public:
  std::string operator()(const std::string& attribute) {
    for (auto it = names_.begin(); it != names_.end(); ++it)
      if (it.value() == attribute) return it.key();
    std::string ref = "#n" + std::to_string(names_.size());
    names_[ref] = attribute;
    return ref;
  }
  const Json& json() const { return names_; }
  // Those `expressions` use: DynamoDB refuses a request naming one it does not use.
  Json used_in(std::initializer_list<std::string_view> expressions) const {
    Json out = Json::object();
    for (auto it = names_.begin(); it != names_.end(); ++it)
      for (std::string_view e : expressions)
        for (std::size_t at = e.find(it.key()); at != std::string_view::npos; at = e.find(it.key(), at + 1)) {
          const std::size_t end = at + it.key().size();
          if (end < e.size() && e[end] >= '0' && e[end] <= '9') continue;  // #n1 in #n12
          out[it.key()] = it.value();
        }
    return out;
  }

 private:
  Json names_ = Json::object();
};

// Every item of `table` that passes `filter` (may be empty), with its key attributes and
// `attributes`, a page at a time; `each` is called per item. Reports progress per page.
void for_each_item(Client& client, const std::string& table, const std::vector<std::string>& keys,
                   const std::vector<std::string>& attributes, const std::string& filter, Names& names, const Json& values,
                   const Status& status, const std::string& what, const std::function<void(const Json&)>& each) {
  std::string projection;
  for (const auto* list : {&keys, &attributes})
    for (const std::string& a : *list) projection += (projection.empty() ? "" : ", ") + names(a);
  Json request = {{"TableName", table}, {"ProjectionExpression", projection}, {"ConsistentRead", true}};
  if (!filter.empty()) request["FilterExpression"] = filter;
  request["ExpressionAttributeNames"] = names.used_in({projection, filter});
  if (!values.empty()) request["ExpressionAttributeValues"] = values;
  std::uint64_t done = 0;
  for (;;) {
    Page page = client.scan(request);
    for (const Json& item : page.items) {
      each(item);
      ++done;
    }
    report(status, what + ": " + std::to_string(done) + " items");
    if (!page.last_evaluated_key) return;
    if (auto it = request.find("ExclusiveStartKey"); it != request.end() && *it == *page.last_evaluated_key)
      throw DatabaseError("DynamoDB: malformed answer: the endpoint returned the same LastEvaluatedKey twice");
    request["ExclusiveStartKey"] = std::move(*page.last_evaluated_key);
  }
}

Json key_of(const Json& item, const std::vector<std::string>& keys) {
  Json k = Json::object();
  for (const std::string& a : keys) k[a] = item.at(a);
  return k;
}

// UpdateItem on one item found by a scan; a failed condition means another writer changed
// or deleted it meanwhile, which the condition exists to respect.
void update_one(Client& client, const std::string& table, const Json& key, const std::string& update,
                const std::string& condition, const Names& names, const Json& values) {
  Json request = {{"TableName", table}, {"Key", key}, {"UpdateExpression", update}, {"ConditionExpression", condition},
                  {"ExpressionAttributeNames", names.used_in({update, condition})}};
  if (!values.empty()) request["ExpressionAttributeValues"] = values;
  try {
    client.update_item(request);
  } catch (const ConditionalCheckFailed&) {
  }
}

// ------------------------------------------------------------------ the steps

void create_table(Client& client, const Json& request, const Status& status) {
  const std::string name = text_member(request, "CreateTable", "TableName");
  report(status, "creating table " + quoted(name));
  try {
    client.create_table(request);
  } catch (const ServiceError& e) {
    if (e.type() != "ResourceInUseException") throw;
    // There already (a step run again): the same table, or a clear refusal.
    Json existing = client.wait_until_active(name);
    const Json* ks = answer::field(existing, "KeySchema");
    if (ks == nullptr || request.find("KeySchema") == request.end() || *ks != request.at("KeySchema"))
      throw InvalidSchema("toasty: DynamoDB table " + quoted(name) +
                          " exists already with another key; drop it or pick another table name");
  }
}

void delete_table(Client& client, const Json& request, const Status& status) {
  const std::string name = text_member(request, "DeleteTable", "TableName");
  report(status, "deleting table " + quoted(name));
  client.delete_table(name);
}

const Json* find_gsi(const Json& description, const std::string& index) {
  if (const Json* gsis = answer::field(description, "GlobalSecondaryIndexes"); gsis && gsis->is_array())
    for (const Json& g : *gsis)
      if (answer::text(g, "IndexName") == index) return &g;
  return nullptr;
}

void update_table(Client& client, const Json& request, const Status& status) {
  const std::string table = text_member(request, "UpdateTable", "TableName");
  const Json& updates = member(request, "UpdateTable", "GlobalSecondaryIndexUpdates");
  if (!updates.is_array() || updates.size() != 1 || !updates[0].is_object() || updates[0].size() != 1)
    throw InvalidStatement("toasty: DynamoDB step UpdateTable: \"GlobalSecondaryIndexUpdates\" must hold one Create or "
                           "Delete (DynamoDB changes one index per UpdateTable)");
  const std::string kind = updates[0].begin().key();
  if (kind != "Create" && kind != "Delete")
    throw InvalidStatement("toasty: DynamoDB step UpdateTable: a migration creates or deletes an index, not \"" + kind + "\"");
  const bool create = kind == "Create";
  const std::string index = text_member(updates[0].begin().value(), "UpdateTable", "IndexName");
  const std::string what = std::string(create ? "creating" : "deleting") + " index " + quoted(index) + " of table " +
                           quoted(table);

  // Run again after a failure: what was asked may be done or under way already.
  Json description = client.wait_until_active(table);
  if ((find_gsi(description, index) != nullptr) != create) {
    report(status, what);
    client.call("UpdateTable", request);
  }
  const auto deadline = std::chrono::steady_clock::now() + kIndexWait;
  milliseconds interval(50);
  for (;;) {
    description = client.describe_table(table);
    const Json* gsi = find_gsi(description, index);
    const std::string table_status = answer::text(description, "TableStatus");
    const std::string index_status = gsi ? answer::text(*gsi, "IndexStatus") : "gone";
    if (table_status == "ACTIVE" && (create ? gsi && index_status == "ACTIVE" : !gsi)) return;
    if (create && !gsi && table_status == "ACTIVE")
      throw DatabaseError("toasty: DynamoDB did not create index " + quoted(index) + " of table " + quoted(table) +
                          " (it is not in DescribeTable's answer)");
    std::string line = what + ": " + index_status;
    if (gsi && answer::field(*gsi, "Backfilling") && answer::field(*gsi, "Backfilling")->is_boolean() &&
        answer::field(*gsi, "Backfilling")->get<bool>())
      line += ", backfilling " + std::to_string(answer::integer(*gsi, "ItemCount")) + " items so far";
    report(status, line);
    if (std::chrono::steady_clock::now() >= deadline)
      throw DatabaseError("toasty: DynamoDB is still " + what + " after 12 hours (status " + index_status +
                          "); apply again to go on waiting");
    client.pause(interval);
    interval = std::min(interval * 2, milliseconds(5000));
  }
}

void fill_attribute(Client& client, const Json& body, const Status& status) {
  const std::string table = text_member(body, "FillAttribute", "TableName");
  const std::string attribute = text_member(body, "FillAttribute", "Attribute");
  const Json& value = member(body, "FillAttribute", "Value");
  if (!value.is_object() || value.size() != 1)
    throw InvalidStatement("toasty: DynamoDB step FillAttribute: \"Value\" is not an attribute value such as {\"S\": \"x\"}");
  const auto keys = key_attributes(client.wait_until_active(table));
  Names names;
  const std::string a = names(attribute), k0 = names(keys[0]);
  for_each_item(client, table, keys, {}, "attribute_not_exists(" + a + ")", names, Json::object(), status,
                "filling " + quoted(table) + "." + quoted(attribute), [&](const Json& item) {
                  update_one(client, table, key_of(item, keys), "SET " + a + " = :v",
                             "attribute_exists(" + k0 + ") AND attribute_not_exists(" + a + ")", names, {{":v", value}});
                });
}

void remove_attribute(Client& client, const Json& body, const Status& status) {
  const std::string table = text_member(body, "RemoveAttribute", "TableName");
  const std::string attribute = text_member(body, "RemoveAttribute", "Attribute");
  const auto keys = key_attributes(client.wait_until_active(table));
  if (std::find(keys.begin(), keys.end(), attribute) != keys.end())
    throw InvalidSchema("toasty: DynamoDB cannot remove attribute " + quoted(attribute) + " of table " + quoted(table) +
                        ": it is part of the table's key");
  Names names;
  const std::string a = names(attribute);
  for_each_item(client, table, keys, {}, "attribute_exists(" + a + ")", names, Json::object(), status,
                "removing " + quoted(table) + "." + quoted(attribute), [&](const Json& item) {
                  update_one(client, table, key_of(item, keys), "REMOVE " + a, "attribute_exists(" + a + ")", names,
                             Json::object());
                });
}

void rename_attribute(Client& client, const Json& body, const Status& status) {
  const std::string table = text_member(body, "RenameAttribute", "TableName");
  const std::string from = text_member(body, "RenameAttribute", "From");
  const std::string to = text_member(body, "RenameAttribute", "To");
  const auto keys = key_attributes(client.wait_until_active(table));
  for (const std::string& name : {from, to})
    if (std::find(keys.begin(), keys.end(), name) != keys.end())
      throw InvalidSchema("toasty: DynamoDB cannot rename attribute " + quoted(from) + " of table " + quoted(table) +
                          " to " + quoted(to) + ": it is part of the table's key, which DynamoDB cannot change");
  Names names;
  const std::string f = names(from), t = names(to);
  for_each_item(client, table, keys, {}, "attribute_exists(" + f + ")", names, Json::object(), status,
                "renaming " + quoted(table) + "." + quoted(from) + " to " + quoted(to), [&](const Json& item) {
                  update_one(client, table, key_of(item, keys), "SET " + t + " = " + f + " REMOVE " + f,
                             "attribute_exists(" + f + ")", names, Json::object());
                });
}

void convert_bool(Client& client, const Json& body, const Status& status) {
  const std::string table = text_member(body, "ConvertBool", "TableName");
  const std::string attribute = text_member(body, "ConvertBool", "Attribute");
  const std::string to = text_member(body, "ConvertBool", "To");
  if (to != "N" && to != "BOOL") throw InvalidStatement("toasty: DynamoDB step ConvertBool: \"To\" is \"N\" or \"BOOL\"");
  const auto keys = key_attributes(client.wait_until_active(table));
  Names names;
  const std::string a = names(attribute);
  const Json from_type = {{"S", to == "N" ? "BOOL" : "N"}};
  for_each_item(client, table, keys, {attribute}, "attribute_type(" + a + ", :from)", names, {{":from", from_type}},
                status, "converting " + quoted(table) + "." + quoted(attribute), [&](const Json& item) {
                  const Json& old = item.at(attribute);
                  bool b = false;
                  if (to == "N") b = old.at("BOOL").get<bool>();
                  else b = old.at("N").get<std::string>() != "0";
                  update_one(client, table, key_of(item, keys), "SET " + a + " = :new", a + " = :old", names,
                             {{":new", to == "N" ? av::number(b ? 1 : 0) : av::boolean(b)}, {":old", old}});
                });
}

std::string key_text(const Json& key) {
  std::string out;
  for (auto it = key.begin(); it != key.end(); ++it) {
    const Json& v = it.value();
    std::string shown = v.is_object() && !v.empty() ? v.begin().value().dump() : v.dump();
    out += (out.empty() ? "" : ", ") + it.key() + " = " + shown;
  }
  return "(" + out + ")";
}

void fill_unique_index(Client& client, const Json& body, const Status& status) {
  const std::string table = text_member(body, "FillUniqueIndex", "TableName");
  const std::string index_table = text_member(body, "FillUniqueIndex", "IndexTable");
  const Json& list = member(body, "FillUniqueIndex", "Attributes");
  std::vector<std::string> attributes;
  if (list.is_array())
    for (const Json& a : list)
      if (a.is_string()) attributes.push_back(a.get<std::string>());
  if (attributes.empty() || attributes.size() != list.size())
    throw InvalidStatement("toasty: DynamoDB step FillUniqueIndex: \"Attributes\" is not a list of names");
  const auto keys = key_attributes(client.wait_until_active(table));
  const auto entry_keys = key_attributes(client.wait_until_active(index_table));
  Names names;
  std::string filter;
  for (const std::string& a : attributes) filter += (filter.empty() ? "" : " AND ") + ("attribute_exists(" + names(a) + ")");
  std::string shown_columns;
  for (const std::string& a : attributes) shown_columns += (shown_columns.empty() ? "" : ", ") + a;
  for_each_item(
      client, table, keys, attributes, filter, names, Json::object(), status,
      "filling unique index table " + quoted(index_table), [&](const Json& item) {
        Json entry = Json::object();
        for (const std::string& a : attributes) {
          const Json& v = item.at(a);
          if (is_empty_av(v))
            throw InvalidSchema("toasty: DynamoDB cannot keep the empty value of " + quoted(a) + " of the item " +
                                key_text(key_of(item, keys)) + " of table " + quoted(table) +
                                " in a unique index: give it a value, then apply again");
          entry[a] = v;
        }
        for (const std::string& k : keys) entry[k] = item.at(k);
        Names entry_names;
        const std::string first = entry_names(entry_keys[0]);
        try {
          client.put_item({{"TableName", index_table},
                           {"Item", entry},
                           {"ConditionExpression", "attribute_not_exists(" + first + ")"},
                           {"ExpressionAttributeNames", entry_names.json()}});
        } catch (const ConditionalCheckFailed&) {
          // Ours from an earlier run, or a duplicate.
          auto held = client.get_item({{"TableName", index_table}, {"Key", key_of(entry, entry_keys)}, {"ConsistentRead", true}});
          bool same = held.has_value();
          for (const std::string& k : keys) same = same && held->contains(k) && held->at(k) == item.at(k);
          if (same) return;
          Json other = Json::object();
          if (held)
            for (const std::string& k : keys)
              if (held->contains(k)) other[k] = held->at(k);
          throw InvalidSchema("toasty: DynamoDB cannot build unique index table " + quoted(index_table) +
                              ": the items " + key_text(other) + " and " + key_text(key_of(item, keys)) + " of table " +
                              quoted(table) + " have the same " + shown_columns +
                              "; make the values unique, then apply again");
        }
      });
}

// "(id HASH, at RANGE)"
std::string key_text_of(const Json& key_schema) {
  std::string out;
  if (key_schema.is_array())
    for (const Json& k : key_schema)
      out += (out.empty() ? "" : ", ") + answer::text(k, "AttributeName") + " " + answer::text(k, "KeyType");
  return "(" + out + ")";
}

std::map<std::string, Json> gsi_keys(const Json& table) {
  std::map<std::string, Json> out;
  if (const Json* gsis = answer::field(table, "GlobalSecondaryIndexes"); gsis && gsis->is_array())
    for (const Json& g : *gsis) out[answer::text(g, "IndexName")] = g.contains("KeySchema") ? g.at("KeySchema") : Json();
  return out;
}

std::vector<std::string> compare_tables(Client& client, const Json& body) {
  const Json& tables = member(body, "CompareTables", "Tables");
  if (!tables.is_array()) throw InvalidStatement("toasty: DynamoDB step CompareTables: \"Tables\" is not a list");
  std::vector<std::string> out;
  for (const Json& expected : tables) {
    const std::string name = text_member(expected, "CompareTables", "TableName");
    Json live;
    try {
      live = client.describe_table(name);
    } catch (const ResourceNotFound&) {
      out.push_back("missing table " + quoted(name));
      continue;
    }
    const Json want_key = expected.contains("KeySchema") ? expected.at("KeySchema") : Json::array();
    const Json* have_key = answer::field(live, "KeySchema");
    if (have_key == nullptr || *have_key != want_key)
      out.push_back("table " + quoted(name) + ": the key is " + key_text_of(have_key ? *have_key : Json()) +
                    ", expected " + key_text_of(want_key));
    const auto want = gsi_keys(expected), have = gsi_keys(live);
    for (const auto& [index, key] : want) {
      auto it = have.find(index);
      if (it == have.end()) out.push_back("table " + quoted(name) + ": missing index " + quoted(index));
      else if (it->second != key)
        out.push_back("table " + quoted(name) + ": index " + quoted(index) + " has the key " + key_text_of(it->second) +
                      ", expected " + key_text_of(key));
    }
    for (const auto& [index, key] : have)
      if (!want.count(index)) out.push_back("table " + quoted(name) + ": extra index " + quoted(index));
  }
  return out;
}

}  // namespace

void check_table(const db::Table& t) {
  if (t.primary_key.empty() || t.primary_key.size() > 2)
    throw InvalidSchema("toasty: DynamoDB table \"" + t.name + "\" needs a key of one column (partition key) or "
                        "two (partition key, sort key); it has " + std::to_string(t.primary_key.size()) +
                        ": " + quoted_list(column_names(t, t.primary_key)));
  for (const auto& idx : t.indexes)
    if (idx.unique && idx.columns.size() > 2)
      throw InvalidSchema("toasty: DynamoDB cannot keep unique index " + idx.name + " of table \"" + t.name +
                          "\": a unique index may have at most two columns, it has " +
                          std::to_string(idx.columns.size()));
}

Json create_table_request(const db::Table& t) {
  check_table(t);
  KeyBuilder keys(t);
  Json request = {{"TableName", t.name}, {"BillingMode", "PAY_PER_REQUEST"}};
  request["KeySchema"] = keys.key_schema(t.primary_key);
  Json gsis = Json::array();
  for (const auto& idx : t.indexes)
    if (!idx.unique && !idx.columns.empty()) gsis.push_back(gsi_spec(keys, idx));
  if (!gsis.empty()) request["GlobalSecondaryIndexes"] = std::move(gsis);
  request["AttributeDefinitions"] = keys.definitions();
  return request;
}

Json unique_table_request(const db::Table& t, const db::Index& idx) {
  KeyBuilder keys(t);
  Json request = {{"TableName", unique_table_name(t, idx)}, {"BillingMode", "PAY_PER_REQUEST"}};
  request["KeySchema"] = keys.key_schema(idx.columns);
  request["AttributeDefinitions"] = keys.definitions();
  return request;
}

Json create_gsi_request(const db::Table& t, const db::Index& idx) {
  KeyBuilder keys(t);
  Json create = gsi_spec(keys, idx);
  return {{"TableName", t.name},
          {"AttributeDefinitions", keys.definitions()},
          {"GlobalSecondaryIndexUpdates", Json::array({{{"Create", std::move(create)}}})}};
}

std::vector<std::string> run_schema_step(Client& client, const Json& step, const Status& status) {
  if (!step.is_object() || step.size() != 1)
    throw InvalidStatement("toasty: a DynamoDB migration step is an object with one action, such as {\"CreateTable\": {...}}");
  const std::string& action = step.begin().key();
  const Json& body = step.begin().value();
  if (!body.is_object()) throw InvalidStatement("toasty: DynamoDB step " + action + ": its value is not an object");
  using Run = void (*)(Client&, const Json&, const Status&);
  static const std::pair<const char*, Run> actions[] = {
      {"CreateTable", create_table},         {"DeleteTable", delete_table},
      {"UpdateTable", update_table},         {"FillAttribute", fill_attribute},
      {"RemoveAttribute", remove_attribute}, {"RenameAttribute", rename_attribute},
      {"ConvertBool", convert_bool},         {"FillUniqueIndex", fill_unique_index}};
  for (const auto& [name, run] : actions)
    if (action == name) {
      run(client, body, status);
      return {};
    }
  if (action == "CompareTables") return compare_tables(client, body);
  if (action == "Refuse") throw InvalidSchema(text_member(body, "Refuse", "Message"));
  throw InvalidStatement("toasty: unknown DynamoDB migration step \"" + action +
                         "\" (CreateTable, DeleteTable, UpdateTable, FillAttribute, RemoveAttribute, RenameAttribute, "
                         "ConvertBool, FillUniqueIndex, Refuse, CompareTables)");
}

}  // namespace toasty::dynamodb
