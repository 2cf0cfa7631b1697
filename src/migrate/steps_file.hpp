#pragma once
// DynamoDB's migration files (up.dynamodb.json, down.dynamodb.json): an object naming the
// migration and holding its steps in order, one JSON object per step
// (driver/dynamodb/schema_steps.hpp lists them). People review and edit these files like
// the SQL ones, so errors name file:line:column.
#include <string>
#include <string_view>
#include <vector>

#include "migrate/split_statements.hpp"

namespace toasty::migrations {

// The steps of a file, each as compact JSON with the line it starts on. Throws InvalidSchema
// naming file:line:column for text that is not JSON, or file for JSON of another shape.
std::vector<SqlStatement> split_steps(std::string_view text, const std::string& file);

// A file's text: `migration` ("0002_add_bio"), `direction` ("up"/"down"), the steps (each
// compact JSON) one after another, indented.
std::string steps_file_text(const std::string& migration, const char* direction, const std::vector<std::string>& steps);

}  // namespace toasty::migrations
