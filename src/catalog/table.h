#pragma once
// Private to the catalog module: the generic table mapping behind Repository<Record>.
// Each record type specialises TableTraits with its table, key and columns; fields() and
// read() list the columns in the same order (fields() of a default record gives the names).
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"

namespace coffer::catalog::detail {

std::int64_t to_ms(Time t);
Time from_ms(std::int64_t ms);
db::Value opt_ms(const std::optional<Time>& t);
Time now_or(Time t);  // t, or the system clock when t is empty
std::string json_text(const nlohmann::json& j);
std::string map_text(const std::map<std::string, std::string>& m);
std::string time_ordered_id(Time at);  // ms + sequence + random; sorts by creation time

class RowReader {
 public:
  explicit RowReader(const db::Row& row) : row_(row) {}
  std::string text() { return row_.is_null(i_) ? (++i_, std::string()) : row_.text(i_++); }
  std::int64_t i64() { return row_.i64(i_++); }
  bool boolean() { return row_.i64(i_++) != 0; }
  Time time() { return from_ms(row_.i64(i_++)); }
  std::optional<Time> opt_time() {
    auto v = row_.opt_i64(i_++);
    return v ? std::optional<Time>(from_ms(*v)) : std::nullopt;
  }
  nlohmann::json json();
  std::map<std::string, std::string> string_map();
  std::vector<std::string> strings();

 private:
  const db::Row& row_;
  size_t i_ = 0;
};

using Fields = std::vector<std::pair<std::string, db::Value>>;

struct ListSpec {
  std::string table{};
  std::string columns{};                        // SELECT list
  std::string key_column{};                     // tie-breaker for stable pages
  std::map<std::string, std::string> filters{}; // API field -> column
  std::map<std::string, std::string> sorts{};   // API field -> column
  std::set<std::string> nullable{};             // columns that may be NULL (sorted last)
  std::set<std::string> booleans{};             // filter fields taking true/false
  std::vector<std::string> search_columns{};
  std::string default_sort{};                   // column
  bool default_descending = false;
};

// SELECT ... WHERE <filters/search> ORDER BY ... LIMIT/OFFSET, plus COUNT(*) of the same WHERE.
db::Result list_rows(db::Executor& ex, const ListSpec& spec, const ListQuery& query, std::int64_t* total,
                     const std::string& extra_where = "", const db::Params& extra_params = {});

template <typename Record>
struct TableTraits;  // kind, table, key, fields(r), read(row), key_of(r), list_spec()

std::string column_list(const Fields& fields);

template <typename Record>
const std::string& select_columns() {
  static const std::string columns = column_list(TableTraits<Record>::fields(Record{}));
  return columns;
}

template <typename Record>
ListSpec make_list_spec(ListSpec spec) {
  spec.table = TableTraits<Record>::table;
  spec.columns = select_columns<Record>();
  spec.key_column = TableTraits<Record>::key;
  return spec;
}

// "INSERT INTO table (cols) VALUES ($1, ...)", appending the values to params.
std::string insert_sql(const std::string& table, const Fields& fields, db::Params& params);
// One INSERT of several rows (the same columns each, rows not empty).
std::string insert_rows_sql(const std::string& table, const std::vector<Fields>& rows, db::Params& params);

// True when e is a unique violation of the record's key (the name is taken).
bool is_key_conflict(const db::ConstraintError& e, const std::string& key_column);

}  // namespace coffer::catalog::detail

namespace coffer::catalog {

template <typename Record>
Record Repository<Record>::create(Record record) {
  using T = detail::TableTraits<Record>;
  auto now = detail::now_or({});
  if (record.created_at == Time{}) record.created_at = now;
  record.updated_at = now;
  db::Params params;
  const std::string sql = detail::insert_sql(T::table, T::fields(record), params);
  try {
    ex_.execute(sql, params);
  } catch (const db::ConstraintError& e) {
    if (detail::is_key_conflict(e, T::key)) throw AlreadyExistsError(T::kind, T::key_of(record));
    throw;
  }
  return record;
}

template <typename Record>
std::optional<Record> Repository<Record>::get(const std::string& name) {
  using T = detail::TableTraits<Record>;
  auto r = ex_.query("SELECT " + detail::select_columns<Record>() + " FROM " + T::table + " WHERE " + T::key + " = $1",
                     {name});
  if (r.empty()) return std::nullopt;
  return T::read(r.rows[0]);
}

template <typename Record>
Record Repository<Record>::require(const std::string& name) {
  auto r = get(name);
  if (!r) throw NotFoundError(detail::TableTraits<Record>::kind, name);
  return *r;
}

template <typename Record>
Page<Record> Repository<Record>::list(const ListQuery& query) {
  using T = detail::TableTraits<Record>;
  Page<Record> page;
  auto r = detail::list_rows(ex_, T::list_spec(), query, &page.total);
  page.items.reserve(r.rows.size());
  for (const auto& row : r.rows) page.items.push_back(T::read(row));
  return page;
}

template <typename Record>
Record Repository<Record>::update(Record record) {
  using T = detail::TableTraits<Record>;
  record.updated_at = detail::now_or({});
  auto fields = T::fields(record);
  std::string sets;
  db::Params params{T::key_of(record)};
  for (auto& [column, value] : fields) {
    if (column == T::key || column == "created_at") continue;
    params.push_back(std::move(value));
    sets += (sets.empty() ? "" : ", ") + column + " = $" + std::to_string(params.size());
  }
  std::int64_t n =
      ex_.execute("UPDATE " + std::string(T::table) + " SET " + sets + " WHERE " + T::key + " = $1", params);
  if (n == 0) throw NotFoundError(T::kind, T::key_of(record));
  return require(T::key_of(record));
}

template <typename Record>
void Repository<Record>::remove(const std::string& name) {
  using T = detail::TableTraits<Record>;
  if (ex_.execute("DELETE FROM " + std::string(T::table) + " WHERE " + T::key + " = $1", {name}) == 0)
    throw NotFoundError(T::kind, name);
}

}  // namespace coffer::catalog
