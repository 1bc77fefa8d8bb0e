#pragma once
// Private to catalog/db: the two backends behind open_database, and shared helpers.
#include <string>
#include <string_view>

#include "catalog/db/database.h"

namespace coffer::catalog::db::detail {
std::unique_ptr<Database> open_sqlite(const std::string& path, const std::string& display_url,
                                      const OpenOptions& options);
std::unique_ptr<Database> open_postgres(const std::string& url, const std::string& display_url,
                                        const OpenOptions& options);
// "$1" -> "?1" outside quoted strings and identifiers, for SQLite.
std::string translate_placeholders_for_sqlite(std::string_view sql);
}  // namespace coffer::catalog::db::detail
