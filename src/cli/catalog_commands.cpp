#include "cli/catalog_commands.h"

namespace coffer::cli {

void register_catalog_commands(CLI::App&, int&) {}

}  // namespace coffer::cli
