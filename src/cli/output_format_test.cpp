#include "cli/output_format.h"

#include <gtest/gtest.h>

#include <sstream>

namespace coffer::cli {
namespace {

TEST(OutputFormat, ParsesTheThreeFormatsAndNamesTheFlagOtherwise) {
  EXPECT_EQ(parse_output_format(""), OutputFormat::table);
  EXPECT_EQ(parse_output_format("table"), OutputFormat::table);
  EXPECT_EQ(parse_output_format("json"), OutputFormat::json);
  EXPECT_EQ(parse_output_format("yaml"), OutputFormat::yaml);
  try {
    parse_output_format("xml");
    FAIL() << "xml accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("-o/--output"), std::string::npos);
  }
}

TEST(OutputFormat, TablePadsColumnsToTheWidestCellAndTrimsLineEnds) {
  Table t({"NAME", "STATUS"});
  t.add_row({"nightly-20261124", "Completed"});
  t.add_row({"a"});
  std::ostringstream out;
  t.print(out);
  EXPECT_EQ(out.str(),
            "NAME              STATUS\n"
            "nightly-20261124  Completed\n"
            "a\n");
}

TEST(OutputFormat, DocumentsPrintAsJsonOrYaml) {
  nlohmann::json doc = {{"name", "b1"}, {"items", 3}};
  std::ostringstream json_out, yaml_out;
  print_document(json_out, doc, OutputFormat::json);
  print_document(yaml_out, doc, OutputFormat::yaml);
  EXPECT_EQ(nlohmann::json::parse(json_out.str()), doc);
  EXPECT_NE(yaml_out.str().find("name: b1\n"), std::string::npos);
  EXPECT_NE(yaml_out.str().find("items: 3\n"), std::string::npos);
}

TEST(OutputFormat, CellsShowStringsAsTheyAreAndOthersAsJson) {
  nlohmann::json o = {{"s", "x"}, {"n", 4}, {"b", true}, {"z", nullptr}};
  EXPECT_EQ(cell(o, "s"), "x");
  EXPECT_EQ(cell(o, "n"), "4");
  EXPECT_EQ(cell(o, "b"), "true");
  EXPECT_EQ(cell(o, "z", "-"), "-");
  EXPECT_EQ(cell(o, "missing", "<none>"), "<none>");
}

}  // namespace
}  // namespace coffer::cli
