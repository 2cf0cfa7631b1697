// PostgreSQL driver on libpq.
//
// Design:
// - Parameters are sent in text format except bytes (binary format, no escaping); the
//   server infers each parameter's type from the statement, so text parameters fit any
//   column type. Results are requested in binary format and decoded per column OID, then
//   coerced to the column's ScalarType when the statement says which column it is (so a
//   u32 column stored as BIGINT comes back as an unsigned Value).
// - Each connection prepares every distinct SQL text once (`toasty_s1`, `toasty_s2`, ...)
//   and keeps up to kCacheCapacity of them (least recently used are DEALLOCATEd).
// - A connection that reported a connection-level failure is marked broken: its statement
//   cache is dropped (the server side is gone with the session), is_healthy() turns false
//   and every later exec() throws toasty::ConnectionError, so the pool discards it.
#include "toasty/driver/postgresql.hpp"

#include "core/text.hpp"
#include "driver/common/redact.hpp"

#include <libpq-fe.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "pg_internal.hpp"
#include "toasty/error.hpp"
#include "toasty/sql/serializer.hpp"

namespace toasty::postgresql {

namespace detail {

namespace {
constexpr std::string_view kExpectedForm =
    "expected postgresql://user:password@host:port/database?param=value (or postgres://...)";

}  // namespace

CheckedUrl validate_url(std::string_view url) {
  if (!text::starts_with_ci(url, "postgresql://") && !text::starts_with_ci(url, "postgres://")) {
    throw InvalidUrl("postgresql: invalid connection URL '" + redact_url(url) + "': " +
                     std::string(kExpectedForm));
  }
  // libpq only knows the lower-case scheme.
  std::string text(url);
  for (std::size_t i = 0; text[i] != ':'; ++i) {
    if (text[i] >= 'A' && text[i] <= 'Z') text[i] = static_cast<char>(text[i] - 'A' + 'a');
  }
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(text.c_str(), &err);
  if (opts == nullptr) {
    std::string why = err ? err : "out of memory";
    if (err) PQfreemem(err);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    throw InvalidUrl("postgresql: invalid connection URL '" + redact_url(url) + "' (" + why +
                     "): " + std::string(kExpectedForm));
  }
  std::string password, user;
  for (PQconninfoOption* o = opts; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    if (std::strcmp(o->keyword, "password") == 0) password = o->val;
    if (std::strcmp(o->keyword, "user") == 0) user = o->val;
  }
  PQconninfoFree(opts);
  return CheckedUrl{std::move(text), std::move(password), std::move(user)};
}

std::vector<std::string> parse_key_columns(std::string_view detail) {
  constexpr std::string_view kPrefix = "Key (";
  std::size_t start = detail.find(kPrefix);
  if (start == std::string_view::npos) return {};
  std::size_t pos = start + kPrefix.size();
  std::vector<std::string> columns;
  std::string current;
  bool quoted = false;
  while (pos < detail.size()) {
    char c = detail[pos];
    if (quoted) {
      if (c == '"') {
        if (pos + 1 < detail.size() && detail[pos + 1] == '"') {
          current += '"';
          pos += 2;
          continue;
        }
        quoted = false;
      } else {
        current += c;
      }
      ++pos;
      continue;
    }
    if (c == '"') {
      quoted = true;
      ++pos;
    } else if (c == ',' && pos + 1 < detail.size() && detail[pos + 1] == ' ') {
      columns.push_back(std::move(current));
      current.clear();
      pos += 2;
    } else if (c == ')' && detail.substr(pos, 3) == ")=(") {
      columns.push_back(std::move(current));
      return columns;
    } else {
      current += c;
      ++pos;
    }
  }
  return {};  // no `)=(`: not the shape we know
}

}  // namespace detail

namespace {

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kCharOid = 18;
constexpr Oid kNameOid = 19;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;
constexpr Oid kOidOid = 26;
constexpr Oid kJsonOid = 114;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kUnknownOid = 705;
constexpr Oid kBpcharOid = 1042;
constexpr Oid kVarcharOid = 1043;
constexpr Oid kUuidOid = 2950;

constexpr std::size_t kCacheCapacity = 256;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

void no_notices(void*, const char*) {}

// One line: libpq's messages end with a newline and wrap with "\n\t".
std::string trim(std::string s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::uint64_t read_be(const char* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

[[noreturn]] void bad_length(Oid oid, int len) {
  throw DatabaseError("postgresql: unexpected binary length " + std::to_string(len) +
                      " for type OID " + std::to_string(oid));
}

Value decode_binary(Oid oid, const char* p, int len) {
  auto need = [&](int n) {
    if (len != n) bad_length(oid, len);
  };
  switch (oid) {
    case kBoolOid:
      need(1);
      return Value(p[0] != 0);
    case kInt2Oid:
      need(2);
      return Value(static_cast<std::int64_t>(static_cast<std::int16_t>(read_be(p, 2))));
    case kInt4Oid:
      need(4);
      return Value(static_cast<std::int64_t>(static_cast<std::int32_t>(read_be(p, 4))));
    case kInt8Oid:
      need(8);
      return Value(static_cast<std::int64_t>(read_be(p, 8)));
    case kOidOid:
      need(4);
      return Value(static_cast<std::uint64_t>(read_be(p, 4)));
    case kFloat4Oid:
      need(4);
      return Value(static_cast<double>(
          std::bit_cast<float>(static_cast<std::uint32_t>(read_be(p, 4)))));
    case kFloat8Oid:
      need(8);
      return Value(std::bit_cast<double>(read_be(p, 8)));
    case kByteaOid: {
      const auto* b = reinterpret_cast<const std::uint8_t*>(p);
      return Value(Bytes(b, b + len));
    }
    case kUuidOid: {  // binary form: the 16 bytes
      need(16);
      Uuid::Bytes16 b{};
      for (std::size_t i = 0; i < 16; ++i) b[i] = static_cast<std::uint8_t>(p[i]);
      return Value(Uuid(b));
    }
    case kTextOid:
    case kVarcharOid:
    case kBpcharOid:
    case kNameOid:
    case kCharOid:
    case kUnknownOid:
    case kJsonOid:
      // The binary form of these types is their text.
      return Value(std::string(p, static_cast<std::size_t>(len)));
    default:
      throw DatabaseError("postgresql: cannot decode a result column of type OID " +
                          std::to_string(oid) + " (toasty reads bool, int2/4/8, float4/8, "
                          "text/varchar, bytea and uuid)");
  }
}

std::string format_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);  // shortest exact round trip
  return std::string(buf, r.ptr);
}

// Parameter arrays for PQexecPrepared. Strings and bytes point into the Values, which
// outlive the call.
struct Params {
  std::vector<std::string> text;  // owned text of numbers and bools
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;

  explicit Params(const sql::ParamList& params) {
    static const char kEmpty[1] = {0};
    const std::size_t n = params.size();
    text.resize(n);
    values.assign(n, nullptr);
    lengths.assign(n, 0);
    formats.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& s = params[i].storage();
      if (std::holds_alternative<std::monostate>(s)) {
        values[i] = nullptr;
      } else if (auto* b = std::get_if<bool>(&s)) {
        values[i] = *b ? "t" : "f";
      } else if (auto* i64 = std::get_if<std::int64_t>(&s)) {
        text[i] = std::to_string(*i64);
        values[i] = text[i].c_str();
      } else if (auto* u64 = std::get_if<std::uint64_t>(&s)) {
        if (*u64 > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          throw TypeConversion("PostgreSQL has no unsigned 64-bit type; value " +
                               std::to_string(*u64) + " does not fit BIGINT");
        }
        text[i] = std::to_string(*u64);
        values[i] = text[i].c_str();
      } else if (auto* d = std::get_if<double>(&s)) {
        text[i] = format_double(*d);
        values[i] = text[i].c_str();
      } else if (auto* str = std::get_if<std::string>(&s)) {
        if (str->find('\0') != std::string::npos) {
          throw TypeConversion("postgresql: text values cannot contain NUL characters");
        }
        values[i] = str->c_str();
      } else if (auto* bytes = std::get_if<Bytes>(&s)) {
        values[i] = bytes->empty() ? kEmpty : reinterpret_cast<const char*>(bytes->data());
        lengths[i] = static_cast<int>(bytes->size());
        formats[i] = 1;  // binary bytea: raw bytes
      } else if (auto* uuid = std::get_if<Uuid>(&s)) {
        // Text form, untyped: the server infers uuid from the column it meets.
        text[i] = uuid->to_string();
        values[i] = text[i].c_str();
      }
    }
  }
};

bool sqlstate_is(const char* state, std::string_view code) {
  return state != nullptr && code == state;
}

bool sqlstate_class(const char* state, std::string_view cls) {
  return state != nullptr && std::string_view(state).substr(0, 2) == cls;
}

class PgConnection final : public driver::Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {
    PQsetNoticeProcessor(conn_, no_notices, nullptr);
  }
  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  driver::Response exec(const driver::Operation& op) override {
    if (broken_) {
      throw ConnectionError("postgresql: the connection is broken (an earlier operation lost it)");
    }
    return std::visit([this](const auto& o) { return run(o); }, op);
  }

  // Cheap: no round trip. A connection whose server went away unnoticed (idle) is found
  // out by the next exec(), which throws ConnectionError and turns this false.
  bool is_healthy() override {
    return !broken_ && PQstatus(conn_) == CONNECTION_OK &&
           PQtransactionStatus(conn_) != PQTRANS_UNKNOWN;
  }

 private:
  // Key-value operations (Capability::key_value) are for key-value drivers.
  template <class KeyValueOperation>
  driver::Response run(const KeyValueOperation&) {
    throw UnsupportedQuery("postgresql: key-value operations are for key-value drivers");
  }
  driver::Response run(const driver::QuerySql& q) {
    if (q.statement == nullptr || q.schema == nullptr) {
      throw InvalidStatement("postgresql: QuerySql without statement or schema");
    }
    sql::Prepared s = sql::prepare(q, sql::Dialect::Postgresql);
    Params params(s.params);
    Result res = exec_prepared(s.sql(), params, q.schema);
    driver::Response out;
    decode(res.get(), sql::result_types(*q.statement, *q.schema), out);
    return out;
  }

  driver::Response run(const driver::Transaction& t) {
    const std::string sql = sql::transaction_sql(t, sql::Dialect::Postgresql);
    Result res = simple(sql.c_str(), nullptr);
    if (t.kind == driver::Transaction::Kind::Commit &&
        std::string_view(PQcmdStatus(res.get())) == "ROLLBACK") {
      // COMMIT of a transaction in which a statement failed ends it with a rollback.
      throw DatabaseError("postgresql: COMMIT rolled the transaction back because a statement "
                          "in it had failed");
    }
    return {};
  }

  driver::Response run(const driver::PushSchema& p) {
    if (p.schema == nullptr) throw InvalidStatement("postgresql: PushSchema without schema");
    std::vector<std::string> ddl;
    if (p.drop_existing) ddl = sql::drop_schema(*p.schema, sql::Dialect::Postgresql);
    for (auto& s : sql::create_schema(*p.schema, sql::Dialect::Postgresql)) {
      ddl.push_back(std::move(s));
    }
    // DDL is transactional in PostgreSQL: all tables or none. (Cached statements over
    // recreated tables are planned again by the server, or prepared again by
    // exec_prepared when their result type changed.)
    const bool own_tx = PQtransactionStatus(conn_) == PQTRANS_IDLE;
    if (own_tx) simple("BEGIN", nullptr);
    try {
      for (const auto& stmt : ddl) simple(stmt.c_str(), p.schema);
    } catch (...) {
      if (own_tx && !broken_) {
        Result r(PQexec(conn_, "ROLLBACK"));
      }
      throw;
    }
    if (own_tx) simple("COMMIT", nullptr);
    return {};
  }

  // A statement without parameters through the simple query protocol.
  Result simple(const char* sql, const db::Schema* schema) {
    Result res(PQexec(conn_, sql));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(res.get(), sql, schema);
    return res;
  }

  Result exec_prepared(const std::string& sql, const Params& params, const db::Schema* schema) {
    flush_deallocations();
    for (int attempt = 0;; ++attempt) {
      const std::string& name = prepare(sql, params, schema);
      Result res(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.values.size()),
                                params.values.data(), params.lengths.data(),
                                params.formats.data(), /*resultFormat=*/1));
      ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
      if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return res;

      const char* state = res ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
      // The server lost our statement (DISCARD ALL, a pooler), or a table changed shape
      // under a cached plan ("cached plan must not change result type"): forget it and,
      // outside a failed transaction, prepare again once.
      const char* primary = res ? PQresultErrorField(res.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
      const bool changed_shape = sqlstate_is(state, "0A000") && primary != nullptr &&
                                 std::strstr(primary, "cached plan") != nullptr;
      const bool stale = sqlstate_is(state, "26000") || changed_shape;
      if (stale && PQstatus(conn_) == CONNECTION_OK) {
        forget(sql, /*deallocate=*/changed_shape);
        if (attempt == 0 && PQtransactionStatus(conn_) == PQTRANS_IDLE) continue;
      }
      fail(res.get(), sql, schema);
    }
  }

  // The name of the prepared statement for `sql`, preparing it on first use.
  const std::string& prepare(const std::string& sql, const Params& params,
                             const db::Schema* schema) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.lru);
      return it->second.name;
    }
    std::string name = "toasty_s" + std::to_string(next_id_++);
    Result res(PQprepare(conn_, name.c_str(), sql.c_str(), static_cast<int>(params.values.size()),
                         nullptr));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) fail(res.get(), sql, schema);
    if (cache_.size() >= kCacheCapacity) evict_oldest();
    auto [pos, inserted] = cache_.emplace(sql, Entry{std::move(name), {}});
    (void)inserted;
    lru_.push_front(&pos->first);
    pos->second.lru = lru_.begin();
    return pos->second.name;
  }

  void evict_oldest() {
    const std::string* key = lru_.back();
    lru_.pop_back();
    auto it = cache_.find(*key);
    pending_deallocate_.push_back(std::move(it->second.name));
    cache_.erase(it);
  }

  void forget(const std::string& sql, bool deallocate) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) return;
    lru_.erase(it->second.lru);
    if (deallocate) pending_deallocate_.push_back(std::move(it->second.name));
    cache_.erase(it);
  }

  // DEALLOCATE evicted statements while the session can run commands.
  void flush_deallocations() {
    if (pending_deallocate_.empty()) return;
    PGTransactionStatusType ts = PQtransactionStatus(conn_);
    if (ts != PQTRANS_IDLE && ts != PQTRANS_INTRANS) return;
    while (!pending_deallocate_.empty()) {
      std::string sql = "DEALLOCATE " + pending_deallocate_.back();
      pending_deallocate_.pop_back();
      Result res(PQexec(conn_, sql.c_str()));
      ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
      if (st != PGRES_COMMAND_OK) {
        const char* state = res ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
        if (sqlstate_is(state, "26000")) {
          // Already gone; inside a transaction this failure aborted it, so report it.
          if (PQtransactionStatus(conn_) == PQTRANS_INERROR) fail(res.get(), sql, nullptr);
          continue;
        }
        fail(res.get(), sql, nullptr);
      }
    }
  }

  void decode(PGresult* res, const std::vector<ScalarType>& types, driver::Response& out) {
    const char* tuples = PQcmdTuples(res);
    if (tuples != nullptr && *tuples != '\0') {
      std::uint64_t n = 0;
      std::from_chars(tuples, tuples + std::strlen(tuples), n);
      out.affected = n;
    }
    if (PQresultStatus(res) != PGRES_TUPLES_OK) return;
    const int ncols = PQnfields(res);
    const int nrows = PQntuples(res);
    out.rows.width = static_cast<std::size_t>(ncols);
    out.rows.cells.reserve(static_cast<std::size_t>(ncols) * static_cast<std::size_t>(nrows));
    const bool typed = types.size() == static_cast<std::size_t>(ncols);
    std::vector<Oid> oids(static_cast<std::size_t>(ncols));
    for (int c = 0; c < ncols; ++c) oids[static_cast<std::size_t>(c)] = PQftype(res, c);
    for (int r = 0; r < nrows; ++r) {
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res, r, c)) {
          out.rows.cells.emplace_back();
          continue;
        }
        const auto uc = static_cast<std::size_t>(c);
        Value v = decode_binary(oids[uc], PQgetvalue(res, r, c), PQgetlength(res, r, c));
        if (typed) v = coerce_to(std::move(v), types[uc]);
        out.rows.cells.push_back(std::move(v));
      }
    }
  }

  void mark_broken() {
    broken_ = true;
    cache_.clear();
    lru_.clear();
    pending_deallocate_.clear();
  }

  [[noreturn]] void fail(const PGresult* res, std::string_view sql, const db::Schema* schema) {
    // Server messages never echo the password, so they are reported as they are.
    std::string msg;
    if (const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr) {
      msg = primary;
      if (const char* d = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL)) {
        msg += std::string(" (") + d + ")";
      }
      if (const char* h = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT)) {
        msg += std::string(" hint: ") + h;
      }
    } else {
      msg = trim(res ? PQresultErrorMessage(res) : "");
      if (msg.empty()) msg = trim(PQerrorMessage(conn_));
    }
    if (msg.empty()) msg = "unknown error";
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;

    if (PQstatus(conn_) == CONNECTION_BAD || sqlstate_class(state, "08") ||
        sqlstate_is(state, "57P01") || sqlstate_is(state, "57P02") ||
        sqlstate_is(state, "57P03")) {
      mark_broken();
      throw ConnectionError("postgresql: connection lost: " + msg);
    }
    if (sqlstate_is(state, "23505")) throw_unique(res, msg, schema);
    if (sqlstate_class(state, "23")) throw ConstraintViolation("postgresql: " + msg);
    if (sqlstate_is(state, "22003") || sqlstate_is(state, "22P02")) {
      throw TypeConversion("postgresql: " + msg);
    }
    std::string text = "postgresql: " + msg;
    if (state != nullptr) text += std::string(" [SQLSTATE ") + state + "]";
    if (!sql.empty()) text += " while running: " + sql::excerpt(sql);
    throw DatabaseError(text);
  }

  [[noreturn]] void throw_unique(const PGresult* res, const std::string& msg,
                                 const db::Schema* schema) {
    auto field = [&](int code) {
      const char* v = PQresultErrorField(res, code);
      return std::string(v ? v : "");
    };
    std::string table = field(PG_DIAG_TABLE_NAME);
    std::string constraint = field(PG_DIAG_CONSTRAINT_NAME);
    std::string detail = field(PG_DIAG_MESSAGE_DETAIL);
    std::vector<std::string> columns = detail::parse_key_columns(detail);
    if (columns.empty() && schema != nullptr) columns = columns_of(*schema, table, constraint);
    throw DbUniqueViolation(std::move(table), std::move(columns), std::move(constraint),
                            "postgresql: " + msg);
  }

  // Columns of a unique index (or the primary key, `<table>_pkey`) named by the server.
  static std::vector<std::string> columns_of(const db::Schema& schema, const std::string& table,
                                             const std::string& constraint) {
    for (const auto& t : schema.tables) {
      if (t.name != table) continue;
      auto names = [&](const std::vector<std::size_t>& cols) {
        std::vector<std::string> out;
        for (std::size_t c : cols) {
          if (c < t.columns.size()) out.push_back(t.columns[c].name);
        }
        return out;
      };
      for (const auto& idx : t.indexes) {
        if (idx.name == constraint) return names(idx.columns);
      }
      if (constraint == t.name + "_pkey") return names(t.primary_key);
    }
    return {};
  }

  struct Entry {
    std::string name;
    std::list<const std::string*>::iterator lru;
  };

  PGconn* conn_;
  bool broken_ = false;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::string, Entry> cache_;  // SQL text → prepared statement
  std::list<const std::string*> lru_;              // keys of cache_, most recent first
  std::vector<std::string> pending_deallocate_;
};

class PgDriver final : public driver::Driver {
 public:
  explicit PgDriver(detail::CheckedUrl checked)
      : url_(std::move(checked.url)),
        redacted_(detail::redact_url(url_)),
        password_(std::move(checked.password)),
        user_(std::move(checked.user)) {
    capability_.storage = driver::Capability::Storage::Sql;
    capability_.display_name = "PostgreSQL";
    capability_.max_params = 65535;  // parameters per statement (the protocol counts in 16 bits)
    capability_.returning_from_insert = true;
    capability_.returning_from_update = true;
    capability_.full_u64 = false;
    capability_.transactions = true;
  }

  const driver::Capability& capability() const override { return capability_; }
  std::string_view name() const override { return "postgresql"; }

  std::unique_ptr<driver::Connection> connect() override {
    // Values before `dbname` are defaults the URL may override (libpq: the last one wins).
    const char* keys[] = {"client_encoding", "connect_timeout", "fallback_application_name",
                          "dbname", nullptr};
    const char* vals[] = {"UTF8", "10", "toasty", url_.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keys, vals, /*expand_dbname=*/1);
    if (conn == nullptr) {
      throw ConnectionError("postgresql: cannot connect to " + redacted_ + ": out of memory");
    }
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string msg = driver_common::redact_secret(trim(PQerrorMessage(conn)), password_, user_);
      PQfinish(conn);
      throw ConnectionError("postgresql: cannot connect to " + redacted_ + ": " + msg);
    }
    return std::make_unique<PgConnection>(conn);
  }

 private:
  std::string url_;
  std::string redacted_;
  std::string password_;
  std::string user_;
  driver::Capability capability_;
};

}  // namespace

std::unique_ptr<driver::Driver> open(std::string_view url) {
  return std::make_unique<PgDriver>(detail::validate_url(url));
}

}  // namespace toasty::postgresql
