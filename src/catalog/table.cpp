#include "catalog/table.h"

#include <atomic>
#include <cstdio>

#include "common/random_id.h"

namespace coffer::catalog::detail {

std::int64_t to_ms(Time t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

Time from_ms(std::int64_t ms) {
  return Time(std::chrono::duration_cast<Time::duration>(std::chrono::milliseconds(ms)));
}

db::Value opt_ms(const std::optional<Time>& t) { return t ? db::Value(static_cast<long long>(to_ms(*t))) : db::Value(); }

Time now_or(Time t) {
  if (t != Time{}) return t;
  // Millisecond precision, as stored, so a record reads back equal to what create returned.
  return from_ms(to_ms(std::chrono::system_clock::now()));
}

std::string json_text(const nlohmann::json& j) { return j.dump(); }

std::string map_text(const std::map<std::string, std::string>& m) { return nlohmann::json(m).dump(); }

std::string time_ordered_id(Time at) {
  // ms, then a process-wide sequence (strict order within this process, also within one ms),
  // then randomness (unique across servers).
  static std::atomic<unsigned long long> sequence{0};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%013lld-%010llu-", static_cast<long long>(to_ms(at)),
                (sequence.fetch_add(1) % 10000000000ULL));
  return std::string(buf) + random_alnum(8);
}

nlohmann::json RowReader::json() {
  std::string t = text();
  if (t.empty()) return nlohmann::json();
  return nlohmann::json::parse(t, nullptr, false);
}

std::map<std::string, std::string> RowReader::string_map() {
  auto j = json();
  std::map<std::string, std::string> out;
  if (j.is_object())
    for (auto& [k, v] : j.items()) out[k] = v.is_string() ? v.get<std::string>() : v.dump();
  return out;
}

std::vector<std::string> RowReader::strings() {
  auto j = json();
  std::vector<std::string> out;
  if (j.is_array())
    for (auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::string column_list(const Fields& fields) {
  std::string out;
  for (const auto& [c, v] : fields) out += (out.empty() ? "" : ", ") + c;
  return out;
}

std::string insert_sql(const std::string& table, const Fields& fields, db::Params& params) {
  std::string cols, values;
  for (size_t i = 0; i < fields.size(); ++i) {
    cols += (i ? ", " : "") + fields[i].first;
    values += (i ? ", $" : "$") + std::to_string(params.size() + 1);
    params.push_back(fields[i].second);
  }
  return "INSERT INTO " + table + " (" + cols + ") VALUES (" + values + ")";
}

std::string insert_rows_sql(const std::string& table, const std::vector<Fields>& rows, db::Params& params) {
  std::string sql = "INSERT INTO " + table + " (" + column_list(rows.at(0)) + ") VALUES ";
  for (size_t r = 0; r < rows.size(); ++r) {
    sql += r ? ", (" : "(";
    for (size_t i = 0; i < rows[r].size(); ++i) {
      sql += (i ? ", $" : "$") + std::to_string(params.size() + 1);
      params.push_back(rows[r][i].second);
    }
    sql += ")";
  }
  return sql;
}

bool is_key_conflict(const db::ConstraintError& e, const std::string& key_column) {
  return e.is_unique() && e.columns().size() == 1 && e.columns()[0] == key_column;
}

namespace {
std::string like_pattern(const std::string& term) {
  std::string out = "%";
  for (char c : term) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (l == '%' || l == '_' || l == '\\') out += '\\';
    out += l;
  }
  return out + "%";
}

std::string joined(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}
}  // namespace

db::Result list_rows(db::Executor& ex, const ListSpec& spec, const ListQuery& query, std::int64_t* total,
                     const std::string& extra_where, const db::Params& extra_params) {
  if (query.limit < 1 || query.limit > 1000)
    throw InvalidArgumentError("page size must be between 1 and 1000 (got " + std::to_string(query.limit) + ")");
  if (query.offset < 0) throw InvalidArgumentError("offset must not be negative");
  db::Params params = extra_params;
  std::vector<std::string> where;
  if (!extra_where.empty()) where.push_back(extra_where);
  auto next = [&](auto v) {
    params.emplace_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  for (const auto& [field, value] : query.filters) {
    auto it = spec.filters.find(field);
    if (it == spec.filters.end()) {
      std::vector<std::string> known;
      for (const auto& [k, c] : spec.filters) known.push_back(k);
      throw InvalidArgumentError("cannot filter " + spec.table + " by \"" + field + "\"; filters: " + joined(known, ", "));
    }
    std::vector<std::string> placeholders;
    size_t pos = 0;
    for (;;) {
      size_t comma = value.find(',', pos);
      std::string v = value.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      // Boolean columns take true/false as the API spells them.
      if (spec.booleans.count(field)) {
        if (v != "true" && v != "false")
          throw InvalidArgumentError("filter \"" + field + "\" takes true or false (got \"" + v + "\")");
        placeholders.push_back(next(v == "true" ? 1 : 0));
      } else {
        placeholders.push_back(next(v));
      }
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
    if (placeholders.size() == 1)
      where.push_back(it->second + " = " + placeholders[0]);
    else
      where.push_back(it->second + " IN (" + joined(placeholders, ", ") + ")");
  }
  if (!query.search.empty() && !spec.search_columns.empty()) {
    std::string p = next(like_pattern(query.search));
    std::vector<std::string> ors;
    // Case-insensitive: SQLite's LIKE already is (for ASCII); PostgreSQL's is ILIKE.
    const char* like = ex.dialect() == db::Dialect::postgres ? " ILIKE " : " LIKE ";
    for (const auto& c : spec.search_columns) ors.push_back(c + like + p + " ESCAPE '\\'");
    where.push_back("(" + joined(ors, " OR ") + ")");
  }
  std::string where_sql = where.empty() ? "" : " WHERE " + joined(where, " AND ");

  std::string sort_column = spec.default_sort;
  bool descending = spec.default_descending;
  if (!query.sort.empty()) {
    auto it = spec.sorts.find(query.sort);
    if (it == spec.sorts.end()) {
      std::vector<std::string> known;
      for (const auto& [k, c] : spec.sorts) known.push_back(k);
      throw InvalidArgumentError("cannot sort " + spec.table + " by \"" + query.sort + "\"; sort fields: " +
                                 joined(known, ", "));
    }
    sort_column = it->second;
    descending = query.descending;
  }
  std::string dir = descending ? " DESC" : " ASC";
  std::string order = " ORDER BY ";
  if (spec.nullable.count(sort_column)) order += "(" + sort_column + " IS NULL), ";
  order += sort_column + dir;
  if (sort_column != spec.key_column) order += ", " + spec.key_column + dir;

  if (total) {
    auto c = ex.query("SELECT COUNT(*) FROM " + spec.table + where_sql, params);
    *total = c.rows.at(0).i64(0);
  }
  std::string limit = next(static_cast<long long>(query.limit));
  std::string offset = next(static_cast<long long>(query.offset));
  return ex.query("SELECT " + spec.columns + " FROM " + spec.table + where_sql + order + " LIMIT " + limit +
                      " OFFSET " + offset,
                  params);
}

}  // namespace coffer::catalog::detail
