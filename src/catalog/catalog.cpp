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

void Catalog::optimize() {
  // PostgreSQL: VACUUM also sets the visibility map, which lets COUNT(*) of a filtered list read
  // the index alone (autovacuum gets there too, later). It cannot run in a transaction, and
  // execute_script on the Database runs outside one.
  db_->execute_script(db_->dialect() == db::Dialect::postgres ? "VACUUM ANALYZE" : "ANALYZE");
}

void Catalog::transaction(const std::function<void(Scope&)>& fn) {
  db_->with_transaction([&](db::Transaction& tx) {
    Scope scope(tx);
    fn(scope);
  });
}

}  // namespace coffer::catalog
