#pragma once
// Backups and restores through `coffer server` (written by the remote-jobs work).
namespace coffer::cli {}
