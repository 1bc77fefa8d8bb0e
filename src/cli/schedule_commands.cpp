#include "cli/schedule_commands.h"

namespace coffer::cli {

void register_schedule_commands(CLI::App&, int&) {}

}  // namespace coffer::cli
