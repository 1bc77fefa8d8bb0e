#pragma once

// `coffer server [--data-dir DIR] [--listen HOST:PORT] [--database URL]`: runs the control plane
// (server/app/control_plane.h) until SIGINT or SIGTERM.

#include <CLI/CLI.hpp>

namespace coffer::cli {

void register_server_command(CLI::App& app, int& exit_code);

}  // namespace coffer::cli
