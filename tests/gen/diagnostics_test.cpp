// One test per diagnostic, asserting the exact "file:line:column: error: message" text.
#include <gtest/gtest.h>

#include "test_util.hpp"

namespace {

using gen_test::errors_in;
using gen_test::errors_of;

// ---- file level ----

TEST(Diagnostics, ValidSchemaHasNone) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64 }"), "");
}

TEST(Diagnostics, MissingNamespace) {
  EXPECT_EQ(errors_of("model A { #[key] id: u64 }"),
            "t.toasty:1:1: error: missing namespace declaration: add `namespace <name>;` (e.g. "
            "`namespace myapp;`) so the generated code has a namespace\n");
}

TEST(Diagnostics, DuplicateNamespace) {
  EXPECT_EQ(errors_in("namespace u;"),
            "t.toasty:2:1: error: duplicate namespace declaration (first declared at 1:1)\n");
}

TEST(Diagnostics, NamespaceIsKeyword) {
  EXPECT_EQ(errors_of("namespace app::class;"),
            "t.toasty:1:11: error: `class` is a C++ keyword and cannot be a namespace name; "
            "choose another name\n");
}

TEST(Diagnostics, NamespaceHidesStd) {
  EXPECT_EQ(errors_of("namespace app::std;"),
            "t.toasty:1:11: error: namespace `app::std` would hide the `std` namespace from the "
            "generated code; choose another name\n");
}

TEST(Diagnostics, DuplicateInclude) {
  EXPECT_EQ(errors_in("include \"a.hpp\";\ninclude \"a.hpp\";"),
            "t.toasty:3:1: error: duplicate include \"a.hpp\" (first included at 2:1)\n");
}

TEST(Diagnostics, IncludeWithBackslash) {
  EXPECT_EQ(errors_in(R"(include "a\\b.hpp";)"),
            "t.toasty:2:1: error: include path \"a\\\\b.hpp\" cannot contain quotes, backslashes "
            "or control characters (use `/` to separate directories)\n");
}

// ---- syntax ----

TEST(Diagnostics, SyntaxExpectedFound) {
  EXPECT_EQ(errors_in("model A { #[key] id u64 }"),
            "t.toasty:2:21: error: expected `:` after field name `id`, found identifier `u64`\n");
}

TEST(Diagnostics, SyntaxMissingBrace) {
  EXPECT_EQ(errors_in("model A  #[key] id: u64 }"),
            "t.toasty:2:10: error: expected `{` after `model A`, found `#`\n");
}

TEST(Diagnostics, SeveralSyntaxErrorsAreAllReported) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, x: }\nmodel B { #[key] id u64 }"),
            "t.toasty:2:30: error: expected a type, found `}`\n"
            "t.toasty:3:21: error: expected `:` after field name `id`, found identifier `u64`\n");
}

// ---- types ----

TEST(Diagnostics, UnknownType) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, n: Strng }"),
            "t.toasty:2:30: error: unknown type `Strng` (did you mean `String`?)\n");
}

TEST(Diagnostics, UnknownTypeFromCpp) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, n: std::string, m: int }"),
            "t.toasty:2:30: error: unknown type `std::string` (use `String`)\n"
            "t.toasty:2:46: error: unknown type `int` (use `i32`)\n");
}

TEST(Diagnostics, UnknownTypeListsTypes) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, n: Instant }"),
            "t.toasty:2:30: error: unknown type `Instant` (field types are bool, i8, i16, i32, "
            "i64, u8, u16, u32, u64, f32, f64, String, Bytes, Uuid, Timestamp, Date, DateTime, Time, Decimal, Json<T>, "
            "Json, Option<T> and the file's enums and embeds)\n");
}

TEST(Diagnostics, TimestampDefaultAndUpdateTakeNow) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[default(0)] at: Timestamp }"),
            "t.toasty:2:37: error: #[default] value 0 is not a Timestamp (write it as \"2024-02-29T12:00:00Z\" or "
            "\"2024-02-29T17:30:00+05:30\", or `now`)\n");
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[default(later)] at: Timestamp }"),
            "t.toasty:2:27: error: on a Timestamp field, `#[default]` takes `now` (the time of the create): "
            "#[default(now)]\n");
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[update(later)] at: Timestamp }"),
            "t.toasty:2:27: error: on a Timestamp field, `#[update]` takes `now` (the time of the update): "
            "#[update(now)]\n");
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[update(now)] n: i64 }"),
            "t.toasty:2:27: error: #[update(now)] needs a Timestamp field, but `n` has type i64\n");
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[auto] seen: Timestamp }"),
            "t.toasty:2:27: error: #[auto] on a Timestamp is the shorthand for `created_at` (#[default(now)]) and "
            "`updated_at` (#[default(now)] #[update(now)]); write those on `seen`\n");
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[auto] created_at: Timestamp, #[auto] updated_at: Timestamp, "
                      "#[default(now)] #[update(now)] touched: Option<Timestamp> }"),
            "");
}

TEST(Diagnostics, UnknownTypeVecU8) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, n: Vec<u8> }"),
            "t.toasty:2:30: error: unknown type `Vec<u8>` (use `Bytes`)\n");
}

TEST(Diagnostics, ScalarWithTypeArguments) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, n: String<u8> }"),
            "t.toasty:2:30: error: type `String` takes no type arguments\n");
}

TEST(Diagnostics, NestedOption) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, n: Option<Option<i32>> }"),
            "t.toasty:2:30: error: `Option<Option<...>>` is not supported\n");
}

TEST(Diagnostics, OptionArity) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, n: Option<i32, i64> }"),
            "t.toasty:2:30: error: `Option` takes exactly one type argument: Option<T>\n");
}

TEST(Diagnostics, ModelUsedAsType) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, b: B }\nmodel B { #[key] id: u64 }"),
            "t.toasty:2:30: error: a field cannot have the model type `B`; relations are declared "
            "as BelongsTo<B>, HasOne<B> or HasMany<B>\n");
}

// ---- attributes ----

TEST(Diagnostics, UnknownAttribute) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[uniqe] n: String }"),
            "t.toasty:2:27: error: unknown attribute `#[uniqe]` (did you mean `#[unique]`?)\n");
}

TEST(Diagnostics, UnknownAttributeWithoutSuggestion) {
  EXPECT_EQ(errors_in("#[serde] model A { #[key] id: u64 }"),
            "t.toasty:2:1: error: unknown attribute `#[serde]`\n");
}

TEST(Diagnostics, DuplicateAttribute) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[unique] #[unique] n: String }"),
            "t.toasty:2:37: error: duplicate attribute `#[unique]`\n");
}

TEST(Diagnostics, DuplicateModelAttribute) {
  EXPECT_EQ(errors_in("#[table(\"a\")] #[table(\"b\")] model A { #[key] id: u64 }"),
            "t.toasty:2:15: error: duplicate attribute `#[table]`\n");
}

TEST(Diagnostics, FieldAttributeOnModel) {
  EXPECT_EQ(errors_in("#[column(\"x\")] model A { #[key] id: u64 }"),
            "t.toasty:2:1: error: `#[column]` is a field attribute and cannot be used on a model\n");
}

TEST(Diagnostics, ModelAttributeOnField) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[table(\"x\")] n: String }"),
            "t.toasty:2:27: error: `#[table]` is a model attribute and cannot be used on a field\n");
}

TEST(Diagnostics, CompositeIndexIsValid) {
  EXPECT_EQ(errors_in("#[index(a, b)] #[unique(b, a, name = \"ux\")] #[index(b)]\n"
                      "model A { #[key] id: u64, a: i32, b: i32 }"),
            "");
}

TEST(Diagnostics, CompositeIndexUnknownField) {
  EXPECT_EQ(errors_in("#[index(a, c)] model A { #[key] id: u64, a: i32 }"),
            "t.toasty:2:12: error: #[index(...)] names unknown field `c` in model `A`\n");
}

TEST(Diagnostics, CompositeIndexNeedsFields) {
  EXPECT_EQ(errors_in("#[unique] model A { #[key] id: u64, a: i32 }"),
            "t.toasty:2:1: error: `#[unique(...)]` on a model needs the indexed fields: "
            "#[unique(a, b)]\n");
}

TEST(Diagnostics, CompositeIndexRepeatsField) {
  EXPECT_EQ(errors_in("#[index(a, a)] model A { #[key] id: u64, a: i32 }"),
            "t.toasty:2:12: error: field `a` appears twice in #[index(...)]\n");
}

TEST(Diagnostics, CompositeIndexOnPrimaryKey) {
  EXPECT_EQ(errors_in("#[unique(a, b)] model A { #[key] a: u64, #[key] b: u64 }"),
            "t.toasty:2:1: error: `#[unique(...)]` is redundant: its fields are the primary key\n");
}

TEST(Diagnostics, CompositeIndexRepeatsIndex) {
  EXPECT_EQ(errors_in("#[index(a)] model A { #[key] id: u64, #[index] a: i32 }"),
            "t.toasty:2:1: error: `#[index(...)]` repeats an index on the same fields\n");
}

TEST(Diagnostics, CompositeIndexBadName) {
  EXPECT_EQ(errors_in("#[index(a, name = x)] model A { #[key] id: u64, a: i32 }"),
            "t.toasty:2:12: error: expected a non-empty string in `name = ...`\n");
}

TEST(Diagnostics, AttributeTakesNoArguments) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[unique(x)] n: String }"),
            "t.toasty:2:27: error: `#[unique]` takes no arguments\n");
}

TEST(Diagnostics, FieldKeyTakesNoArguments) {
  // Still a key: no follow-on "has no primary key".
  EXPECT_EQ(errors_in("model A { #[key(id)] id: u64 }"),
            "t.toasty:2:11: error: `#[key]` takes no arguments\n");
}

TEST(Diagnostics, ColumnNeedsString) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[column(name)] n: String }"),
            "t.toasty:2:36: error: `#[column(...)]` takes the column's name (a string) and `type = ...`: "
            "#[column(\"name\", type = varchar(64))]\n");
}

TEST(Diagnostics, EmptyColumnName) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[column(\"\")] n: String }"),
            "t.toasty:2:36: error: `#[column]` needs a non-empty name\n");
}

TEST(Diagnostics, ColumnTypeOnAnEmbedMember) {
  EXPECT_EQ(errors_in("embed E { x: String }\nmodel A { #[key] id: u64, #[column(type = text)] e: E }"),
            "t.toasty:3:36: error: `#[column(type = ...)]` goes on the fields of the embed, each its own column; "
            "here `#[column(\"prefix\")]` names the columns' prefix\n");
}

TEST(Diagnostics, TableNeedsString) {
  EXPECT_EQ(errors_in("#[table] model A { #[key] id: u64 }"),
            "t.toasty:2:1: error: `#[table]` expects one string argument: #[table(\"name\")]\n");
}

TEST(Diagnostics, DuplicateTable) {
  EXPECT_EQ(errors_in("#[table(\"t\")] model A { #[key] id: u64 }\n"
                      "#[table(\"T\")] model B { #[key] id: u64 }"),
            "t.toasty:3:1: error: table `T` is already used by model `A`\n");
}

TEST(Diagnostics, DuplicateColumn) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[column(\"ID\")] other: i32 }"),
            "t.toasty:2:27: error: column `ID` of field `other` is already used by field `id` "
            "(column names are compared case-insensitively)\n");
}

TEST(Diagnostics, MixinNeedsName) {
  EXPECT_EQ(errors_in("#[mixin(\"x\")] model A { #[key] id: u64 }"),
            "t.toasty:2:1: error: `#[mixin]` expects one class template name: "
            "#[mixin(my_ns::MyMethods)]\n");
}

TEST(Diagnostics, DuplicateMixin) {
  EXPECT_EQ(errors_in("#[mixin(m::X)] #[mixin(m::X)] model A { #[key] id: u64 }"),
            "t.toasty:2:16: error: duplicate mixin `m::X`\n");
}

// ---- models and fields ----

TEST(Diagnostics, DuplicateModel) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64 }\nmodel A { #[key] id: u64 }"),
            "t.toasty:3:7: error: duplicate model `A` (first defined at 2:7)\n");
}

TEST(Diagnostics, DuplicateField) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, n: i32, n: i64 }"),
            "t.toasty:2:35: error: duplicate field `n` in model `A` (first defined at 2:27)\n");
}

TEST(Diagnostics, ModelNameIsKeyword) {
  EXPECT_EQ(errors_in("model union { #[key] id: u64 }"),
            "t.toasty:2:7: error: `union` is a C++ keyword and cannot be a model name; choose "
            "another name\n");
}

TEST(Diagnostics, ModelNamedModels) {
  EXPECT_EQ(errors_in("model models { #[key] id: u64 }"),
            "t.toasty:2:7: error: model name `models` collides with the generated function "
            "`models()`; choose another name\n");
}

TEST(Diagnostics, FieldNameIsKeyword) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, delete: bool, class: String }"),
            "t.toasty:2:27: error: `delete` is a C++ keyword and cannot be a field name; rename "
            "the field and keep the column name with #[column(\"delete\")]\n"
            "t.toasty:2:41: error: `class` is a C++ keyword and cannot be a field name; rename "
            "the field and keep the column name with #[column(\"class\")]\n");
}

TEST(Diagnostics, FieldNameIsMacro) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, errno: i32 }"),
            "t.toasty:2:27: error: `errno` is a macro in the C/C++ standard library and cannot be "
            "a field name; rename the field and keep the column name with #[column(\"errno\")]\n");
}

TEST(Diagnostics, FieldNameIsReserved) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, a__b: i32 }"),
            "t.toasty:2:27: error: `a__b` is reserved in C++ (it contains `__` or starts with `_` "
            "and an uppercase letter) and cannot be a field name; rename the field and keep the "
            "column name with #[column(\"a__b\")]\n");
}

TEST(Diagnostics, FieldNamedLikeModel) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, A: i32 }"),
            "t.toasty:2:27: error: field `A` has the same name as its model, which C++ does not "
            "allow; rename the field and keep the column name with #[column(\"A\")]\n");
}

TEST(Diagnostics, FieldCollidesWithGeneratedMember) {
  const char* names[] = {"create", "update", "remove", "fields", "model", "all", "filter",
                         "from_row"};
  for (const char* n : names) {
    std::string src = std::string("model A { #[key] id: u64, ") + n + ": i32 }";
    EXPECT_EQ(errors_in(src), std::string("t.toasty:2:27: error: field name `") + n +
                                  "` collides with the generated member `A::" + n +
                                  "()`; rename the field and keep the column name with "
                                  "#[column(\"" + n + "\")]\n");
  }
}

TEST(Diagnostics, FieldCollidesWithRuntimeHooks) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, via: i32, builder: i32, attach: i32 }"),
            "t.toasty:2:27: error: field name `via` collides with the `via` member of `A::Fields` "
            "(from toasty::FieldsBase); rename the field and keep the column name with "
            "#[column(\"via\")]\n"
            "t.toasty:2:37: error: field name `builder` collides with the generated member "
            "`builder()` of `A::Create` and `A::Update`; rename the field and keep the column "
            "name with #[column(\"builder\")]\n"
            "t.toasty:2:51: error: field name `attach` collides with the generated member "
            "`A::attach()`; rename the field and keep the column name with "
            "#[column(\"attach\")]\n");
}

TEST(Diagnostics, FieldCollidesWithGeneratedType) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, Create: i32 }"),
            "t.toasty:2:27: error: field name `Create` collides with the generated type "
            "`A::Create`; rename the field and keep the column name with #[column(\"Create\")]\n");
}

TEST(Diagnostics, FieldCollidesWithBuilderMember) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, exec: i32 }"),
            "t.toasty:2:27: error: field name `exec` collides with the generated member `exec()` "
            "of `A::Create` and `A::Update`; rename the field and keep the column name with "
            "#[column(\"exec\")]\n");
}

TEST(Diagnostics, FieldCollidesWithGeneratedLookup) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[unique] email: String, get_by_email: i32 }"),
            "t.toasty:2:52: error: field name `get_by_email` collides with the generated member "
            "`A::get_by_email()`; rename the field and keep the column name with "
            "#[column(\"get_by_email\")]\n");
}

// ---- keys ----

TEST(Diagnostics, MissingKey) {
  EXPECT_EQ(errors_in("model A { n: i32 }"),
            "t.toasty:2:7: error: model `A` has no primary key: mark a field with #[key] or list "
            "the key fields with #[key(a, b)] on the model\n");
}

TEST(Diagnostics, OptionalKey) {
  EXPECT_EQ(errors_in("model A { #[key] id: Option<u64> }"),
            "t.toasty:2:18: error: primary key field `id` cannot be optional (Option<u64>)\n");
}

TEST(Diagnostics, OptionalKeyInModelKeyList) {
  EXPECT_EQ(errors_in("#[key(a, b)] model A { a: u64, b: Option<u64> }"),
            "t.toasty:2:32: error: primary key field `b` cannot be optional (Option<u64>)\n");
}

TEST(Diagnostics, KeyListNamesUnknownField) {
  EXPECT_EQ(errors_in("#[key(a, c)] model A { a: u64, b: u64 }"),
            "t.toasty:2:10: error: #[key(...)] names unknown field `c` in model `A`\n");
}

TEST(Diagnostics, KeyListRepeatsField) {
  EXPECT_EQ(errors_in("#[key(a, a)] model A { a: u64 }"),
            "t.toasty:2:10: error: field `a` appears twice in #[key(...)]\n");
}

TEST(Diagnostics, KeyListNeedsFields) {
  EXPECT_EQ(errors_in("#[key] model A { a: u64 }"),
            "t.toasty:2:1: error: `#[key(...)]` on a model needs the key fields: #[key(a, b)]\n");
}

TEST(Diagnostics, KeyListAndFieldKey) {
  EXPECT_EQ(errors_in("#[key(a)] model A { a: u64, #[key] b: u64 }"),
            "t.toasty:2:1: error: model `A` has both `#[key(...)]` and `#[key]` on field `b`; "
            "use one or the other\n");
}

TEST(Diagnostics, KeyPartitionFormNotSupported) {
  EXPECT_EQ(errors_in("#[key(partition = a, local = b)] model A { a: u64, b: u64 }"),
            "t.toasty:2:7: error: `#[key(partition = ...)]` is not supported; list the key "
            "fields: #[key(a, b)]\n"
            "t.toasty:2:22: error: `#[key(local = ...)]` is not supported; list the key fields: "
            "#[key(a, b)]\n");
}

// ---- #[auto] ----

TEST(Diagnostics, AutoOnString) {
  EXPECT_EQ(errors_in("model A { #[key] #[auto] id: String }"),
            "t.toasty:2:18: error: #[auto] requires an integer, Uuid or Timestamp field, but `id` has type "
            "String\n");
}

TEST(Diagnostics, AutoOnFloatBoolBytesOption) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[auto] f: f64, #[auto] b: bool, #[auto] d: Bytes, "
                      "#[auto] o: Option<u64> }"),
            "t.toasty:2:27: error: #[auto] requires an integer, Uuid or Timestamp field, but `f` has type f64\n"
            "t.toasty:2:43: error: #[auto] requires an integer, Uuid or Timestamp field, but `b` has type bool\n"
            "t.toasty:2:60: error: #[auto] requires an integer, Uuid or Timestamp field, but `d` has type Bytes\n"
            "t.toasty:2:78: error: #[auto] requires an integer, Uuid or Timestamp field, but `o` has type "
            "Option<u64>\n");
}

TEST(Diagnostics, AutoOnNonKey) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[auto] n: u64 }"),
            "t.toasty:2:27: error: #[auto] on an integer is only allowed on the primary key field (the "
            "database assigns it); `n` is not part of the primary key\n");
}

TEST(Diagnostics, AutoOnCompositeKey) {
  EXPECT_EQ(errors_in("model A { #[key] #[auto] a: u64, #[key] b: u64 }"),
            "t.toasty:2:18: error: #[auto] is not allowed on a composite primary key (field `a`)\n");
}

TEST(Diagnostics, AutoOnCompositeKeyList) {
  EXPECT_EQ(errors_in("#[key(a, b)] model A { #[auto] a: u64, b: u64 }"),
            "t.toasty:2:24: error: #[auto] is not allowed on a composite primary key (field `a`)\n");
}

TEST(Diagnostics, AutoWithDefault) {
  EXPECT_EQ(errors_in("model A { #[key] #[auto] #[default(1)] id: u64 }"),
            "t.toasty:2:26: error: #[default] cannot be combined with #[auto] (field `id`)\n");
}

TEST(Diagnostics, AutoUuidOnInteger) {
  EXPECT_EQ(errors_in("model A { #[key] #[auto(uuid)] id: u64 }"),
            "t.toasty:2:18: error: #[auto(uuid)] requires a Uuid field, but `id` has type u64\n");
}

TEST(Diagnostics, AutoIncrementOnUuid) {
  EXPECT_EQ(errors_in("model A { #[key] #[auto(increment)] id: Uuid }"),
            "t.toasty:2:18: error: #[auto(increment)] requires an integer field; `id` is a Uuid "
            "(use #[auto] or #[auto(uuid)]: a UUID v7)\n");
}

TEST(Diagnostics, AutoOnUuidKeyIsAccepted) {
  EXPECT_EQ(errors_in("model A { #[key] #[auto] id: Uuid }"), "");
  EXPECT_EQ(errors_in("model A { #[key] #[auto(uuid)] id: Uuid }"), "");
}

TEST(Diagnostics, AutoUuidOnOptionOrNonKey) {
  // A Uuid that is not the key is made by the client too (a share token).
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[auto] u: Uuid, #[auto] o: Option<Uuid> }"),
            "t.toasty:2:44: error: #[auto] requires an integer, Uuid or Timestamp field, but `o` has type "
            "Option<Uuid>\n");
}

TEST(Diagnostics, AutoWithUnknownStrategy) {
  EXPECT_EQ(errors_in("model A { #[key] #[auto(random)] id: Uuid }"),
            "t.toasty:2:18: error: `#[auto]` takes no argument, `increment` (integer keys), `uuid` or "
            "`uuid(v7)` (Uuid keys, UUID v7) or `uuid(v4)` (Uuid keys, random UUID v4)\n");
  EXPECT_EQ(errors_in("model A { #[key] #[auto(uuid(v5))] id: Uuid }"),
            "t.toasty:2:18: error: `#[auto]` takes no argument, `increment` (integer keys), `uuid` or "
            "`uuid(v7)` (Uuid keys, UUID v7) or `uuid(v4)` (Uuid keys, random UUID v4)\n");
}

TEST(Diagnostics, AutoUuidVersions) {
  EXPECT_EQ(errors_in("model A { #[key] #[auto(uuid(v4))] id: Uuid }\nmodel B { #[key] #[auto(uuid(v7))] id: Uuid }"),
            "");
  EXPECT_EQ(errors_in("model A { #[key] #[auto(uuid(v4))] id: u64 }"),
            "t.toasty:2:18: error: #[auto(uuid)] requires a Uuid field, but `id` has type u64\n");
  auto r = gen_test::gen("namespace t;\nmodel A { #[key] #[auto(uuid(v4))] id: Uuid }");
  EXPECT_NE(r.source.find("{\"id\", toasty::ScalarType::Uuid, false, true, std::nullopt, \"\", false, nullptr, 4},"),
            std::string::npos)
      << r.source;
}

TEST(Diagnostics, DefaultOnUuid) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[default(\"x\")] u: Uuid }"),
            "t.toasty:2:27: error: `#[default]` is not supported on Uuid fields (a Uuid key takes "
            "#[auto])\n");
}

// ---- #[default] ----

TEST(Diagnostics, DefaultStringOnInteger) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[default(\"x\")] karma: i64 }"),
            "t.toasty:2:37: error: #[default] value \"x\" does not match type i64 of field "
            "`karma`\n");
}

TEST(Diagnostics, DefaultIntegerOnString) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[default(0)] n: String }"),
            "t.toasty:2:37: error: #[default] value 0 does not match type String of field `n`\n");
}

TEST(Diagnostics, DefaultFloatOnInteger) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[default(1.5)] n: i32 }"),
            "t.toasty:2:37: error: #[default] value 1.5 does not match type i32 of field `n`\n");
}

TEST(Diagnostics, DefaultIntegerOnBool) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[default(1)] n: bool }"),
            "t.toasty:2:37: error: #[default] value 1 does not match type bool of field `n`\n");
}

TEST(Diagnostics, DefaultOutOfRange) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[default(256)] a: u8, #[default(-1)] b: u32, "
                      "#[default(-129)] c: i8, #[default(9223372036854775808)] d: i64, "
                      "#[default(18446744073709551616)] e: u64 }"),
            "t.toasty:2:37: error: #[default] value 256 is out of range for u8\n"
            "t.toasty:2:60: error: #[default] value -1 is out of range for u32\n"
            "t.toasty:2:83: error: #[default] value -129 is out of range for i8\n"
            "t.toasty:2:107: error: #[default] value 9223372036854775808 is out of range for i64\n"
            "t.toasty:2:147: error: #[default] value 18446744073709551616 is out of range for "
            "u64\n");
}

TEST(Diagnostics, DefaultFloatOutOfRange) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[default(1e39)] a: f32, #[default(1e309)] b: f64 }"),
            "t.toasty:2:37: error: #[default] value 1e39 is out of range for f32\n"
            "t.toasty:2:62: error: #[default] value 1e309 is out of range for f64\n");
}

TEST(Diagnostics, DefaultOnOptionChecksInnerType) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[default(true)] a: Option<i32> }"),
            "t.toasty:2:37: error: #[default] value true does not match type i32 of field `a`\n");
}

TEST(Diagnostics, DefaultOnBytes) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[default(\"x\")] a: Bytes }"),
            "t.toasty:2:27: error: `#[default]` is not supported on Bytes fields\n");
}

TEST(Diagnostics, DefaultNeedsOneLiteral) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[default(a, b)] n: i32 }"),
            "t.toasty:2:27: error: `#[default]` expects one literal argument, e.g. #[default(0)], "
            "#[default(\"text\")] or #[default(false)]\n");
}

// ---- redundant indexes ----

TEST(Diagnostics, UniqueOnSingleKey) {
  EXPECT_EQ(errors_in("model A { #[key] #[unique] id: u64 }"),
            "t.toasty:2:18: error: `#[unique]` is redundant on the primary key field `id`\n");
}

TEST(Diagnostics, IndexNextToUnique) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[unique] #[index] n: i32 }"),
            "t.toasty:2:37: error: `#[index]` is redundant next to `#[unique]` on field `n`\n");
}

// ---- relations ----

using gen_test::gen;

TEST(Diagnostics, RelationsAreValid) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64, #[has_many] posts: HasMany<Post> }\n"
                      "model Post { #[key] id: u64, #[index] user_id: u64,\n"
                      "  #[belongs_to(key = user_id, references = id)] user: BelongsTo<User> }"),
            "");
  // via, composite keys written as lists, optional belongs_to.
  EXPECT_EQ(errors_in("model User { #[key] id: u64, #[has_many] ms: HasMany<M>,\n"
                      "  #[has_many(via = ms.group)] groups: HasMany<G> }\n"
                      "model G { #[key] id: u64 }\n"
                      "model M { #[key] id: u64, #[index] u: u64, g: Option<u64>,\n"
                      "  #[belongs_to(key = [u], references = [id])] user: BelongsTo<User>,\n"
                      "  #[belongs_to(key = g, references = id)] group: Option<BelongsTo<G>> }"),
            "");
}

TEST(Diagnostics, BelongsToNeedsKeyAndReferences) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64 }\n"
                      "model Post { #[key] id: u64, #[index] user_id: u64,\n"
                      "  #[belongs_to] user: BelongsTo<User> }"),
            "t.toasty:4:3: error: `#[belongs_to]` needs the foreign key fields of `Post` and the "
            "fields of `User` they hold: #[belongs_to(key = user_id, references = id)]\n");
  // The example follows the parent's (composite) key.
  EXPECT_EQ(errors_in("#[key(org, code)] model TeamSpace { org: String, code: String }\n"
                      "model Post { #[key] id: u64,\n"
                      "  #[belongs_to(key = x)] team: BelongsTo<TeamSpace> }"),
            "t.toasty:4:3: error: `#[belongs_to]` needs the foreign key fields of `Post` and the "
            "fields of `TeamSpace` they hold: #[belongs_to(key = [team_space_org, team_space_code], "
            "references = [org, code])]\n");
}

TEST(Diagnostics, BelongsToKeyAndReferencesCountsDiffer) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64 }\n"
                      "model Post { #[key] id: u64, a: u64, b: u64,\n"
                      "  #[belongs_to(key = [a, b], references = id)] user: BelongsTo<User> }"),
            "t.toasty:4:3: error: `key = ...` lists 2 fields but `references = ...` lists 1; each "
            "key field holds one referenced field\n");
}

TEST(Diagnostics, BelongsToUnknownFields) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64 }\n"
                      "model Post { #[key] id: u64, user_id: u64,\n"
                      "  #[belongs_to(key = usr_id, references = idd)] user: BelongsTo<User> }"),
            "t.toasty:4:22: error: `key = usr_id`: model `Post` has no field `usr_id` (did you mean "
            "`user_id`?)\n"
            "t.toasty:4:43: error: `references = idd`: model `User` has no field `idd` (did you "
            "mean `id`?)\n");
}

TEST(Diagnostics, BelongsToKeyIsARelation) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64 }\n"
                      "model Post { #[key] id: u64, user_id: u64,\n"
                      "  #[belongs_to(key = user, references = id)] user: BelongsTo<User> }"),
            "t.toasty:4:22: error: `key = user` names the relation `Post.user`; it needs the "
            "fields that hold the key, e.g. `user_id`\n");
}

TEST(Diagnostics, BelongsToFieldTwice) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64 }\n"
                      "model Post { #[key] id: u64, user_id: Option<u64>,\n"
                      "  #[belongs_to(key = [user_id, user_id], references = [id, id])] "
                      "user: BelongsTo<User> }"),
            "t.toasty:4:32: error: field `user_id` appears twice in `key = [...]`\n"
            "t.toasty:4:60: error: field `id` appears twice in `references = [...]`\n");
}

TEST(Diagnostics, BelongsToKeyTypeMismatch) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64 }\n"
                      "model Post { #[key] id: u64, user_id: i64,\n"
                      "  #[belongs_to(key = user_id, references = id)] user: BelongsTo<User> }"),
            "t.toasty:4:22: error: key field `Post.user_id` has type i64 but `User.id`, which it "
            "references, has type u64; they must be the same\n");
}

TEST(Diagnostics, OptionalBelongsToNeedsOptionalKey) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64 }\n"
                      "model Post { #[key] id: u64, o: u64,\n"
                      "  #[belongs_to(key = o, references = id)] owner: Option<BelongsTo<User>> }"),
            "t.toasty:4:43: error: `owner` is Option<BelongsTo<User>>, so its key field `o` must "
            "be optional too: make it Option<u64> (or the relation BelongsTo<User>)\n");
}

TEST(Diagnostics, RequiredBelongsToNeedsRequiredKey) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64 }\n"
                      "model Post { #[key] id: u64, user_id: Option<u64>,\n"
                      "  #[belongs_to(key = user_id, references = id)] user: BelongsTo<User> }"),
            "t.toasty:4:49: error: `user` is BelongsTo<User> (required), but its key field "
            "`user_id` is Option<u64>: make the relation Option<BelongsTo<User>> (or the key "
            "u64)\n");
}

TEST(Diagnostics, BelongsToArgumentErrors) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64 }\n"
                      "model Post { #[key] id: u64, user_id: u64,\n"
                      "  #[belongs_to(key = user_id, key = user_id, references = [])] "
                      "user: BelongsTo<User> }"),
            "t.toasty:4:31: error: duplicate `key = ...` in `#[belongs_to(...)]`\n"
            "t.toasty:4:59: error: expected at least one field name in `[...]`\n");
  EXPECT_EQ(errors_in("model User { #[key] id: u64 }\n"
                      "model Post { #[key] id: u64, user_id: u64,\n"
                      "  #[belongs_to(key = a.b, references = id, pair = x)] user: BelongsTo<User> }"),
            "t.toasty:4:22: error: expected a field name in `#[belongs_to(...)]`\n"
            "t.toasty:4:44: error: unexpected argument in `#[belongs_to(...)]` (expected `key = "
            "...` and `references = ...`)\n");
}

TEST(Diagnostics, HasManyNeedsBelongsToBack) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64, #[has_many] posts: HasMany<Post>, "
                      "#[has_one] bio: HasOne<Post> }\n"
                      "model Post { #[key] id: u64 }"),
            "t.toasty:2:42: error: `User.posts` needs a belongs_to relation on `Post` that points "
            "back to `User`, e.g. #[belongs_to(key = user_id, references = id)] user: "
            "BelongsTo<User>\n"
            "t.toasty:2:75: error: `User.bio` needs a belongs_to relation on `Post` that points "
            "back to `User`, e.g. #[belongs_to(key = user_id, references = id)] user: "
            "BelongsTo<User>\n");
}

TEST(Diagnostics, HasManyAmbiguousBelongsTo) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64, #[has_many] posts: HasMany<Post> }\n"
                      "model Post { #[key] id: u64, #[index] a: u64, #[index] e: u64,\n"
                      "  #[belongs_to(key = a, references = id)] author: BelongsTo<User>,\n"
                      "  #[belongs_to(key = e, references = id)] editor: BelongsTo<User> }"),
            "t.toasty:2:42: error: `User.posts` could pair with several belongs_to relations of "
            "`Post` (`author`, `editor`); pick one with #[has_many(pair = author)]\n");
}

TEST(Diagnostics, PairErrors) {
  EXPECT_EQ(
      errors_in("model Org { #[key] id: u64 }\n"
                "model User { #[key] id: u64, #[has_many(pair = auther)] a: HasMany<Post>, "
                "#[has_many(pair = o)] b: HasMany<Post>,\n"
                "  #[has_many(pair = org)] c: HasMany<Post>, #[has_many(pair = posts)] d: "
                "HasMany<Post>, #[has_many(pair = [author, org])] e: HasMany<Post> }\n"
                "model Post { #[key] id: u64, #[index] a: u64, #[index] o: u64,\n"
                "  #[belongs_to(key = a, references = id)] author: BelongsTo<User>,\n"
                "  #[belongs_to(key = o, references = id)] org: BelongsTo<Org>,\n"
                "  #[has_many(pair = author)] posts: HasMany<User> }"),
      "t.toasty:3:48: error: `pair = auther`: model `Post` has no relation `auther` (did you mean "
      "`author`?)\n"
      "t.toasty:3:93: error: `pair = o` must name a belongs_to relation of `Post`, but `o` is a "
      "field\n"
      "t.toasty:4:21: error: `pair = org`: `Post.org` belongs to `Org`, not to `User`\n"
      "t.toasty:4:63: error: `pair = posts` must name a belongs_to relation of `Post`, but "
      "`Post.posts` is a has_many relation\n"
      "t.toasty:4:107: error: `pair = ...` names one belongs_to relation\n"
      "t.toasty:8:21: error: `pair = author`: model `User` has no relation `author`\n");
}

TEST(Diagnostics, ViaErrors) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64, #[has_many] ms: HasMany<M>,\n"
                      "  #[has_many(via = ms.group, pair = user)] a: HasMany<G>,\n"
                      "  #[has_many(via = ms)] b: HasMany<G>,\n"
                      "  #[has_many(via = ms::group)] c: HasMany<G>,\n"
                      "  #[has_many(via = mss.group)] d: HasMany<G>,\n"
                      "  #[has_many(via = ms.g)] e: HasMany<G>,\n"
                      "  #[has_many(via = ms.user)] f: HasMany<G>,\n"
                      "  #[has_many(via = f.x)] g: HasMany<G>,\n"
                      "  #[has_many(via = ms.grp)] h: HasMany<G> }\n"
                      "model G { #[key] id: u64 }\n"
                      "model M { #[key] id: u64, #[index] u: u64, g: u64,\n"
                      "  #[belongs_to(key = u, references = id)] user: BelongsTo<User>,\n"
                      "  #[belongs_to(key = g, references = id)] group: BelongsTo<G> }"),
            "t.toasty:3:37: error: `pair` and `via` cannot be combined: a `via` relation follows "
            "other relations, not a foreign key\n"
            "t.toasty:4:20: error: `via = ms` needs the relations to go through, at least two: "
            "via = ms.<relation of its target>\n"
            "t.toasty:5:20: error: expected a relation path in `via = ...`, e.g. via = "
            "memberships.group\n"
            "t.toasty:6:20: error: `via = mss.group`: model `User` has no relation `mss` (did you "
            "mean `ms`?)\n"
            "t.toasty:7:20: error: `via = ms.g`: `M.g` is a field, not a relation\n"
            "t.toasty:8:20: error: `via = ms.user` ends at model `User`, but `f` is HasMany<G>\n"
            "t.toasty:9:20: error: `via = f.x` cannot go through `User.f`, which is itself a "
            "`via` relation; list the relations it goes through instead\n"
            "t.toasty:10:20: error: `via = ms.grp`: model `M` has no relation `grp` (did you mean "
            "`group`?)\n");
}

TEST(Diagnostics, NoFollowOnRelationErrors) {
  // Only the broken relation is reported, not the via and pair that use it.
  EXPECT_EQ(errors_in("model User { #[key] id: u64, #[has_many] ms: HasMany<Mm>,\n"
                      "  #[has_many(via = ms.group)] groups: HasMany<G>,\n"
                      "  #[has_many(pair = x)] gs: HasMany<G> }\n"
                      "model G { #[key] id: u64, #[belongs_to(key = id, references = id)] x: BelongsTo<Usr> }"),
            "t.toasty:2:54: error: unknown model `Mm` in `HasMany<Mm>`\n"
            "t.toasty:5:81: error: unknown model `Usr` in `BelongsTo<Usr>` (did you mean `User`?)\n");
}

TEST(Diagnostics, NestedCreateSetterTaken) {
  // `post` is a field, so the setter would be add_post, which is a field too.
  EXPECT_EQ(errors_in("model User { #[key] id: u64, post: String, add_post: i32, "
                      "#[has_many] posts: HasMany<Post> }\n"
                      "model Post { #[key] id: u64, #[index] user_id: u64,\n"
                      "  #[belongs_to(key = user_id, references = id)] user: BelongsTo<User> }"),
            "t.toasty:2:71: error: the nested-create setter of `posts` would be "
            "`Create::add_post()`, which is already taken; rename `add_post` or the relation\n");
}

TEST(Diagnostics, RelationNameCollidesWithLookup) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64, #[has_many] filter_by_id: HasMany<Post> }\n"
                      "model Post { #[key] id: u64, #[index] user_id: u64,\n"
                      "  #[belongs_to(key = user_id, references = id)] user: BelongsTo<User> }"),
            "t.toasty:2:42: error: relation name `filter_by_id` collides with the generated member "
            "`User::filter_by_id()`; rename the relation\n");
}

TEST(Diagnostics, RelationFieldCannotBeKeyOrIndexed) {
  EXPECT_EQ(errors_in("#[index(user)] model Post { #[key] id: u64, user_id: u64,\n"
                      "  #[belongs_to(key = user_id, references = id)] #[index] user: BelongsTo<User> }\n"
                      "model User { #[key] id: u64 }"),
            "t.toasty:2:9: error: relation field `user` cannot be indexed\n"
            "t.toasty:3:49: error: `#[index]` cannot be used on a relation field\n");
}

// ---- relation warnings (the schema is still generated) ----

TEST(Diagnostics, WarnsWhenForeignKeyHasNoIndex) {
  auto r = gen("namespace t;\n"
               "model User { #[key] id: u64, #[has_many] posts: HasMany<Post> }\n"
               "model Post { #[key] id: u64, user_id: u64,\n"
               "  #[belongs_to(key = user_id, references = id)] user: BelongsTo<User> }");
  EXPECT_TRUE(r.ok);
  EXPECT_FALSE(r.header.empty());
  EXPECT_EQ(r.diagnostics,
            "dir/t.toasty:2:42: warning: the foreign key of `User.posts`, `Post.user_id`, has no "
            "index, so loading or removing posts scans the whole table; add #[index] to `user_id` "
            "in model `Post`\n");
  // Composite: a multi-field index that starts with other fields does not count.
  EXPECT_EQ(errors_in("#[key(a, b)] model Team { a: String, b: String, #[has_many] players: "
                      "HasMany<Player> }\n"
                      "#[index(tb, id)] model Player { #[key] id: u64, ta: String, tb: String,\n"
                      "  #[belongs_to(key = [ta, tb], references = [a, b])] team: BelongsTo<Team> }"),
            "t.toasty:2:61: warning: the foreign key of `Team.players`, `Player.(ta, tb)`, has no "
            "index, so loading or removing players scans the whole table; add #[index(ta, tb)] to "
            "model `Player`\n");
}

TEST(Diagnostics, ForeignKeyIndexedByKeyPrefixOrIndex) {
  // A key prefix in any order counts, as does a unique index.
  EXPECT_EQ(errors_in("#[key(a, b)] model Team { a: String, b: String, #[has_many] players: "
                      "HasMany<Player> }\n"
                      "#[key(tb, ta, id)] model Player { id: u64, ta: String, tb: String,\n"
                      "  #[belongs_to(key = [ta, tb], references = [a, b])] team: BelongsTo<Team> }"),
            "");
  EXPECT_EQ(errors_in("model User { #[key] id: u64, #[has_many] posts: HasMany<Post> }\n"
                      "model Post { #[key] id: u64, #[unique] user_id: u64,\n"
                      "  #[belongs_to(key = user_id, references = id)] user: BelongsTo<User> }"),
            "");
}

TEST(Diagnostics, WarnsWhenReferencesAreNotUnique) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64, name: String, #[has_many] posts: HasMany<Post> }\n"
                      "model Post { #[key] id: u64, #[index] user_name: String,\n"
                      "  #[belongs_to(key = user_name, references = name)] user: BelongsTo<User> }"),
            "t.toasty:4:46: warning: `references = name` is not the primary key or a #[unique] "
            "field of `User`, so `Post.user` may match several records\n");
}

TEST(Diagnostics, WarningsComeWithErrors) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64, #[has_many] posts: HasMany<Post>, x: Strng }\n"
                      "model Post { #[key] id: u64, user_id: u64,\n"
                      "  #[belongs_to(key = user_id, references = id)] user: BelongsTo<User> }"),
            "t.toasty:2:42: warning: the foreign key of `User.posts`, `Post.user_id`, has no "
            "index, so loading or removing posts scans the whole table; add #[index] to `user_id` "
            "in model `Post`\n"
            "t.toasty:2:67: error: unknown type `Strng` (did you mean `String`?)\n");
}

TEST(Diagnostics, RelationToUnknownModel) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64, #[has_many] posts: HasMany<Pots> }\n"
                      "model Post { #[key] id: u64 }"),
            "t.toasty:2:57: error: unknown model `Pots` in `HasMany<Pots>` (did you mean "
            "`Post`?)\n");
}

TEST(Diagnostics, RelationNeedsAttribute) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64, profile: HasOne<Option<User>> }"),
            "t.toasty:2:30: error: a field of type HasOne<Option<User>> needs `#[has_one]`\n");
}

TEST(Diagnostics, RelationAttributeOnScalar) {
  EXPECT_EQ(errors_in("model User { #[key] id: u64, #[belongs_to] owner: u64 }"),
            "t.toasty:2:30: error: `#[belongs_to]` needs a field of type BelongsTo<Model>, but "
            "`owner` has type u64\n");
}

TEST(Diagnostics, ErrorsAreSortedByPosition) {
  // Semantic errors found model by model still come out in source order.
  EXPECT_EQ(errors_of("model A { n: Strng }\nnamespace x;"),
            "t.toasty:1:7: error: model `A` has no primary key: mark a field with #[key] or list "
            "the key fields with #[key(a, b)] on the model\n"
            "t.toasty:1:14: error: unknown type `Strng` (did you mean `String`?)\n");
}

// ---- enums ----

TEST(Diagnostics, EnumsThatAreValid) {
  EXPECT_EQ(errors_in("#[column(rename_all = \"kebab-case\")] enum S { A, #[column(variant = \"b!\")] B }\n"
                      "enum P { Low = -1, High = 10 }\n#[column(type = u8)] enum Q { X, Y }\n"
                      "model M { #[key] id: u64, #[index] s: S, #[default(P::High)] p: P, q: Option<Q> }"),
            "");
}

TEST(Diagnostics, EnumVariantProblems) {
  EXPECT_EQ(errors_in("enum S { A, B, A, class, None }"),
            "t.toasty:2:16: error: duplicate variant `A` in enum `S` (first defined at 2:10)\n"
            "t.toasty:2:19: error: `class` is a C++ keyword and cannot be a variant name; choose another name\n"
            "t.toasty:2:26: error: variant `None` would generate the filter `is_none()`, which Option fields "
            "already have; rename the variant\n");
  EXPECT_EQ(errors_in("enum E {}"), "t.toasty:2:6: error: enum `E` has no variants\n");
}

TEST(Diagnostics, EnumLabelsAndValuesMustBeDistinct) {
  EXPECT_EQ(errors_in("enum S { OnHold, #[column(variant = \"on_hold\")] Paused }"),
            "t.toasty:2:49: error: variant `Paused` has the label \"on_hold\", like the variant at 2:10; labels "
            "must be distinct\n");
  EXPECT_EQ(errors_in("enum P { A = 1, B = 0, C }"),
            "t.toasty:2:24: error: variant `C` has the value 1, like `A`; stored values must be distinct\n");
  EXPECT_EQ(errors_in("#[column(type = i8)] enum P { A = 127, B }"),
            "t.toasty:2:40: error: variant `B` = 128 does not fit the enum's storage i8\n");
}

TEST(Diagnostics, EnumAttributes) {
  EXPECT_EQ(errors_in("#[column(rename_all = \"Title Case\")] enum S { A }"),
            "t.toasty:2:10: error: unknown rename_all rule \"Title Case\" (rules: lowercase, UPPERCASE, "
            "PascalCase, camelCase, snake_case, SCREAMING_SNAKE_CASE, kebab-case, SCREAMING-KEBAB-CASE)\n");
  EXPECT_EQ(errors_in("#[column(type = String)] enum S { A }"),
            "t.toasty:2:10: error: an enum is stored as text (the default), an integer (`type = int` or one of i8, "
            "i16, i32, i64, u8, u16, u32) or PostgreSQL's enum type (`type = enum`); found `String`\n");
  EXPECT_EQ(errors_in("#[column(type = enum)] enum S { A }\n#[column(type = enum(\"s_t\"))] enum T { A }"), "");
  EXPECT_EQ(errors_in("#[column(type = enum)] enum P { A = 1 }\n#[column(type = enum(5))] enum Q { A }"),
            "t.toasty:2:10: error: a PostgreSQL enum type holds labels, but enum `P` is stored as integers\n"
            "t.toasty:3:10: error: `type = enum` takes no argument or the type's name: enum(\"task_priority\") (at "
            "most 63 bytes, PostgreSQL's limit)\n");
  EXPECT_EQ(errors_in("#[table(\"x\")] enum S { A }"),
            "t.toasty:2:1: error: `#[table]` cannot be used on an enum (enums take #[column(rename_all = "
            "\"...\")] or #[column(type = int)])\n");
  EXPECT_EQ(errors_in("enum P { A = 1, #[column(variant = \"b\")] B = 2 }"),
            "t.toasty:2:26: error: enum `P` is stored as integers, so variant `B` cannot have a text label\n");
  EXPECT_EQ(errors_in("#[column(rename_all = \"UPPERCASE\")] enum P { A = 1 }"),
            "t.toasty:2:10: error: rename_all changes labels, but enum `P` is stored as integers\n");
}

TEST(Diagnostics, EnumNames) {
  EXPECT_EQ(errors_in("enum M { A }\nmodel M { #[key] id: u64 }"),
            "t.toasty:2:6: error: enum `M` has the name of the model at 3:7\n");
  EXPECT_EQ(errors_in("enum S { A }\nenum S { B }"),
            "t.toasty:3:6: error: duplicate enum `S` (first defined at 2:6)\n");
  EXPECT_EQ(errors_in("enum S { A }\nmodel SPath { #[key] id: u64 }"),
            "t.toasty:2:6: error: enum `S` generates the class `SPath`, which is also a model or enum name\n");
}

TEST(Diagnostics, EnumFieldDefaultsAndAttributes) {
  EXPECT_EQ(errors_in("enum S { Open, Closed }\nmodel M { #[key] id: u64, #[default(Clsed)] s: S }"),
            "t.toasty:3:37: error: enum `S` has no variant `Clsed` (did you mean `Closed`?)\n");
  EXPECT_EQ(errors_in("enum S { Open }\nmodel M { #[key] id: u64, #[default(\"open\")] s: S }"),
            "t.toasty:3:27: error: `#[default]` on an enum field names a variant: #[default(Open)]\n");
  EXPECT_EQ(errors_in("enum P { A = 1 }\nmodel M { #[key] #[auto] id: P }"),
            "t.toasty:3:18: error: #[auto] requires an integer, Uuid or Timestamp field, but `id` has type P\n");
  EXPECT_EQ(errors_in("enum S { A }\nmodel M { #[key] id: u64, s: S<u8> }"),
            "t.toasty:3:30: error: enum `S` takes no type arguments\n");
}

TEST(Diagnostics, EnumVariantSyntax) {
  EXPECT_EQ(errors_in("enum S { A: u8 }"),
            "t.toasty:2:11: error: enum variants have no type: write `A,` (a variant), not a field\n");
  EXPECT_EQ(errors_in("enum S { Email(String) }"),
            "t.toasty:2:15: error: variant `Email` has unnamed fields; name them: `Email { value: String }`\n");
  EXPECT_EQ(errors_in("enum S { A = x }"), "t.toasty:2:14: error: expected an integer after `A =`, found identifier `x`\n");
}

// ---- data-carrying enums ----

TEST(Diagnostics, DataEnumsThatAreValid) {
  EXPECT_EQ(errors_in("enum C { Email { #[index] address: String }, Phone { number: String, ext: Option<String> }, "
                      "None2 {}, Off }\n"
                      "embed R { how: C, note: String }\n"
                      "model M { #[key] id: u64, c: C, #[column(\"alt\")] d: Option<C>, r: R, k: CKind }"),
            "");
}

TEST(Diagnostics, DataEnumRules) {
  // Two variants' fields share the model's columns.
  EXPECT_EQ(errors_in("enum C { A { x: u8 }, B { x: String } }"),
            "t.toasty:2:27: error: variants `A` (at 2:14) and `B` both have a field `x`, and a variant's fields are "
            "columns of the model beside the other variants'; rename one of them\n");
  // Names the generated struct takes.
  EXPECT_EQ(errors_in("enum C { C { x: u8 }, Kind { y: u8 }, Eq { z: u8 } }"),
            "t.toasty:2:10: error: variant `C` has the name of its enum, which C++ does not allow for the member "
            "type C::C; rename the variant\n"
            "t.toasty:2:23: error: variant `Kind` collides with the generated member `C::Kind`; rename the variant\n"
            "t.toasty:2:39: error: variant `Eq` would generate the path `eq()`, which `C::Fields` already has; "
            "rename the variant\n");
  // The discriminant's enum takes a name.
  EXPECT_EQ(errors_in("enum CKind { X }\nenum C { A { x: u8 } }"),
            "t.toasty:3:6: error: enum `C` has variants with fields, so it generates the enum `CKind` for its "
            "discriminant, which is also declared in this file; rename one of them\n");
  // Fields of a variant follow an embed's rules.
  EXPECT_EQ(errors_in("enum C { A { #[key] x: u8, v: Vec<String> } }"),
            "t.toasty:2:14: error: `#[key]` cannot be used on a field of an embed (it takes #[column(\"...\")], "
            "#[index] and #[unique])\n"
            "t.toasty:2:28: error: a Vec inside an embed (`Vec<String>`) is not supported yet; put it on the model\n");
  // A variant holding its own enum.
  EXPECT_EQ(errors_in("enum C { A { c: C } }\nmodel M { #[key] id: u64, c: C }"),
            "t.toasty:2:10: error: variant `C::A` contains itself (C::A -> C -> C::A); it is stored in its model's "
            "columns, so it cannot nest without end\n");
}

// ---- deferred fields and ZonedDateTime ----

TEST(Diagnostics, DeferredAndZonedThatAreValid) {
  EXPECT_EQ(errors_in("enum E { A, B }\n#[index(at)]\n"
                      "model M { #[key] id: u64, a: Deferred<String>, b: Deferred<Option<Json>>, #[index] c: Deferred<E>, "
                      "d: Deferred<Bytes>, at: ZonedDateTime, #[column(\"t\")] to: Option<ZonedDateTime> }\n"
                      "embed P { when: ZonedDateTime, n: u8 }\nmodel N { #[key] id: u64, p: P }"),
            "");
}

TEST(Diagnostics, DeferredRules) {
  EXPECT_EQ(errors_in("model M { #[key] id: Deferred<u64>, #[unique] a: Deferred<String>, b: Option<Deferred<String>> }"),
            "t.toasty:2:11: error: `id` is Deferred, which cannot be part of the key; defer a field the records do "
            "not need to be found or written by\n"
            "t.toasty:2:37: error: `a` is Deferred, which cannot be unique (a get_by_ would need it); defer a field "
            "the records do not need to be found or written by\n"
            "t.toasty:2:71: error: write `Deferred<Option<...>>`: a deferred field that may be absent\n");
  EXPECT_EQ(errors_in("embed P { x: u8 }\nmodel M { #[key] id: u64, a: Deferred<P>, b: Deferred<String, u8> }\n"
                      "embed Q { d: Deferred<String> }"),
            "t.toasty:3:39: error: `Deferred<...>` holds a scalar, enum, newtype, JSON, Vec or Option field, not `P` "
            "(relations are loaded on demand already)\n"
            "t.toasty:3:46: error: `Deferred` takes one type argument, the field's type: Deferred<String>\n"
            "t.toasty:4:11: error: a Deferred field inside an embed (`Deferred<String>`) is not supported yet; put it "
            "on the model\n");
}

TEST(Diagnostics, ZonedDateTimeRules) {
  EXPECT_EQ(errors_in("model M { #[key] id: u64, #[index] at: ZonedDateTime, #[default(now)] b: ZonedDateTime, "
                      "c: ZonedDateTime<u8> }"),
            "t.toasty:2:27: error: `#[index]` cannot be used on a ZonedDateTime field itself; index its instant with "
            "a model-level #[index(at)]\n"
            "t.toasty:2:55: error: `#[default]` cannot be used on a ZonedDateTime field (it takes #[column(\"name\")] "
            "for its instant's column; the offset's is <name>_offset)\n"
            "t.toasty:2:92: error: type `ZonedDateTime` takes no type arguments\n");
}

// ---- embeds ----

TEST(Diagnostics, EmbedsThatAreValid) {
  EXPECT_EQ(errors_in("embed G { lat: f64 }\nembed A { #[index] city: String, g: G, zip: Option<String> }\n"
                      "#[index(a_g_lat, id)] model M { #[key] id: u64, #[column(\"home\")] a: A, b: Option<A> }"),
            "");
}

TEST(Diagnostics, EmbedCycle) {
  EXPECT_EQ(errors_in("embed A { b: B }\nembed B { a: A }"),
            "t.toasty:2:7: error: embed `A` contains itself (A -> B -> A); it is stored in its model's columns, "
            "so it cannot nest without end\n");
}

TEST(Diagnostics, EmbedFieldRules) {
  EXPECT_EQ(errors_in("embed A { #[key] x: u64, #[index] g: G, o: Option<G>, width: u8 }\nembed G { y: u8 }"),
            "t.toasty:2:11: error: `#[key]` cannot be used on a field of an embed (it takes #[column(\"...\")], "
            "#[index] and #[unique])\n"
            "t.toasty:2:26: error: `#[index]` goes on the fields of embed `G`, not on `g` itself\n"
            "t.toasty:2:41: error: an optional embed inside an embed (`Option<G>`) is not supported yet; make its "
            "fields Option instead\n"
            "t.toasty:2:55: error: field name `width` collides with the generated member `A::width`; choose another "
            "name\n");
  EXPECT_EQ(errors_in("embed A {}"), "t.toasty:2:7: error: embed `A` has no fields\n");
  EXPECT_EQ(errors_in("#[table(\"a\")] embed A { x: u8 }"),
            "t.toasty:2:1: error: `#[table]` cannot be used on an embed (it has no table or key of its own)\n");
  EXPECT_EQ(errors_in("model M { #[key] id: u64 }\nembed A { m: BelongsTo<M> }"),
            "t.toasty:3:11: error: an embed cannot hold relations; declare `m` on the model\n");
}

TEST(Diagnostics, EmbedMemberRules) {
  EXPECT_EQ(errors_in("embed A { x: Option<u8> }\nmodel M { #[key] id: u64, a: Option<A> }"),
            "t.toasty:3:27: error: `a` is Option<A>, but every field of `A` is optional, so an absent A could not "
            "be told from one whose fields are all absent; give `A` a field that is not Option\n");
  EXPECT_EQ(errors_in("embed A { x: u8 }\nmodel M { #[key] id: u64, #[index] a: A }"),
            "t.toasty:3:27: error: `#[index]` goes on the fields of embed `A` (or name its columns in a model-level "
            "#[index(a_...)]), not on `a` itself\n");
  EXPECT_EQ(errors_in("embed A { x: u8 }\nmodel M { #[key] id: u64, a: A, a_x: u8 }"),
            "t.toasty:3:33: error: duplicate field `a_x` in model `M` (first defined at 3:27)\n");
  EXPECT_EQ(errors_in("embed A { x: u8 }\n#[key(a_x)] model M { a: A }"),
            "t.toasty:3:7: error: `a_x` is a column of the embedded `a`, which cannot be part of the primary key yet\n");
  EXPECT_EQ(errors_in("embed A { x: u8 }\nmodel A2 { #[key] id: u64 }\nembed A2 { y: u8 }\nenum A { Z }"),
            "t.toasty:2:7: error: embed `A` has the name of the enum at 5:6\n"
            "t.toasty:4:7: error: embed `A2` has the name of the model at 3:7\n");
}

// ---- JSON ----

TEST(Diagnostics, JsonFields) {
  EXPECT_EQ(errors_in("model M { #[key] id: u64, a: Json<ns::T>, b: Option<Json>, c: Json }"), "");
  EXPECT_EQ(errors_in("model M { #[key] id: u64, #[index] a: Json<T>, #[default(1)] b: Json }"),
            "t.toasty:2:27: error: `a` is Json<T>, which cannot be indexed (each database stores JSON its own way); "
            "key or index a field that holds the value\n"
            "t.toasty:2:48: error: `#[default]` is not supported on Json fields\n");
  EXPECT_EQ(errors_in("model M { #[key] id: u64, a: Json<A, B>, b: Json<Vec<u8>>, c: Json<class> }"),
            "t.toasty:2:30: error: `Json` takes one type argument, the C++ type it holds: Json<my_ns::Settings> (or "
            "none: Json)\n"
            "t.toasty:2:50: error: `Json<...>` needs a C++ type name (a struct with to_json/from_json), found "
            "`Vec<u8>`\n"
            "t.toasty:2:68: error: `class` is a C++ keyword and cannot be part of a C++ type name; choose another "
            "name\n");
  EXPECT_EQ(errors_in("#[index(a)] model M { #[key] id: u64, a: Json }"),
            "t.toasty:2:9: error: `a` is Json, which cannot be indexed (each database stores JSON its own way)\n");
}

// ---- column types ----

TEST(Diagnostics, ColumnTypesThatFit) {
  EXPECT_EQ(errors_in("model M { #[key] id: u64, #[column(\"aa\", type = varchar(64))] a: String, "
                      "#[column(type = text)] b: Option<String>, #[column(type = varbinary(16))] c: Bytes, "
                      "#[column(type = blob)] d: Bytes, #[column(type = u8)] e: i64, #[column(type = json)] f: Json }"),
            "");
}

TEST(Diagnostics, ColumnTypesThatDoNotFit) {
  EXPECT_EQ(errors_in("model M { #[key] id: u64, #[column(type = varchar(64))] a: u64 }"),
            "t.toasty:2:36: error: `type = varchar(64)` does not fit field `a` of type u64 (varchar(n) is for String "
            "fields)\n");
  EXPECT_EQ(errors_in("model M { #[key] id: u64, #[column(type = varchar(0))] a: String, "
                      "#[column(type = varchar)] b: String, #[column(type = char(2))] c: String }"),
            "t.toasty:2:36: error: varchar(n) takes a length from 1 to 16383, found `varchar(0)`\n"
            "t.toasty:2:76: error: `varchar` needs its size: varchar(n)\n"
            "t.toasty:2:113: error: char(n) pads with spaces, and the databases read the padding back differently "
            "(PostgreSQL keeps it, MySQL strips it); use varchar(n)\n");
  EXPECT_EQ(errors_in("model M { #[key] id: u64, #[column(type = numeric(10, 2))] a: f64, #[column(type = tinyint)] "
                      "b: i8 }"),
            "t.toasty:2:36: error: `type = numeric(10, 2)` does not fit field `a` of type f64 (numeric(p, s) is for "
            "Decimal fields)\n"
            "t.toasty:2:77: error: unknown column type `tinyint` (column types are text, varchar(n), blob, "
            "varbinary(n), json, jsonb, numeric(p, s) and the integer types i8 ... u64)\n");
  EXPECT_EQ(errors_in("enum S { A }\nmodel M { #[key] id: u64, #[column(type = int)] s: S }"),
            "t.toasty:3:36: error: an enum's storage is set on the enum: #[column(type = int)] enum S { ... }\n");
  EXPECT_EQ(errors_in("model M { #[key] id: u64, #[column] a: String, #[column(x = 1)] b: String }"),
            "t.toasty:2:27: error: `#[column]` expects a name, a type or both: #[column(\"name\")], "
            "#[column(type = varchar(64))]\n"
            "t.toasty:2:57: error: `#[column(...)]` takes the column's name (a string) and `type = ...`: "
            "#[column(\"name\", type = varchar(64))]\n");
}

// ---- decimals ----

TEST(Diagnostics, DecimalColumnTypes) {
  EXPECT_EQ(errors_in("newtype Money(Decimal)\nmodel M { #[key] id: u64, #[column(type = numeric(38, 30))] a: Decimal, "
                      "#[column(type = decimal(5))] b: Option<Decimal>, c: Decimal, #[column(type = numeric)] d: Decimal, "
                      "#[index] e: Money }"),
            "");
  EXPECT_EQ(errors_in("model M { #[key] id: u64, #[column(type = numeric(39, 2))] a: Decimal, "
                      "#[column(type = numeric(4, 5))] b: Decimal, #[column(type = numeric(38, 31))] c: Decimal, "
                      "#[column(type = numeric(x))] d: Decimal, #[default(\"1e3\")] e: Decimal, f: BigDecimal }"),
            "t.toasty:2:36: error: numeric(p, s) takes a precision p from 1 to 38 and a scale s from 0 to p (at most 30), "
            "found `numeric(39, 2)` (38: the digits DynamoDB keeps; 30: the scale MySQL keeps)\n"
            "t.toasty:2:81: error: numeric(p, s) takes a precision p from 1 to 38 and a scale s from 0 to p (at most 30), "
            "found `numeric(4, 5)` (38: the digits DynamoDB keeps; 30: the scale MySQL keeps)\n"
            "t.toasty:2:125: error: numeric(p, s) takes a precision p from 1 to 38 and a scale s from 0 to p (at most "
            "30), found `numeric(38, 31)` (38: the digits DynamoDB keeps; 30: the scale MySQL keeps)\n"
            "t.toasty:2:171: error: numeric(p, s) takes a precision p from 1 to 38 and a scale s from 0 to p (at most "
            "30), found `numeric(x)` (38: the digits DynamoDB keeps; 30: the scale MySQL keeps)\n"
            "t.toasty:2:213: error: #[default] value \"1e3\" is not a Decimal that fits `e` (at most 35 digits before "
            "the point and 30 after; plain notation, e.g. \"12.50\")\n"
            "t.toasty:2:236: error: unknown type `BigDecimal` (use `Decimal`)\n");
}

TEST(Diagnostics, DateTimeAndDecimalDefaults) {
  EXPECT_EQ(errors_in("model M { #[key] id: u64, #[default(\"2024-02-29T12:00:00Z\")] a: Timestamp, "
                      "#[default(\"2024-02-29T17:30:00.5+05:30\")] b: Timestamp, #[default(\"2024-02-29\")] c: Date, "
                      "#[default(\"2024-02-29T09:30:00.000001\")] d: DateTime, #[default(\"23:59:59\")] e: Time, "
                      "#[column(type = numeric(10, 2))] #[default(\"12.5\")] f: Decimal, #[default(-0.50)] g: Decimal }"),
            "");
  EXPECT_EQ(errors_in("model M { #[key] id: u64, #[default(\"2023-02-29\")] c: Date, #[default(\"24:00:00\")] e: Time, "
                      "#[default(\"2024-02-29 09:30:00\")] d: DateTime, #[column(type = numeric(4, 2))] "
                      "#[default(123)] f: Decimal, #[column(type = numeric(4, 2))] #[default(\"1.005\")] g: Decimal }"),
            "t.toasty:2:37: error: #[default] value \"2023-02-29\" is not a Date (write it as \"2024-02-29\")\n"
            "t.toasty:2:71: error: #[default] value \"24:00:00\" is not a Time (write it as \"09:30:00\")\n"
            "t.toasty:2:103: error: #[default] value \"2024-02-29 09:30:00\" is not a DateTime (write it as "
            "\"2024-02-29T09:30:00\")\n"
            "t.toasty:2:182: error: #[default] value 123 is not a Decimal that fits `f` (numeric(4, 2); plain notation, "
            "e.g. \"12.50\")\n"
            "t.toasty:2:242: error: #[default] value \"1.005\" is not a Decimal that fits `g` (numeric(4, 2); plain "
            "notation, e.g. \"12.50\")\n");
}

// ---- lists ----

TEST(Diagnostics, ListsThatAreValid) {
  EXPECT_EQ(errors_in("enum S { A }\nnewtype N(Uuid)\nmodel M { #[key] id: u64, a: Vec<String>, b: Vec<i32>, c: Vec<S>, "
                      "d: Vec<N>, e: Vec<Timestamp>, #[column(\"ff\")] f: Vec<f64> }"),
            "");
}

TEST(Diagnostics, ListProblems) {
  EXPECT_EQ(errors_in("embed E { x: i32 }\nmodel M { #[key] id: u64, a: Vec<Option<i32>>, b: Vec<Bytes>, c: Vec<Json>, "
                      "d: Vec<Decimal>, e: Option<Vec<i32>>, f: Vec<Vec<i32>>, g: Vec, h: Vec<E> }"),
            "t.toasty:3:34: error: a Vec holds scalars, enums or newtypes (bool, integers, floats, String, Uuid, the date "
            "and time types), not `Option<i32>`\n"
            "t.toasty:3:55: error: a Vec holds scalars, enums or newtypes (bool, integers, floats, String, Uuid, the date "
            "and time types), not `Bytes`\n"
            "t.toasty:3:70: error: a Vec holds scalars, enums or newtypes (bool, integers, floats, String, Uuid, the date "
            "and time types), not `Json`\n"
            "t.toasty:3:84: error: a Vec holds scalars, enums or newtypes (bool, integers, floats, String, Uuid, the date "
            "and time types), not `Decimal` (Vec<Decimal> is not supported yet)\n"
            "t.toasty:3:97: error: `Option<Vec<i32>>` is not supported: a Vec field is never NULL, and an empty one says "
            "there is nothing\n"
            "t.toasty:3:122: error: a Vec holds scalars, enums or newtypes (bool, integers, floats, String, Uuid, the date "
            "and time types), not `Vec<i32>`\n"
            "t.toasty:3:136: error: `Vec` takes exactly one type argument: Vec<String>\n"
            "t.toasty:3:148: error: a Vec holds scalars, enums or newtypes (bool, integers, floats, String, Uuid, the date "
            "and time types), not `E`\n");
  EXPECT_EQ(errors_in("model M { #[key] id: u64, #[index] a: Vec<String>, #[unique] b: Vec<i32>, #[default(1)] c: Vec<i32> }"),
            "t.toasty:2:27: error: `a` is Vec<String>, which cannot take `#[index]`: a list is stored whole, as an array "
            "(PostgreSQL) or a JSON array, and is never a key or indexed\n"
            "t.toasty:2:52: error: `b` is Vec<i32>, which cannot take `#[unique]`: a list is stored whole, as an array "
            "(PostgreSQL) or a JSON array, and is never a key or indexed\n"
            "t.toasty:2:75: error: `c` is Vec<i32>, which cannot take `#[default]`: a list is stored whole, as an array "
            "(PostgreSQL) or a JSON array, and is never a key or indexed\n");
  EXPECT_EQ(errors_in("embed E { v: Vec<i32> }"),
            "t.toasty:2:11: error: a Vec inside an embed (`Vec<i32>`) is not supported yet; put it on the model\n");
  EXPECT_EQ(errors_in("model M { #[key] id: u64, a: Vec<u8> }"),
            "t.toasty:2:30: error: unknown type `Vec<u8>` (use `Bytes`)\n");
}

// ---- newtypes ----

TEST(Diagnostics, NewtypesThatAreValid) {
  EXPECT_EQ(errors_in("newtype Id(Uuid)\nnewtype Email(String);\n"
                      "model M { #[key] #[auto] id: Id, #[unique] e: Email, o: Option<Email> }"),
            "");
}

TEST(Diagnostics, NewtypeProblems) {
  EXPECT_EQ(errors_in("newtype A(Option<u8>)\nnewtype B(Json)\nnewtype C(A)\nnewtype D(u8) newtype D(u16)"),
            "t.toasty:2:11: error: a newtype wraps one scalar type (an integer, String, Bytes, Uuid, Decimal or a "
            "date and time type), not `Option<u8>`\n"
            "t.toasty:3:11: error: a newtype wraps one scalar type (an integer, String, Bytes, Uuid, Decimal or a "
            "date and time type), not `Json`\n"
            "t.toasty:4:11: error: unknown type `A` (field types are bool, i8, i16, i32, i64, u8, u16, u32, u64, "
            "f32, f64, String, Bytes, Uuid, Timestamp, Date, DateTime, Time, Decimal, Json<T>, Json, Option<T> and the "
            "file's enums and embeds)\n"
            "t.toasty:5:23: error: duplicate newtype `D` (first defined at 5:9)\n");
  EXPECT_EQ(errors_in("newtype Id(Uuid)\nmodel P { #[key] id: Id }\n"
                      "model C { #[key] id: u64, pid: Uuid, #[belongs_to(key = pid, references = id)] p: BelongsTo<P> }"),
            "t.toasty:4:57: error: key field `C.pid` has type Uuid but `P.id`, which it references, has type Id; "
            "they must be the same\n");
  EXPECT_EQ(errors_in("newtype X(u8\nmodel M { #[key] id: u64 }"),
            "t.toasty:3:1: error: expected `)` after the type of `newtype X`, found identifier `model`\n");
}

}  // namespace

namespace {

// ---- #[version] ----

TEST(Diagnostics, VersionOnAnInteger) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[version] version: u64 }"), "");
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[version] v: String }"),
            "t.toasty:2:27: error: #[version] takes an integer field (u64, i64, u32 or i32, not optional); `v` is "
            "String\n");
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[version] v: Option<u64> }"),
            "t.toasty:2:27: error: #[version] takes an integer field (u64, i64, u32 or i32, not optional); `v` is "
            "Option<u64>\n");
}

TEST(Diagnostics, VersionIsSetByTheOrm) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[version] #[default(3)] v: u64 }"),
            "t.toasty:2:27: error: #[version] cannot be combined with #[key], #[default], #[auto] or #[unique] "
            "(field `v`): the ORM sets its value, 1 at create\n");
}

TEST(Diagnostics, OneVersionPerModel) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[version] v: u64, #[version] w: u64 }"),
            "t.toasty:2:57: error: model A has two #[version] fields; one counts its updates\n");
}

}  // namespace

namespace {

// ---- #[validate(...)] ----

TEST(Diagnostics, ValidateRulesFitTheFieldType) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[validate(length(min = 1, max = 5), email)] e: String, "
                      "#[validate(range(min = -3, max = 9))] n: i32, #[validate(one_of(1, 2))] k: u8 }"),
            "");
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[validate(email)] n: i64 }"),
            "t.toasty:2:38: error: `email` in #[validate] applies to String fields; `n` is i64\n");
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[validate(range(min = -1))] n: u32 }"),
            "t.toasty:2:50: error: range(): `n` is unsigned; its bounds are 0 or more\n");
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[validate(length(max = 3, min = 5))] s: String }"),
            "t.toasty:2:38: error: length(): min is more than max\n");
}

TEST(Diagnostics, ValidateRegexIsChecked) {
  // (The library's own words for what is wrong follow in parentheses.)
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[validate(regex(\"[a-\"))] s: String }").rfind(
                "t.toasty:2:44: error: regex(): the pattern is not a valid ECMAScript regular expression (", 0),
            0u);
}

TEST(Diagnostics, ValidateUnknownRule) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[validate(shiny)] s: String }"),
            "t.toasty:2:38: error: unknown rule `shiny` in #[validate]; the rules are length(min = N, max = N), "
            "range(min = X, max = Y), regex(\"...\"), email, one_of(...)\n");
}

}  // namespace

namespace {

TEST(Diagnostics, SoftDeleteOnAnOptionalTimestamp) {
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[soft_delete] gone: Option<Timestamp> }"), "");
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[soft_delete] gone: Timestamp }"),
            "t.toasty:2:27: error: #[soft_delete] takes an Option<Timestamp> field (the time of the removal); `gone` "
            "is Timestamp\n");
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[soft_delete] a: Option<Timestamp>, #[soft_delete] b: "
                      "Option<Timestamp> }"),
            "t.toasty:2:79: error: model A has two #[soft_delete] fields; one marks a removal\n");
}

}  // namespace

namespace {

// ---- #[renamed_from] (migrations) ----

TEST(Diagnostics, RenamedFromTakesAName) {
  EXPECT_EQ(errors_in("#[renamed_from(\"people\")] model A { #[key] id: u64, #[renamed_from(\"n\")] name: String }"), "");
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[renamed_from] name: String }"),
            "t.toasty:2:27: error: `#[renamed_from]` expects one string argument: #[renamed_from(\"name\")]\n");
  EXPECT_EQ(errors_in("model A { #[key] id: u64, #[renamed_from(\"\")] name: String }"),
            "t.toasty:2:42: error: `#[renamed_from]` needs a non-empty name\n");
}

}  // namespace
