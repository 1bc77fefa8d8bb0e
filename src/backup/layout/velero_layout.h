#pragma once

// Object keys and tar paths of Velero's backup format 1.1.0 (velero-format.md §1.2 and §2).

#include <string>
#include <string_view>

namespace coffer::backup::layout {

inline constexpr std::string_view kFormatVersion = "1.1.0";
inline constexpr std::string_view kVersionEntry = "metadata/version";  // content "1.1.0\n"

inline std::string backup_dir(const std::string& name) { return "backups/" + name + "/"; }
inline std::string metadata_key(const std::string& name) { return backup_dir(name) + "velero-backup.json"; }
inline std::string tarball_key(const std::string& name) { return backup_dir(name) + name + ".tar.gz"; }
// suffix is one of the sidecar suffixes below, e.g. "-logs.gz".
inline std::string sidecar_key(const std::string& name, std::string_view suffix) {
  return backup_dir(name) + name + std::string(suffix);
}

inline constexpr std::string_view kLogsSuffix = "-logs.gz";
inline constexpr std::string_view kResultsSuffix = "-results.gz";
inline constexpr std::string_view kResourceListSuffix = "-resource-list.json.gz";
inline constexpr std::string_view kVolumeSnapshotsSuffix = "-volumesnapshots.json.gz";
inline constexpr std::string_view kPodVolumeBackupsSuffix = "-podvolumebackups.json.gz";
inline constexpr std::string_view kItemOperationsSuffix = "-itemoperations.json.gz";
inline constexpr std::string_view kVolumeInfoSuffix = "-volumeinfo.json.gz";

// resources/<gr>/[<version_dir>/]{cluster|namespaces/<ns>}/<name>.json
inline std::string item_path(const std::string& group_resource, const std::string& version_dir,
                             const std::string& ns, const std::string& name) {
  std::string p = "resources/" + group_resource + "/";
  if (!version_dir.empty()) p += version_dir + "/";
  if (ns.empty()) p += "cluster/";
  else p += "namespaces/" + ns + "/";
  p += name;
  p += ".json";
  return p;
}
inline std::string preferred_version_dir(const std::string& version) { return version + "-preferredversion"; }

// Restores (velero-format.md §1.3): restores/<R>/restore-<R>-logs.gz, -results.gz,
// -resource-list.json.gz; Coffer adds restore-<R>.json, the velero.io/v1 Restore it ran (Velero
// keeps that object in the cluster only; a CLI restore has no cluster object to keep it in).
inline std::string restore_dir(const std::string& name) { return "restores/" + name + "/"; }
inline std::string restore_key(const std::string& name, std::string_view suffix) {
  return restore_dir(name) + "restore-" + name + std::string(suffix);
}
inline constexpr std::string_view kRestoreRecordSuffix = ".json";

}  // namespace coffer::backup::layout
