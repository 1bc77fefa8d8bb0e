// coffer: backup, restore and migration for Kubernetes. See docs/cli.md.
#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>

#include "cli/backup_commands.h"
#include "cli/restore_commands.h"
#include "cli/location_commands.h"
#include "cli/login_commands.h"
#include "cli/server_command.h"
#include "cli/schedule_commands.h"
#include "cli/catalog_commands.h"

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe or connection is an error to report, not a crash
  CLI::App app{"coffer: backup, restore and migration for Kubernetes (Velero-compatible storage format)"};
  app.require_subcommand(1);
  int exit_code = 0;
  app.add_subcommand("version", "Print the version")->callback([] { std::cout << "coffer 0.1.0 (backup format 1.1.0)\n"; });
  coffer::cli::register_backup_commands(app, exit_code);
  coffer::cli::register_restore_commands(app, exit_code);
  coffer::cli::register_location_commands(app, exit_code);
  coffer::cli::register_login_commands(app, exit_code);
  coffer::cli::register_server_command(app, exit_code);
  coffer::cli::register_schedule_commands(app, exit_code);
  coffer::cli::register_catalog_commands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
