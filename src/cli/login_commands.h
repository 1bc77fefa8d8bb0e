#pragma once

// `coffer login --server URL --username NAME [--password-stdin]`, `coffer logout` and
// `coffer whoami`: the CLI's session with a coffer server, kept in client_config_path().

#include <CLI/CLI.hpp>

namespace coffer::cli {

void register_login_commands(CLI::App& app, int& exit_code);

}  // namespace coffer::cli
