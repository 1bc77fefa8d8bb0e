#include "storage/azure/azure_xml.h"

#include <gtest/gtest.h>

namespace coffer::storage::azure {
namespace {

TEST(AzureXml, BlobNamesAreUnescapedAndDecodedWhenEncoded) {
  const char* doc =
      "<EnumerationResults><Blobs>"
      "<Blob><Name>p/a &amp; b.txt</Name></Blob>"
      "<Blob><Name Encoded=\"true\">p/%EF%BF%BE</Name></Blob>"
      "<BlobPrefix><Name>p/sub&lt;1&gt;/</Name></BlobPrefix>"
      "</Blobs></EnumerationResults>";
  auto blobs = xml::elements(doc, "Blob");
  ASSERT_EQ(blobs.size(), 2u);
  EXPECT_EQ(blob_name_text(xml::elements(blobs[0].inner, "Name").at(0)), "p/a & b.txt");
  EXPECT_EQ(blob_name_text(xml::elements(blobs[1].inner, "Name").at(0)), "p/\xef\xbf\xbe");
  auto prefixes = xml::elements(doc, "BlobPrefix");
  ASSERT_EQ(prefixes.size(), 1u);
  EXPECT_EQ(blob_name_text(xml::elements(prefixes[0].inner, "Name").at(0)), "p/sub<1>/");
}

}  // namespace
}  // namespace coffer::storage::azure
