#include "catalog/catalog.h"

#include "catalog/schema.h"

namespace coffer::catalog {

std::unique_ptr<Catalog> Catalog::open(const std::string& url, const db::OpenOptions& options) {
  return std::make_unique<Catalog>(db::open_database(url, options));
}

Catalog::Catalog(std::unique_ptr<db::Database> database) : Scope(*database), db_(std::move(database)) {
  db::apply_migrations(*db_, catalog_migrations(), "catalog");
  if (db_->dialect() == db::Dialect::sqlite) optimize();
}

void Catalog::optimize() { db_->execute_script("ANALYZE"); }

void Catalog::transaction(const std::function<void(Scope&)>& fn) {
  db_->with_transaction([&](db::Transaction& tx) {
    Scope scope(tx);
    fn(scope);
  });
}

}  // namespace coffer::catalog
