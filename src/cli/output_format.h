#pragma once
// How the control-plane commands print what the server answers: a table (the default), or the
// JSON/YAML document itself (-o json, -o yaml), as kubectl and velero do.
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace coffer::cli {

enum class OutputFormat { table, json, yaml };

// "", "table" -> table; "json"; "yaml". Anything else throws std::invalid_argument naming -o.
OutputFormat parse_output_format(const std::string& text);
// Adds "-o,--output" (table|json|yaml) bound to `text`.
CLI::Option* add_output_flag(CLI::App* cmd, std::string& text);
// The document as pretty JSON or block YAML, ending with a newline.
void print_document(std::ostream& out, const nlohmann::json& document, OutputFormat format);
// With -o json|yaml (`output`), prints the document on stdout and returns true; false for the
// table format, whose caller prints its own lines.
bool printed_as_document(const nlohmann::json& document, const std::string& output);

// Columns padded to the widest cell, two spaces apart; headers in capitals as kubectl prints.
class Table {
 public:
  explicit Table(std::vector<std::string> headers);
  void add_row(std::vector<std::string> cells);  // missing cells are printed empty
  std::size_t rows() const { return rows_.size(); }
  void print(std::ostream& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// A scalar field of a JSON object as a table cell: strings as they are, numbers and booleans as
// JSON, absent or null as `dflt`.
std::string cell(const nlohmann::json& object, const char* key, const std::string& dflt = "");

}  // namespace coffer::cli
