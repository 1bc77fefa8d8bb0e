#include "storage/azure/azure_xml.h"

#include <gtest/gtest.h>

using namespace coffer::storage::azure;

TEST(AzureXml, Unescape) {
  EXPECT_EQ(xml_unescape("a&amp;b&lt;c&gt;d&quot;e&apos;f"), "a&b<c>d\"e'f");
  EXPECT_EQ(xml_unescape("&#65;&#x42;&#xe9;&#x20AC;"), "AB\xc3\xa9\xe2\x82\xac");
  EXPECT_EQ(xml_unescape("&amp;lt;"), "&lt;");  // one level only
  EXPECT_THROW(xml_unescape("a&b"), std::invalid_argument);
  EXPECT_THROW(xml_unescape("&nbsp;"), std::invalid_argument);
  EXPECT_THROW(xml_unescape("&#xZZ;"), std::invalid_argument);
}

TEST(AzureXml, ListBlobsResponse) {
  const char* xml =
      "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?>"
      "<EnumerationResults ServiceEndpoint=\"http://127.0.0.1/devstoreaccount1\" ContainerName=\"c\">"
      "<Prefix>p/</Prefix><Marker /><MaxResults>2</MaxResults><Delimiter>/</Delimiter><Blobs>"
      "<Blob><Name>p/a &amp; b.txt</Name><Properties><Last-Modified>Tue, 24 Nov 2026 16:05:14 GMT</Last-Modified>"
      "<Content-Length>12</Content-Length></Properties></Blob>"
      "<Blob><Name Encoded=\"true\">p/%EF%BF%BE</Name><Properties><Content-Length>0</Content-Length></Properties></Blob>"
      "<BlobPrefix><Name>p/sub&lt;1&gt;/</Name></BlobPrefix>"
      "</Blobs><NextMarker>2!abc&quot;</NextMarker></EnumerationResults>";
  auto blobs = xml_elements(xml, "Blob");
  ASSERT_EQ(blobs.size(), 2u);
  EXPECT_EQ(blob_name_text(xml_elements(blobs[0].inner, "Name").at(0)), "p/a & b.txt");
  EXPECT_EQ(xml_text(blobs[0].inner, "Content-Length"), "12");
  EXPECT_EQ(blob_name_text(xml_elements(blobs[1].inner, "Name").at(0)), "p/\xef\xbf\xbe");
  auto prefixes = xml_elements(xml, "BlobPrefix");
  ASSERT_EQ(prefixes.size(), 1u);
  EXPECT_EQ(blob_name_text(xml_elements(prefixes[0].inner, "Name").at(0)), "p/sub<1>/");
  EXPECT_EQ(xml_text(xml, "NextMarker"), "2!abc\"");
  EXPECT_EQ(xml_text(xml, "Marker"), "");
  EXPECT_EQ(xml_text(xml, "Missing"), std::nullopt);
  EXPECT_EQ(xml_elements(xml, "Blobs").size(), 1u);
}

TEST(AzureXml, EmptyNextMarkerAndErrorBody) {
  EXPECT_EQ(xml_text("<EnumerationResults><Blobs /><NextMarker/></EnumerationResults>", "NextMarker"), "");
  const char* err = "<?xml version=\"1.0\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed.\nRequestId:1</Message></Error>";
  EXPECT_EQ(xml_text(err, "Code"), "AuthenticationFailed");
  EXPECT_EQ(xml_text(err, "Message"), "Server failed.\nRequestId:1");
}
