#pragma once

// `coffer backup create|describe|contents|get|logs|delete`: backups run in this process against a
// kubeconfig's cluster and a storage location URL (docs/cli.md). Flag names follow Velero's CLI.

#include <CLI/CLI.hpp>

namespace coffer::cli {

// Adds the `backup` command tree to app; the chosen command's exit status lands in exit_code.
void register_backup_commands(CLI::App& app, int& exit_code);

}  // namespace coffer::cli
