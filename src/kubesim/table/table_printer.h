#pragma once
// Server-side printing for `kubectl get`: turns stored objects (external-version JSON) into a
// meta.k8s.io/v1 Table, as the API server answers
//   Accept: application/json;as=Table;v=v1;g=meta.k8s.io   (?includeObject=None|Metadata|Object)
// Built-in resources get the columns, cell types and cell texts of the API server's printers
// (k8s.io/kubernetes/pkg/printers/internalversion), always with the "wide" (priority 1)
// columns, since the server generates tables as for -o wide and kubectl hides priority > 0
// columns unless asked. Roles, cluster roles, CRDs and limit ranges use the generic convertor
// (Name, Created At as RFC 3339). volumesnapshots/volumesnapshotcontents/volumesnapshotclasses
// (snapshot.storage.k8s.io) use the printer columns of their upstream CRDs.
// With non-empty crd_columns (a custom resource's additionalPrinterColumns), the table is Name
// followed by those columns, cells computed as the apiextensions server does: JSONPath first
// match, "integer"/"number"/"boolean" typed, "string" printed, "date" rendered as an age
// ("5m"); missing values are null. Anything else gets Name and Age.
// Rows carry "object": the full object (Object), a PartialObjectMetadata (Metadata), or
// nothing (None). The table's metadata is list_metadata (resourceVersion, continue, ...).
// Pod rows for Succeeded/Failed pods carry the "Completed" row condition, as upstream.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kubesim/table/human_duration.h"
#include "kubesim/table/json_path.h"

namespace coffer::kubesim {

struct PrinterColumn {  // one CRD additionalPrinterColumns entry
  std::string name, type, format, description, json_path;
  int priority = 0;
};

enum class IncludeObject { None, Metadata, Object };

nlohmann::json build_table(std::string_view group, std::string_view resource /*plural*/,
                           const std::vector<nlohmann::json>& objects, IncludeObject include,
                           const std::vector<PrinterColumn>& crd_columns /*empty for built-ins*/,
                           std::chrono::system_clock::time_point now,
                           const nlohmann::json& list_metadata /*resourceVersion, continue*/);

// The includeObject query parameter: "" (the server default) and "Metadata" -> Metadata,
// "Object", "None"; nullopt for anything else (the server answers 400 then).
std::optional<IncludeObject> parse_include_object(std::string_view value);

// additionalPrinterColumns (apiextensions.k8s.io/v1 JSON array: name, type, format,
// description, priority, jsonPath) -> PrinterColumn; entries without a name are skipped.
std::vector<PrinterColumn> printer_columns_from_crd(const nlohmann::json& additional_printer_columns);

// True when (group, resource) has a dedicated printer (not the Name/Age fallback).
bool has_builtin_printer(std::string_view group, std::string_view resource);

}  // namespace coffer::kubesim
