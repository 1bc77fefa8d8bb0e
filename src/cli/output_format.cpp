#include "cli/output_format.h"

#include <algorithm>
#include <iostream>
#include <stdexcept>

#include "common/yaml_json.h"

namespace coffer::cli {

OutputFormat parse_output_format(const std::string& text) {
  if (text.empty() || text == "table") return OutputFormat::table;
  if (text == "json") return OutputFormat::json;
  if (text == "yaml") return OutputFormat::yaml;
  throw std::invalid_argument("-o/--output: \"" + text + "\" is not an output format; use table, json or yaml");
}

CLI::Option* add_output_flag(CLI::App* cmd, std::string& text) {
  return cmd->add_option("-o,--output", text, "output format: table (default), json or yaml")
      ->check(CLI::IsMember({"", "table", "json", "yaml"}));
}

void print_document(std::ostream& out, const nlohmann::json& document, OutputFormat format) {
  if (format == OutputFormat::yaml) {
    std::string text = to_yaml(document);
    out << text;
    if (text.empty() || text.back() != '\n') out << "\n";
  } else {
    out << document.dump(2) << "\n";
  }
}

bool printed_as_document(const nlohmann::json& document, const std::string& output) {
  const OutputFormat format = parse_output_format(output);
  if (format == OutputFormat::table) return false;
  print_document(std::cout, document, format);
  return true;
}

Table::Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void Table::add_row(std::vector<std::string> cells) {
  cells.resize(std::max(cells.size(), headers_.size()));
  rows_.push_back(std::move(cells));
}

void Table::print(std::ostream& out) const {
  std::vector<std::size_t> width(headers_.size(), 0);
  for (std::size_t i = 0; i < headers_.size(); ++i) width[i] = headers_[i].size();
  for (const auto& row : rows_)
    for (std::size_t i = 0; i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t i = 0; i < width.size(); ++i) {
      text += cells[i];
      if (i + 1 < width.size()) text += std::string(width[i] - cells[i].size() + 2, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << "\n";
  };
  line(headers_);
  for (const auto& row : rows_) line(row);
}

std::string cell(const nlohmann::json& object, const char* key, const std::string& dflt) {
  if (!object.is_object()) return dflt;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return dflt;
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

}  // namespace coffer::cli
