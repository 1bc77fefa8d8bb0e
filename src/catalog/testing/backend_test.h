#pragma once
// A GoogleTest fixture run once per catalog backend:
//   class MyTest : public coffer::catalog::testing::BackendTest {};
//   TEST_P(MyTest, Works) { auto db = open(); ... }
//   COFFER_CATALOG_BACKENDS(MyTest);
// Each test gets a fresh database; url() opens more handles on it (a second "server").
// PostgreSQL cases fail when the server cannot be started (with what to do), and skip only when
// the environment makes running it impossible.
#include <gtest/gtest.h>

#include "catalog/db/database.h"
#include "catalog/testing/test_databases.h"

namespace coffer::catalog::testing {

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto db = fresh_database(GetParam());
    if (!db.skip_reason.empty()) GTEST_SKIP() << backend_name(GetParam()) << " unavailable: " << db.skip_reason;
    ASSERT_TRUE(db.error.empty()) << backend_name(GetParam()) << ": " << db.error;
    url_ = db.url;
  }
  const std::string& url() const { return url_; }
  std::unique_ptr<db::Database> open(int pool_size = 8) { return db::open_database(url_, {.pool_size = pool_size}); }
  bool postgres() const { return GetParam() == Backend::postgres; }

 private:
  std::string url_;
};

inline std::string backend_param_name(const ::testing::TestParamInfo<Backend>& info) {
  return backend_name(info.param);
}

}  // namespace coffer::catalog::testing

#define COFFER_CATALOG_BACKENDS(Fixture)                                                                         \
  INSTANTIATE_TEST_SUITE_P(Backends, Fixture,                                                                    \
                           ::testing::Values(::coffer::catalog::testing::Backend::sqlite,                        \
                                             ::coffer::catalog::testing::Backend::postgres),                     \
                           ::coffer::catalog::testing::backend_param_name)
