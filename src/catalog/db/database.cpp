#include "catalog/db/database.h"

#include <charconv>
#include <chrono>

#include "catalog/db/backends.h"

namespace coffer::catalog::db {

namespace {
std::string null_message(size_t col) { return "column " + std::to_string(col) + " is NULL"; }
}  // namespace

const Value& Row::value(size_t col) const {
  if (col >= values_.size())
    throw DatabaseError("read row", "column " + std::to_string(col) + " out of range (" +
                                        std::to_string(values_.size()) + " columns)");
  return values_[col];
}

bool Row::is_null(size_t col) const { return value(col).is_null(); }

std::int64_t Row::i64(size_t col) const {
  const Value& v = value(col);
  switch (v.type()) {
    case Value::Type::integer: return v.integer();
    case Value::Type::real: return static_cast<std::int64_t>(v.real());
    case Value::Type::text: {
      const std::string& t = v.text();
      if (t == "t" || t == "true") return 1;
      if (t == "f" || t == "false") return 0;
      std::int64_t out = 0;
      auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
      if (ec == std::errc() && p == t.data() + t.size()) return out;
      throw DatabaseError("read row", "column " + std::to_string(col) + " is not an integer");
    }
    default: throw DatabaseError("read row", null_message(col));
  }
}

double Row::f64(size_t col) const {
  const Value& v = value(col);
  switch (v.type()) {
    case Value::Type::real: return v.real();
    case Value::Type::integer: return static_cast<double>(v.integer());
    case Value::Type::text:
      try {
        return std::stod(v.text());
      } catch (const std::exception&) {
        throw DatabaseError("read row", "column " + std::to_string(col) + " is not a number");
      }
    default: throw DatabaseError("read row", null_message(col));
  }
}

std::string Row::text(size_t col) const {
  const Value& v = value(col);
  switch (v.type()) {
    case Value::Type::text: return v.text();
    case Value::Type::integer: return std::to_string(v.integer());
    case Value::Type::real: return std::to_string(v.real());
    default: throw DatabaseError("read row", null_message(col));
  }
}

std::optional<std::int64_t> Row::opt_i64(size_t col) const {
  if (is_null(col)) return std::nullopt;
  return i64(col);
}

std::optional<std::string> Row::opt_text(size_t col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

DatabaseError::DatabaseError(const std::string& operation, const std::string& message, bool transient)
    : std::runtime_error(operation + ": " + message), operation_(operation), detail_(message), transient_(transient) {}

ConstraintError::ConstraintError(const std::string& operation, const std::string& message, Kind kind,
                                 std::string table, std::vector<std::string> columns, std::string constraint)
    : DatabaseError(operation, message),
      kind_(kind),
      table_(std::move(table)),
      columns_(std::move(columns)),
      constraint_(std::move(constraint)) {}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string redact_url(std::string_view url) {
  std::string out(url);
  // userinfo: scheme://user:password@host
  auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t end = out.find_first_of("/?#", start);
    if (end == std::string::npos) end = out.size();
    size_t at = out.rfind('@', end);
    if (at != std::string::npos && at >= start) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=... in a query string or a key/value connection string
  for (size_t pos = 0; (pos = out.find("password=", pos)) != std::string::npos;) {
    if (pos > 0 && out[pos - 1] != '?' && out[pos - 1] != '&' && out[pos - 1] != ' ') {
      pos += 9;
      continue;
    }
    size_t start = pos + 9;
    size_t end = out.find_first_of("& ", start);
    if (end == std::string::npos) end = out.size();
    out.replace(start, end - start, "***");
    pos = start + 3;
  }
  return out;
}

std::unique_ptr<Database> open_database(const std::string& url, const OpenOptions& options) {
  std::string display = redact_url(url);
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0)
    return detail::open_postgres(url, display, options);
  std::string path = url;
  if (url.rfind("sqlite://", 0) == 0)
    path = url.substr(9);  // sqlite:///abs -> /abs, sqlite://rel -> rel
  else if (url.rfind("sqlite:", 0) == 0)
    path = url.substr(7);
  else if (url.find("://") != std::string::npos)
    throw DatabaseError("open catalog database " + display,
                        "unsupported URL scheme; use sqlite:///path/catalog.db or postgres://user:password@host:port/db");
  if (path.empty() || path == ":memory:")
    throw DatabaseError("open catalog database " + display, "a file path is required (in-memory SQLite is not supported)");
  return detail::open_sqlite(path, display, options);
}

namespace detail {
std::string translate_placeholders_for_sqlite(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out += '?';
      continue;
    }
    out += c;
  }
  return out;
}
}  // namespace detail

}  // namespace coffer::catalog::db
