#pragma once
#include <CLI/CLI.hpp>

namespace coffer::cli {

void register_schedule_commands(CLI::App& app, int& exit_code);

}  // namespace coffer::cli
