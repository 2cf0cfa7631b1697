// MySQL / MariaDB values: parameters bound from Values (u64 as unsigned LONGLONG), result
// columns fetched into typed buffers and coerced to the schema's types.
#include <memory>

#include "core/text.hpp"
#include "my_internal.hpp"
#include "sql/json_list.hpp"
#include "toasty/error.hpp"

namespace toasty::mysql::detail {

namespace {
// MySQL's DATETIME literal: "YYYY-MM-DD HH:MM:SS.ffffff" (a space for the ISO `T`).
std::string datetime_text(std::string iso) {
  iso[10] = ' ';
  return iso;
}
}  // namespace

void ParamBinds::bind_text(std::size_t i, std::string text) {
  texts[i] = std::move(text);
  lengths[i] = static_cast<unsigned long>(texts[i].size());
  MYSQL_BIND& b = binds[i];
  b.buffer_type = MYSQL_TYPE_STRING;
  b.buffer = texts[i].data();
  b.buffer_length = lengths[i];
  b.length = &lengths[i];
}

ParamBinds::ParamBinds(const sql::ParamList& params) {
    static char empty[1] = {0};
    const std::size_t n = params.size();
    binds.resize(n);  // value-initialised: all zero
    ints.assign(n, 0);
    doubles.assign(n, 0);
    bools.assign(n, 0);
    lengths.assign(n, 0);
    texts.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      MYSQL_BIND& b = binds[i];
      const auto& s = params[i].storage();
      if (std::holds_alternative<std::monostate>(s)) {
        b.buffer_type = MYSQL_TYPE_NULL;
      } else if (auto* v = std::get_if<bool>(&s)) {
        bools[i] = *v ? 1 : 0;
        b.buffer_type = MYSQL_TYPE_TINY;
        b.buffer = &bools[i];
      } else if (auto* i64 = std::get_if<std::int64_t>(&s)) {
        ints[i] = *i64;
        b.buffer_type = MYSQL_TYPE_LONGLONG;
        b.buffer = &ints[i];
      } else if (auto* u64 = std::get_if<std::uint64_t>(&s)) {
        ints[i] = static_cast<std::int64_t>(*u64);  // same bits; the server reads unsigned
        b.buffer_type = MYSQL_TYPE_LONGLONG;
        b.buffer = &ints[i];
        b.is_unsigned = 1;
      } else if (auto* d = std::get_if<double>(&s)) {
        doubles[i] = *d;
        b.buffer_type = MYSQL_TYPE_DOUBLE;
        b.buffer = &doubles[i];
      } else if (auto* str = std::get_if<std::string>(&s)) {
        toasty::text::require_text(*str);
        lengths[i] = static_cast<unsigned long>(str->size());
        b.buffer_type = MYSQL_TYPE_STRING;
        b.buffer = str->empty() ? empty : const_cast<char*>(str->data());
        b.buffer_length = lengths[i];
        b.length = &lengths[i];
      } else if (auto* uuid = std::get_if<Uuid>(&s)) {
        bind_text(i, uuid->to_string());  // CHAR(36)
      } else if (auto* ts = std::get_if<Timestamp>(&s)) {
        // DATETIME(6) holds UTC: the instant's reading in UTC, no zone for the session's
        // time zone to apply.
        check_timestamp_range(*ts);  // refused as the Timestamp it is
        bind_text(i, datetime_text(format_datetime(DateTime(ts->time_since_epoch()))));
      } else if (auto* date = std::get_if<Date>(&s)) {
        bind_text(i, format_date(*date));
      } else if (auto* dt = std::get_if<DateTime>(&s)) {
        bind_text(i, datetime_text(format_datetime(*dt)));
      } else if (auto* tod = std::get_if<Time>(&s)) {
        bind_text(i, format_time(*tod));
      } else if (auto* list = std::get_if<Value::List>(&s)) {
        bind_text(i, sql::encode_json_list(*list));  // a JSON column's text
      } else if (auto* dec = std::get_if<Decimal>(&s)) {
        // Typed as a decimal: MySQL compares a string with a DECIMAL column as doubles,
        // which is inexact beyond 15 digits.
        bind_text(i, dec->to_string());
        b.buffer_type = MYSQL_TYPE_NEWDECIMAL;
      } else if (auto* bytes = std::get_if<Bytes>(&s)) {
        lengths[i] = static_cast<unsigned long>(bytes->size());
        b.buffer_type = MYSQL_TYPE_BLOB;
        // A null buffer would be sent as NULL; an empty blob needs a real pointer.
        b.buffer = bytes->empty() ? static_cast<void*>(empty)
                                  : const_cast<std::uint8_t*>(bytes->data());
        b.buffer_length = lengths[i];
        b.length = &lengths[i];
      }
    }
  }

// The fetch buffer of one result column.
struct RowReader::Column {
  enum class Kind { Int, Float, Double, Text, Binary } kind = Kind::Text;
  bool is_unsigned = false;
  std::int64_t i = 0;
  float f = 0;
  double d = 0;
  std::vector<char> buf;
  unsigned long length = 0;
  my_bool is_null = 0;
  my_bool error = 0;
};

namespace {
struct ResDeleter {
  void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
};
// Text buffers of an unbuffered read start at this size; a longer value is fetched whole
// into a buffer of its own.
constexpr unsigned long kTextBuffer = 256;
}  // namespace

RowReader::RowReader(MYSQL_STMT* st, std::vector<const db::Column*> types, const Context& ctx,
                     StatementErrors& errors, const driver::RawSql* raw, std::vector<std::string>* columns)
    : st_(st), ctx_(ctx), errors_(errors), types_(std::move(types)) {
  // After store_result max_length is known (a buffered read sizes its buffers by it).
  std::unique_ptr<MYSQL_RES, ResDeleter> meta(mysql_stmt_result_metadata(st));
  if (!meta) errors.raise_stmt(st, ctx);
  const unsigned n = mysql_num_fields(meta.get());
  MYSQL_FIELD* fields = mysql_fetch_fields(meta.get());
  if (raw) {  // the columns' names, and the types of those named like `expect`'s
    for (unsigned c = 0; c < n; ++c) columns->emplace_back(fields[c].name, fields[c].name_length);
    types_ = sql::raw_sql_types(*columns, raw->expect);
  }
  cols_.resize(n);
  binds_.resize(n);  // value-initialised: all zero
  for (unsigned c = 0; c < n; ++c) {
    Column& col = cols_[c];
    MYSQL_BIND& b = binds_[c];
    const MYSQL_FIELD& f = fields[c];
    b.is_null = &col.is_null;
    b.length = &col.length;
    b.error = &col.error;
    switch (f.type) {
      case MYSQL_TYPE_TINY:
      case MYSQL_TYPE_SHORT:
      case MYSQL_TYPE_INT24:
      case MYSQL_TYPE_LONG:
      case MYSQL_TYPE_LONGLONG:
      case MYSQL_TYPE_YEAR:
        col.kind = Column::Kind::Int;
        col.is_unsigned = (f.flags & UNSIGNED_FLAG) != 0;
        b.buffer_type = MYSQL_TYPE_LONGLONG;
        b.buffer = &col.i;
        b.is_unsigned = col.is_unsigned ? 1 : 0;
        break;
      case MYSQL_TYPE_FLOAT:
        col.kind = Column::Kind::Float;
        b.buffer_type = MYSQL_TYPE_FLOAT;
        b.buffer = &col.f;
        break;
      case MYSQL_TYPE_DOUBLE:
        col.kind = Column::Kind::Double;
        b.buffer_type = MYSQL_TYPE_DOUBLE;
        b.buffer = &col.d;
        break;
      default: {
        const bool binary_type =
            f.type == MYSQL_TYPE_STRING || f.type == MYSQL_TYPE_VAR_STRING ||
            f.type == MYSQL_TYPE_VARCHAR || f.type == MYSQL_TYPE_BLOB ||
            f.type == MYSQL_TYPE_TINY_BLOB || f.type == MYSQL_TYPE_MEDIUM_BLOB ||
            f.type == MYSQL_TYPE_LONG_BLOB || f.type == MYSQL_TYPE_BIT ||
            f.type == MYSQL_TYPE_GEOMETRY;
        col.kind = (binary_type && f.charsetnr == 63) ? Column::Kind::Binary : Column::Kind::Text;
        col.buf.resize(f.max_length > 0 ? f.max_length : kTextBuffer);
        b.buffer_type = col.kind == Column::Kind::Binary ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
        b.buffer = col.buf.data();
        b.buffer_length = static_cast<unsigned long>(col.buf.size());
        break;
      }
    }
  }
  if (mysql_stmt_bind_result(st, binds_.data()) != 0) errors.raise_stmt(st, ctx);
}

RowReader::~RowReader() = default;
std::size_t RowReader::width() const { return cols_.size(); }

bool RowReader::next(Value* row) {
  const int rc = mysql_stmt_fetch(st_);
  if (rc == MYSQL_NO_DATA) return false;
  if (rc == 1) errors_.raise_stmt(st_, ctx_);
  const unsigned n = static_cast<unsigned>(cols_.size());
  const bool typed = types_.size() == n;
  for (unsigned c = 0; c < n; ++c) {
    Column& col = cols_[c];
    Value v;
    if (col.is_null) {
      row[c] = Value();
      continue;
    }
    switch (col.kind) {
      case Column::Kind::Int:
        v = col.is_unsigned ? Value(static_cast<std::uint64_t>(col.i)) : Value(col.i);
        break;
      case Column::Kind::Float:
        v = Value(static_cast<double>(col.f));
        break;
      case Column::Kind::Double:
        v = Value(col.d);
        break;
      case Column::Kind::Text:
      case Column::Kind::Binary: {
        const char* data = col.buf.data();
        std::vector<char> big;
        if (col.length > binds_[c].buffer_length) {
          // Longer than the buffer: read the whole value into a bigger one.
          big.resize(col.length);
          MYSQL_BIND again = binds_[c];
          unsigned long len = 0;
          again.buffer = big.data();
          again.buffer_length = col.length;
          again.length = &len;
          if (mysql_stmt_fetch_column(st_, &again, c, 0) != 0) errors_.raise_stmt(st_, ctx_);
          data = big.data();
        }
        if (col.kind == Column::Kind::Text) {
          v = Value(std::string(data, col.length));
        } else {
          const auto* p = reinterpret_cast<const std::uint8_t*>(data);
          v = Value(Bytes(p, p + col.length));
        }
        break;
      }
    }
    const db::Column* type = typed ? types_[c] : nullptr;  // null: as the database gives it
    if (type && type->list && v.is_string())  // JSON's text
      v = sql::decode_json_list(v.as_string(), type->type);
    else if (type)
      v = coerce_to(std::move(v), type->type);
    row[c] = std::move(v);
  }
  return true;
}

void read_results(MYSQL_STMT* st, std::vector<const db::Column*> types, const Context& ctx,
                  driver::Response& out, StatementErrors& errors, const driver::RawSql* raw,
                  const driver::RowSink* sink) {
  if (mysql_stmt_field_count(st) == 0) {
    my_ulonglong n = mysql_stmt_affected_rows(st);
    out.affected = n == static_cast<my_ulonglong>(-1) ? 0 : n;
    return;
  }
  if (mysql_stmt_store_result(st) != 0) errors.raise_stmt(st, ctx);
  struct FreeResult {
    MYSQL_STMT* st;
    ~FreeResult() { mysql_stmt_free_result(st); }
  } free_result{st};
  RowReader reader(st, std::move(types), ctx, errors, raw, &out.columns);
  const std::size_t n = reader.width();
  if (sink != nullptr) {
    // Straight to the caller's structs: one reused row buffer, no table of values.
    std::vector<Value> row(n);
    while (reader.next(row.data())) sink->row(sink->ctx, row.data());
    out.streamed = true;
    return;
  }
  out.rows.width = n;
  out.rows.cells.resize(static_cast<std::size_t>(mysql_stmt_num_rows(st)) * n);
  std::size_t r = 0;
  while (r < out.rows.size() && reader.next(out.rows.row(r))) ++r;
  out.rows.cells.resize(r * n);
  out.affected = r;
}

}  // namespace toasty::mysql::detail
