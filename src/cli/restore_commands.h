#pragma once

// `coffer restore create|describe|get|logs`: restores run in this process from a storage location
// URL into a kubeconfig's cluster (docs/cli.md). Flag names follow Velero's CLI where Velero has
// the flag; --preview, --include-items and --resource-modifier-file are Coffer's.

#include <CLI/CLI.hpp>

namespace coffer::cli {

void register_restore_commands(CLI::App& app, int& exit_code);

}  // namespace coffer::cli
