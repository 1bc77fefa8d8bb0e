#pragma once
// The catalog's schema, as numbered migrations. Append new migrations; never edit applied ones.
#include <vector>

#include "catalog/db/migrations.h"

namespace coffer::catalog {
const std::vector<db::Migration>& catalog_migrations();
int catalog_schema_version();  // the newest migration this binary knows
}  // namespace coffer::catalog
