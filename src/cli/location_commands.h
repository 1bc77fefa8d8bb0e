#pragma once

// `coffer location add|get|describe|set-default|validate|delete` against the server saved by
// `coffer login`, and the standalone `coffer location validate --location URL [--read-only]`:
// whether a storage location is usable (storage/location_validation.h), with the reason and the
// fix when it is not.

#include <CLI/CLI.hpp>

namespace coffer::cli {

void register_location_commands(CLI::App& app, int& exit_code);

}  // namespace coffer::cli
