// MySQL / MariaDB driver on MariaDB Connector/C.
//
// Design:
// - Server-side prepared statements (mysql_stmt_*), one per distinct SQL text per
//   connection, kept in an LRU cache of kCacheCapacity (evicted ones are closed).
// - Parameters are bound from Values: integers as MYSQL_TYPE_LONGLONG (is_unsigned for
//   u64, so BIGINT UNSIGNED keeps the full range), doubles, strings, blobs, NULL.
// - Results are buffered client-side (mysql_stmt_store_result with
//   STMT_ATTR_UPDATE_MAX_LENGTH, so variable-length buffers are sized exactly; a column
//   longer than its buffer is re-read with mysql_stmt_fetch_column). Values are decoded by
//   the column's MySQL type and then coerced to the schema's ScalarType when the statement
//   names the columns (TINYINT(1) → bool, BIGINT → unsigned for u-types, ...).
// - Library initialisation runs once (std::call_once(mysql_library_init)), before the first
//   mysql_init. Connector/C 3.x needs no per-thread set-up: mysql_thread_init/end are
//   no-ops there (the symbols in libmariadb.so.3 just return). A connection is used by one
//   thread at a time (the pool guarantees it).
// - is_healthy() does no round trip (mysql_ping would be one): it returns false once an
//   operation reported a connection-level failure (server gone, lost connection, killed).
//   A connection that died while idle is found out by its next exec(), which throws
//   toasty::ConnectionError; the pool then discards it.
#include "toasty/driver/mysql.hpp"

#include <mysql.h>

#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "core/text.hpp"
#include "driver/common/redact.hpp"
#include "my_internal.hpp"
#include "toasty/error.hpp"
#include "toasty/sql/serializer.hpp"

namespace toasty::mysql {

namespace detail {

namespace {

constexpr std::string_view kExpectedForm =
    "expected mysql://user:password@host:port/database (or mariadb://...)";

[[noreturn]] void invalid(std::string_view url, const std::string& why) {
  throw InvalidUrl("mysql: invalid connection URL '" + redact_url(url) + "': " + why + "; " +
                   std::string(kExpectedForm));
}

std::string percent_decode(std::string_view url, std::string_view s, const char* what) {
  auto out = text::percent_decode(s);
  if (!out) invalid(url, std::string("bad percent-encoding in the ") + what);
  return std::move(*out);
}

unsigned parse_number(std::string_view url, std::string_view s, unsigned max, const char* what) {
  const std::string bad = std::string("bad ") + what + " '" + std::string(s) + "'";
  if (s.empty() || s.size() > 9) invalid(url, bad);
  unsigned v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') invalid(url, bad);
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v == 0 || v > max) invalid(url, std::string(what) + " out of range: " + std::string(s));
  return v;
}

}  // namespace

Url parse_url(std::string_view url) {
  std::string_view rest;
  if (text::starts_with_ci(url, "mysql://")) {
    rest = url.substr(8);
  } else if (text::starts_with_ci(url, "mariadb://")) {
    rest = url.substr(10);
  } else {
    invalid(url, "the scheme must be mysql:// or mariadb://");
  }
  if (std::size_t hash = rest.find('#'); hash != std::string_view::npos) {
    rest = rest.substr(0, hash);
  }
  Url out;
  std::size_t auth_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view path, query;
  if (auth_end != std::string_view::npos) {
    std::string_view tail = rest.substr(auth_end);
    std::size_t q = tail.find('?');
    if (q != std::string_view::npos) {
      query = tail.substr(q + 1);
      tail = tail.substr(0, q);
    }
    if (!tail.empty()) path = tail.substr(1);  // drop the '/'
  }

  std::string_view hostport = authority;
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    hostport = authority.substr(at + 1);
    std::size_t colon = userinfo.find(':');
    out.user = percent_decode(url, userinfo.substr(0, colon), "user name");
    if (colon != std::string_view::npos) {
      out.password = percent_decode(url, userinfo.substr(colon + 1), "password");
    }
  }
  std::string_view host = hostport, port;
  if (!hostport.empty() && hostport.front() == '[') {  // [IPv6]:port
    std::size_t close = hostport.find(']');
    if (close == std::string_view::npos) invalid(url, "unterminated '[' in the host");
    host = hostport.substr(1, close - 1);
    std::string_view after = hostport.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') invalid(url, "unexpected text after ']'");
      port = after.substr(1);
      if (port.empty()) invalid(url, "empty port");
    }
  } else if (std::size_t colon = hostport.find(':'); colon != std::string_view::npos) {
    host = hostport.substr(0, colon);
    port = hostport.substr(colon + 1);
    if (port.empty()) invalid(url, "empty port");
  }
  if (!host.empty()) out.host = percent_decode(url, host, "host");
  if (!port.empty()) out.port = parse_number(url, port, 65535, "port");

  out.database = percent_decode(url, path, "database name");
  if (out.database.find('/') != std::string::npos) {
    invalid(url, "the path must be a single database name");
  }

  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      invalid(url, "parameter '" + std::string(pair) + "' has no value");
    }
    std::string key = text::ascii_lower(percent_decode(url, pair.substr(0, eq), "parameter"));
    std::string value = percent_decode(url, pair.substr(eq + 1), "parameter");
    if (key == "ssl-mode" || key == "sslmode" || key == "ssl_mode") {
      std::string v = text::ascii_lower(value);
      for (char& c : v) {
        if (c == '-') c = '_';
      }
      if (v == "disabled" || v == "disable") {
        out.ssl = SslMode::Disabled;
      } else if (v == "preferred" || v == "prefer") {
        out.ssl = SslMode::Preferred;
      } else if (v == "required" || v == "require") {
        out.ssl = SslMode::Required;
      } else if (v == "verify_identity" || v == "verify_full" || v == "verify_ca") {
        out.ssl = SslMode::VerifyIdentity;
      } else {
        invalid(url, "unknown ssl-mode '" + value +
                         "' (disabled, preferred, required or verify_identity)");
      }
    } else if (key == "connect_timeout" || key == "connect-timeout") {
      out.connect_timeout = parse_number(url, value, 86400, "connect_timeout");
    } else if (key == "socket") {
      out.socket = value;
    } else {
      invalid(url, "unknown parameter '" + key + "' (known: ssl-mode, connect_timeout, socket)");
    }
  }
  return out;
}

std::string duplicate_key_name(std::string_view message) {
  constexpr std::string_view kMarker = " for key '";
  std::size_t pos = message.rfind(kMarker);
  if (pos == std::string_view::npos) return {};
  std::size_t begin = pos + kMarker.size();
  std::size_t end = message.rfind('\'');
  if (end == std::string_view::npos || end < begin) return {};
  return std::string(message.substr(begin, end - begin));
}

}  // namespace detail

namespace {

constexpr std::size_t kCacheCapacity = 256;

std::once_flag g_library_once;
bool g_library_ok = false;

void init_library() {
  std::call_once(g_library_once,
                 [] { g_library_ok = mysql_library_init(0, nullptr, nullptr) == 0; });
  if (!g_library_ok) throw ConnectionError("mysql: mysql_library_init failed");
}

// Errors after which the connection cannot be used any more.
bool is_connection_error(unsigned err) {
  switch (err) {
    case 1053:  // ER_SERVER_SHUTDOWN
    case 1927:  // ER_CONNECTION_KILLED (MariaDB)
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 2014:  // CR_COMMANDS_OUT_OF_SYNC: protocol state unknown
    case 2026:  // CR_SSL_CONNECTION_ERROR
    case 2055:  // CR_SERVER_LOST_EXTENDED
    case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT
      return true;
    default:
      return false;
  }
}

bool is_constraint_error(unsigned err) {
  switch (err) {
    case 1048:  // ER_BAD_NULL_ERROR: Column cannot be null
    case 1364:  // ER_NO_DEFAULT_FOR_FIELD
    case 1216:  // ER_NO_REFERENCED_ROW
    case 1217:  // ER_ROW_IS_REFERENCED
    case 1451:  // ER_ROW_IS_REFERENCED_2
    case 1452:  // ER_NO_REFERENCED_ROW_2
    case 1557:  // ER_FOREIGN_DUPLICATE_KEY
    case 3819:  // ER_CHECK_CONSTRAINT_VIOLATED (MySQL 8)
    case 4025:  // ER_CONSTRAINT_FAILED (MariaDB CHECK)
      return true;
    default:
      return false;
  }
}

bool is_conversion_error(unsigned err) {
  switch (err) {
    case 1264:  // ER_WARN_DATA_OUT_OF_RANGE
    case 1366:  // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
    case 1406:  // ER_DATA_TOO_LONG
    case 1292:  // ER_TRUNCATED_WRONG_VALUE
      return true;
    default:
      return false;
  }
}

// The target table of a statement (for error messages and unique violations).
std::size_t target_of(const stmt::Statement& statement) {
  return std::visit([](const auto& s) { return s.target; }, statement);
}

// Parameter binds for mysql_stmt_bind_param. Strings and bytes point into the Values,
// which outlive the execution.
struct ParamBinds {
  std::vector<MYSQL_BIND> binds;
  std::vector<std::int64_t> ints;
  std::vector<double> doubles;
  std::vector<signed char> bools;
  std::vector<unsigned long> lengths;
  std::vector<std::string> uuids;  // canonical text of Uuid parameters

  explicit ParamBinds(const sql::ParamList& params) {
    static char empty[1] = {0};
    const std::size_t n = params.size();
    binds.resize(n);  // value-initialised: all zero
    ints.assign(n, 0);
    doubles.assign(n, 0);
    bools.assign(n, 0);
    lengths.assign(n, 0);
    uuids.resize(n);
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
        lengths[i] = static_cast<unsigned long>(str->size());
        b.buffer_type = MYSQL_TYPE_STRING;
        b.buffer = str->empty() ? empty : const_cast<char*>(str->data());
        b.buffer_length = lengths[i];
        b.length = &lengths[i];
      } else if (auto* uuid = std::get_if<Uuid>(&s)) {
        uuids[i] = uuid->to_string();  // CHAR(36)
        lengths[i] = static_cast<unsigned long>(uuids[i].size());
        b.buffer_type = MYSQL_TYPE_STRING;
        b.buffer = uuids[i].data();
        b.buffer_length = lengths[i];
        b.length = &lengths[i];
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
};

// One result column's fetch buffer.
struct Column {
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

struct ResDeleter {
  void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
};

struct Context {
  std::string_view sql;
  const db::Schema* schema = nullptr;
  const stmt::Statement* statement = nullptr;
};

class MyConnection final : public driver::Connection {
 public:
  explicit MyConnection(MYSQL* conn) : conn_(conn) {}
  ~MyConnection() override {
    close_statements();
    mysql_close(conn_);
  }
  MyConnection(const MyConnection&) = delete;
  MyConnection& operator=(const MyConnection&) = delete;

  driver::Response exec(const driver::Operation& op) override {
    if (broken_) {
      close_statements();  // their server side is gone with the session
      throw ConnectionError("mysql: the connection is broken (an earlier operation lost it)");
    }
    return std::visit([this](const auto& o) { return run(o); }, op);
  }

  // No round trip (see the file comment): false once an operation lost the connection.
  bool is_healthy() override { return !broken_; }

  // Runs a statement without parameters or results over the text protocol.
  void query(std::string_view sql, const Context& ctx) {
    if (mysql_real_query(conn_, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
      raise(mysql_errno(conn_), mysql_error(conn_), ctx);
    }
    // Statements such as SET or DDL return no rows; drain anything unexpected.
    if (MYSQL_RES* r = mysql_store_result(conn_)) mysql_free_result(r);
  }

 private:
  // Key-value operations (Capability::key_value) are for key-value drivers.
  template <class KeyValueOperation>
  driver::Response run(const KeyValueOperation&) {
    throw UnsupportedQuery("mysql: key-value operations are for key-value drivers");
  }
  driver::Response run(const driver::QuerySql& q) {
    if (q.statement == nullptr || q.schema == nullptr) {
      throw InvalidStatement("mysql: QuerySql without statement or schema");
    }
    sql::Prepared s = sql::prepare(q, sql::Dialect::Mysql);
    Context ctx{s.sql(), q.schema, q.statement};
    ParamBinds params(s.params);
    driver::Response out;
    for (int attempt = 0;; ++attempt) {
      MYSQL_STMT* st = prepare(s.sql(), ctx);
      if (mysql_stmt_param_count(st) != s.params.size()) {
        throw InvalidStatement("mysql: statement has " +
                               std::to_string(mysql_stmt_param_count(st)) + " placeholders but " +
                               std::to_string(s.params.size()) + " values: " + sql::excerpt(s.sql()));
      }
      if (!params.binds.empty() && mysql_stmt_bind_param(st, params.binds.data()) != 0) {
        raise_stmt(st, ctx);
      }
      if (mysql_stmt_execute(st) != 0) {
        unsigned err = mysql_stmt_errno(st);
        // The server lost or must re-prepare the statement: prepare it again once.
        if ((err == 1615 /* ER_NEED_REPREPARE */ || err == 1243 /* ER_UNKNOWN_STMT_HANDLER */) &&
            attempt == 0) {
          forget(s.sql());
          continue;
        }
        raise_stmt(st, ctx);
      }
      read_results(st, sql::result_types(*q.statement, *q.schema), ctx, out);
      if (std::holds_alternative<stmt::Insert>(*q.statement)) {
        if (std::uint64_t id = mysql_stmt_insert_id(st); id != 0) out.last_insert_id = id;
      }
      return out;
    }
  }

  driver::Response run(const driver::Transaction& t) {
    const std::string sql = sql::transaction_sql(t, sql::Dialect::Mysql);
    query(sql, Context{sql});
    return {};
  }

  driver::Response run(const driver::PushSchema& p) {
    if (p.schema == nullptr) throw InvalidStatement("mysql: PushSchema without schema");
    // MySQL DDL commits implicitly; statements run one by one. (Cached statements over
    // recreated tables are re-prepared by the server, or by run() on ER_NEED_REPREPARE.)
    std::vector<std::string> ddl;
    if (p.drop_existing) ddl = sql::drop_schema(*p.schema, sql::Dialect::Mysql);
    for (auto& s : sql::create_schema(*p.schema, sql::Dialect::Mysql)) ddl.push_back(std::move(s));
    for (const auto& text : ddl) query(text, Context{text, p.schema});
    return {};
  }

  MYSQL_STMT* prepare(const std::string& sql, const Context& ctx) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.lru);
      return it->second.stmt;
    }
    MYSQL_STMT* st = mysql_stmt_init(conn_);
    if (st == nullptr) raise(mysql_errno(conn_), mysql_error(conn_), ctx);
    my_bool update_max_length = 1;
    mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &update_max_length);
    if (mysql_stmt_prepare(st, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
      unsigned err = mysql_stmt_errno(st);
      std::string msg = mysql_stmt_error(st);
      mysql_stmt_close(st);
      raise(err, msg, ctx);
    }
    if (cache_.size() >= kCacheCapacity) {
      auto old = cache_.find(*lru_.back());
      lru_.pop_back();
      mysql_stmt_close(old->second.stmt);
      cache_.erase(old);
    }
    auto [pos, inserted] = cache_.emplace(sql, Entry{st, {}});
    (void)inserted;
    lru_.push_front(&pos->first);
    pos->second.lru = lru_.begin();
    return st;
  }

  void forget(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) return;
    lru_.erase(it->second.lru);
    mysql_stmt_close(it->second.stmt);
    cache_.erase(it);
  }

  void close_statements() {
    for (auto& [sql, entry] : cache_) mysql_stmt_close(entry.stmt);
    cache_.clear();
    lru_.clear();
  }

  void read_results(MYSQL_STMT* st, const std::vector<ScalarType>& types, const Context& ctx,
                    driver::Response& out) {
    if (mysql_stmt_field_count(st) == 0) {
      my_ulonglong n = mysql_stmt_affected_rows(st);
      out.affected = n == static_cast<my_ulonglong>(-1) ? 0 : n;
      return;
    }
    if (mysql_stmt_store_result(st) != 0) raise_stmt(st, ctx);
    struct FreeResult {
      MYSQL_STMT* st;
      ~FreeResult() { mysql_stmt_free_result(st); }
    } free_result{st};

    // After store_result, so max_length is known.
    std::unique_ptr<MYSQL_RES, ResDeleter> meta(mysql_stmt_result_metadata(st));
    if (!meta) raise_stmt(st, ctx);
    const unsigned n = mysql_num_fields(meta.get());
    MYSQL_FIELD* fields = mysql_fetch_fields(meta.get());
    std::vector<Column> cols(n);
    std::vector<MYSQL_BIND> binds(n);  // value-initialised: all zero
    for (unsigned c = 0; c < n; ++c) {
      Column& col = cols[c];
      MYSQL_BIND& b = binds[c];
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
          col.buf.resize(f.max_length > 0 ? f.max_length : 1);
          b.buffer_type = col.kind == Column::Kind::Binary ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
          b.buffer = col.buf.data();
          b.buffer_length = static_cast<unsigned long>(col.buf.size());
          break;
        }
      }
    }
    if (mysql_stmt_bind_result(st, binds.data()) != 0) raise_stmt(st, ctx);

    out.rows.width = n;
    out.rows.cells.reserve(static_cast<std::size_t>(mysql_stmt_num_rows(st)) * n);
    const bool typed = types.size() == n;
    for (;;) {
      int rc = mysql_stmt_fetch(st);
      if (rc == MYSQL_NO_DATA) break;
      if (rc == 1) raise_stmt(st, ctx);
      for (unsigned c = 0; c < n; ++c) {
        Column& col = cols[c];
        Value v;
        if (col.is_null) {
          out.rows.cells.emplace_back();
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
            if (col.length > binds[c].buffer_length) {
              // Longer than the buffer: read the whole value into a bigger one.
              big.resize(col.length);
              MYSQL_BIND again = binds[c];
              unsigned long len = 0;
              again.buffer = big.data();
              again.buffer_length = col.length;
              again.length = &len;
              if (mysql_stmt_fetch_column(st, &again, c, 0) != 0) raise_stmt(st, ctx);
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
        if (typed) v = coerce_to(std::move(v), types[c]);
        out.rows.cells.push_back(std::move(v));
      }
    }
    out.affected = out.rows.size();
  }

  [[noreturn]] void raise_stmt(MYSQL_STMT* st, const Context& ctx) {
    unsigned err = mysql_stmt_errno(st);
    if (err == 0) raise(mysql_errno(conn_), mysql_error(conn_), ctx);
    raise(err, mysql_stmt_error(st), ctx);
  }

  // Server messages never echo the password, so they are reported as they are.
  [[noreturn]] void raise(unsigned err, std::string msg, const Context& ctx) {
    if (msg.empty()) msg = "unknown error";
    if (is_connection_error(err)) {
      // The statements are closed by the next exec() or the destructor, not here: the one
      // that failed may still be in use further up the stack.
      broken_ = true;
      throw ConnectionError("mysql: connection lost: " + msg + " (error " + std::to_string(err) +
                            ")");
    }
    if (err == 1062 || err == 1586) throw_unique(msg, ctx);
    if (is_constraint_error(err)) throw ConstraintViolation("mysql: " + msg);
    if (is_conversion_error(err)) throw TypeConversion("mysql: " + msg);
    std::string text = "mysql: " + msg + " (error " + std::to_string(err) + ")";
    if (!ctx.sql.empty()) text += " while running: " + sql::excerpt(ctx.sql);
    throw DatabaseError(text);
  }

  // "Duplicate entry 'x' for key 'idx'" (MariaDB) or "... for key 'table.idx'" (MySQL 8).
  [[noreturn]] void throw_unique(const std::string& msg, const Context& ctx) {
    std::string key = detail::duplicate_key_name(msg);
    std::string table_name;
    const db::Table* table = nullptr;
    if (ctx.schema != nullptr && ctx.statement != nullptr) {
      std::size_t target = target_of(*ctx.statement);
      if (target < ctx.schema->tables.size()) table = &ctx.schema->tables[target];
    }
    if (table != nullptr) {
      table_name = table->name;
      const std::string prefix = table->name + ".";
      if (key.compare(0, prefix.size(), prefix) == 0) key.erase(0, prefix.size());
    } else if (std::size_t dot = key.find('.'); dot != std::string::npos) {
      table_name = key.substr(0, dot);
      key.erase(0, dot + 1);
    }
    std::vector<std::string> columns;
    if (table != nullptr) {
      auto names = [&](const std::vector<std::size_t>& positions) {
        for (std::size_t c : positions) {
          if (c < table->columns.size()) columns.push_back(table->columns[c].name);
        }
      };
      if (key == "PRIMARY") {
        names(table->primary_key);
      } else {
        for (const auto& idx : table->indexes) {
          if (idx.name == key) names(idx.columns);
        }
      }
    }
    throw DbUniqueViolation(std::move(table_name), std::move(columns), std::move(key),
                            "mysql: " + msg);
  }

  struct Entry {
    MYSQL_STMT* stmt;
    std::list<const std::string*>::iterator lru;
  };

  MYSQL* conn_;
  bool broken_ = false;
  std::unordered_map<std::string, Entry> cache_;  // SQL text → prepared statement
  std::list<const std::string*> lru_;              // keys of cache_, most recent first
};

class MyDriver final : public driver::Driver {
 public:
  MyDriver(detail::Url url, std::string redacted)
      : url_(std::move(url)), redacted_(std::move(redacted)) {
    capability_.storage = driver::Capability::Storage::Sql;
    capability_.display_name = "MySQL";
    capability_.max_params = 65535;  // placeholders per prepared statement
    capability_.returning_from_insert = true;
    capability_.returning_from_update = false;
    capability_.insert_id_without_returning = true;  // mysql_stmt_insert_id
    capability_.full_u64 = true;
    capability_.transactions = true;
  }

  const driver::Capability& capability() const override { return capability_; }
  std::string_view name() const override { return "mysql"; }

  std::unique_ptr<driver::Connection> connect() override {
    init_library();
    MYSQL* m = mysql_init(nullptr);
    if (m == nullptr) throw ConnectionError("mysql: out of memory");
    mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    unsigned timeout = url_.connect_timeout;
    mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    my_bool off = 0, on = 1;
    mysql_options(m, MYSQL_OPT_RECONNECT, &off);  // a silent reconnect loses session state
    mysql_options(m, MYSQL_REPORT_DATA_TRUNCATION, &on);
    if (url_.socket.empty()) {
      // libmariadb takes host `localhost` to mean the unix socket; toasty means TCP.
      unsigned protocol = MYSQL_PROTOCOL_TCP;
      mysql_options(m, MYSQL_OPT_PROTOCOL, &protocol);
    }
    switch (url_.ssl) {
      case detail::SslMode::Disabled:
        mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &off);
        break;
      case detail::SslMode::Required:
        mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &on);
        break;
      case detail::SslMode::VerifyIdentity:
        mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &on);
        mysql_options(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on);
        break;
      case detail::SslMode::Default:
      case detail::SslMode::Preferred:
        break;  // the library's default
    }
    const char* host = url_.socket.empty() && url_.host == "localhost" ? "127.0.0.1"
                                                                       : url_.host.c_str();
    if (mysql_real_connect(m, host, url_.user.empty() ? nullptr : url_.user.c_str(),
                           url_.password.c_str(),
                           url_.database.empty() ? nullptr : url_.database.c_str(), url_.port,
                           url_.socket.empty() ? nullptr : url_.socket.c_str(),
                           CLIENT_FOUND_ROWS) == nullptr) {
      std::string msg = driver_common::redact_secret(mysql_error(m), url_.password, url_.user);
      unsigned err = mysql_errno(m);
      mysql_close(m);
      throw ConnectionError("mysql: cannot connect to " + redacted_ + ": " + msg + " (error " +
                            std::to_string(err) + ")");
    }
    auto conn = std::make_unique<MyConnection>(m);
    // Strict mode: out-of-range values and missing NOT NULL values are errors, never
    // silently clamped or defaulted (for non-transactional tables too).
    conn->query("SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), "
                "'STRICT_ALL_TABLES')",
                Context{});
    return conn;
  }

 private:
  detail::Url url_;
  std::string redacted_;
  driver::Capability capability_;
};

}  // namespace

std::unique_ptr<driver::Driver> open(std::string_view url) {
  detail::Url parsed = detail::parse_url(url);
  return std::make_unique<MyDriver>(std::move(parsed), detail::redact_url(url));
}

}  // namespace toasty::mysql
