#include "cli/location_commands.h"

#include <iostream>

#include "storage/factory/location_factory.h"
#include "storage/location_config.h"
#include "storage/location_validation.h"
#include "storage/object_store.h"

namespace coffer::cli {

void register_location_commands(CLI::App& app, int& exit_code) {
  auto* location = app.add_subcommand("location", "Check storage locations");
  location->require_subcommand(1);
  static std::string url;
  static bool read_only = false;
  auto* v = location->add_subcommand("validate", "Check that a location is reachable, Velero-compatible and writable");
  v->add_option("--location", url, "storage location URL, e.g. file:///var/backups/coffer")->required();
  v->add_flag("--read-only", read_only, "only list (never write a probe)");
  v->callback([&] {
    try {
      auto config = storage::parse_location_url(url);
      auto store = storage::open_store(config);
      auto status = storage::validate_location(*store, read_only || config.read_only);
      if (status.available) {
        std::cout << "Location " << config.describe() << ": Available (" << status.checks.size() << " checks passed)\n";
        exit_code = 0;
      } else {
        std::cout << "Location " << config.describe() << ": Unavailable: " << status.message << "\n";
        exit_code = 1;
      }
    } catch (const std::exception& e) {
      std::cerr << "Error: " << e.what() << "\n";
      exit_code = 1;
    }
  });
}

}  // namespace coffer::cli
