// Cursor pagination: the page order, the page statement, and cursors as URL-safe text
// with a checksum, so that a garbled or edited cursor, or one from another query's order,
// is refused by name instead of silently reading the wrong page.
#include <algorithm>
#include <bit>
#include <cstring>

#include "core/text.hpp"
#include "toasty/error.hpp"
#include "toasty/model/page.hpp"
#include "toasty/schema/app.hpp"

namespace toasty::detail {

namespace {

constexpr char kCursorVersion = 1;

// FNV-1a, 64 bits: catches garbling and edits; it is no signature (cursors are not secret).
std::uint64_t fnv1a(std::string_view a, std::string_view b) {
  std::uint64_t h = 14695981039346656037ull;
  for (std::string_view part : {a, b})
    for (char c : part) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
  return h;
}

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::uint64_t get_u64(std::string_view in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{static_cast<unsigned char>(in[static_cast<std::size_t>(i)])} << (8 * i);
  return v;
}

// One value: a tag, its length, its bytes.
void put_value(std::string& out, const Value& v) {
  char tag;
  std::string body;
  if (v.is_null()) {
    tag = 'n';
  } else if (v.is_bool()) {
    tag = 'b', body.push_back(v.as_bool() ? '1' : '0');
  } else if (v.is_i64()) {
    tag = 'i', put_u64(body, static_cast<std::uint64_t>(v.as_i64()));
  } else if (v.is_u64()) {
    tag = 'u', put_u64(body, v.as_u64());
  } else if (v.is_f64()) {
    tag = 'f', put_u64(body, std::bit_cast<std::uint64_t>(v.as_f64()));
  } else if (v.is_string()) {
    tag = 's', body = v.as_string();
  } else if (v.is_bytes()) {
    tag = 'y', body.assign(v.as_bytes().begin(), v.as_bytes().end());
  } else if (v.is_uuid()) {
    const Uuid id = v.as_uuid();
    tag = 'g', body.assign(id.bytes().begin(), id.bytes().end());
  } else if (v.is_timestamp()) {
    tag = 't', put_u64(body, static_cast<std::uint64_t>(v.as_timestamp().time_since_epoch().count()));
  } else if (v.is_date()) {
    tag = 'd', put_u64(body, static_cast<std::uint64_t>(std::chrono::sys_days(v.as_date()).time_since_epoch().count()));
  } else if (v.is_datetime()) {
    tag = 'l', put_u64(body, static_cast<std::uint64_t>(v.as_datetime().time_since_epoch().count()));
  } else if (v.is_time()) {
    tag = 'h', put_u64(body, static_cast<std::uint64_t>(v.as_time().since_midnight.count()));
  } else if (v.is_decimal()) {
    tag = 'm', body = v.as_decimal().to_string();
  } else {
    throw InvalidStatement("toasty: paginate() orders by a list field, which has no position to resume at");
  }
  out.push_back(tag);
  put_u64(out, body.size());
  out += body;
}

[[noreturn]] void refuse(const std::string& why) {
  throw InvalidCursor("toasty: invalid pagination cursor: " + why +
                      " (use a cursor that Page::next_cursor() or prev_cursor() of this query returned)");
}

Value get_value(std::string_view& in) {
  if (in.size() < 9) refuse("it is cut short");
  char tag = in[0];
  std::uint64_t size = get_u64(in.substr(1));
  in.remove_prefix(9);
  if (size > in.size()) refuse("it is cut short");
  std::string_view body = in.substr(0, static_cast<std::size_t>(size));
  in.remove_prefix(static_cast<std::size_t>(size));
  auto fixed = [&]() {
    if (body.size() != 8) refuse("a value has the wrong size");
    return get_u64(body);
  };
  switch (tag) {
    case 'n': return Value();
    case 'b':
      if (body != "0" && body != "1") refuse("a boolean value is malformed");
      return Value(body == "1");
    case 'i': return Value(static_cast<std::int64_t>(fixed()));
    case 'u': return Value(fixed());
    case 'f': return Value(std::bit_cast<double>(fixed()));
    case 's':
      if (text::invalid_text_at(body)) refuse("a text value is not UTF-8");
      return Value(std::string(body));
    case 'y': return Value(Bytes(body.begin(), body.end()));
    case 'g': {
      if (body.size() != 16) refuse("a UUID value has the wrong size");
      Uuid::Bytes16 b;
      std::memcpy(b.data(), body.data(), 16);
      return Value(Uuid(b));
    }
    case 't': return Value(Timestamp(std::chrono::microseconds(static_cast<std::int64_t>(fixed()))));
    case 'd': return Value(Date(std::chrono::sys_days(std::chrono::days(static_cast<std::int64_t>(fixed())))));
    case 'l': return Value(DateTime(std::chrono::microseconds(static_cast<std::int64_t>(fixed()))));
    case 'h': return Value(Time(std::chrono::microseconds(static_cast<std::int64_t>(fixed()))));
    case 'm': {
      auto d = Decimal::try_parse(body);
      if (!d) refuse("a decimal value is malformed");
      return Value(std::move(*d));
    }
    default: refuse("a value has an unknown kind");
  }
}

}  // namespace

PageOrder page_order(const stmt::Select& query) {
  const app::Model& model = *query.model;
  if (query.order_by.empty())
    throw InvalidStatement("toasty: paginate() needs an order_by (pages of " + model.name +
                           " records follow an order; add .order_by(...) before .paginate(n))");
  if (query.limit || query.offset)
    throw InvalidStatement("toasty: paginate() of a query with a limit or an offset: the page size is the limit, "
                           "and pages seek instead of skipping");
  PageOrder out;
  out.signature = model.name;
  auto add = [&](std::size_t field, bool desc) {
    if (model.fields.at(field).deferred && query.skip_deferred &&
        std::find(query.load_deferred.begin(), query.load_deferred.end(), field) == query.load_deferred.end())
      throw InvalidStatement("toasty: paginate() orders by the deferred field " + model.name + "." +
                             model.fields[field].name + ", which the query does not read: include() it");
    out.fields.push_back(field);
    out.descending.push_back(desc);
    out.signature += (desc ? ";-" : ";+") + std::to_string(field) + model.fields[field].name;
  };
  for (const auto& o : query.order_by) {
    auto* f = o.expr ? std::get_if<stmt::ExprField>(&o.expr->node) : nullptr;
    if (!f || f->model != &model)
      throw InvalidStatement("toasty: paginate() orders by fields of " + model.name +
                             " only (a cursor holds the position of one record)");
    add(f->field, o.descending);
  }
  for (std::size_t k : model.primary_key)
    if (std::find(out.fields.begin(), out.fields.end(), k) == out.fields.end()) {
      add(k, false);
      ++out.tie_breakers;
    }
  return out;
}

stmt::Select page_statement(const stmt::Select& query, const PageOrder& order, std::uint64_t per_page,
                            const std::vector<Value>* position, bool backward) {
  if (per_page == 0) throw InvalidStatement("toasty: paginate(0): a page holds at least one record");
  stmt::Select s = query;
  s.order_by.clear();
  for (std::size_t i = 0; i < order.fields.size(); ++i)
    s.order_by.push_back({stmt::field(query.model, order.fields[i]), order.descending[i] != backward});
  s.tie_breakers = order.tie_breakers;
  s.limit = per_page + 1;
  if (position) s.seek_after = *position;
  return s;
}

std::string encode_cursor(const PageOrder& order, const Value* row) {
  std::string payload(1, kCursorVersion);
  for (std::size_t f : order.fields) put_value(payload, row[f]);
  put_u64(payload, fnv1a(order.signature, payload));
  return text::base64_encode(payload, true);
}

std::vector<Value> decode_cursor(const PageOrder& order, std::string_view cursor) {
  auto bytes = text::base64_decode(cursor, true);
  if (!bytes) refuse("it is not URL-safe base64");
  std::string_view in = *bytes;
  if (in.size() < 9) refuse("it is cut short");
  if (in[0] != kCursorVersion) refuse("it comes from another version of toasty");
  std::string_view payload = in.substr(0, in.size() - 8);
  if (get_u64(in.substr(in.size() - 8)) != fnv1a(order.signature, payload))
    refuse("its checksum does not match (it was changed, or it belongs to a query with another model or order)");
  payload.remove_prefix(1);
  std::vector<Value> out;
  while (!payload.empty()) out.push_back(get_value(payload));
  if (out.size() != order.fields.size()) refuse("it holds the wrong number of values");
  return out;
}

}  // namespace toasty::detail
