#include "storage/xml_extract.h"

#include <gtest/gtest.h>

namespace coffer::storage::xml {
namespace {

TEST(XmlExtract, UnescapesEntitiesAndCharacterReferences) {
  EXPECT_EQ(unescape("a&amp;b&lt;c&gt;d&quot;e&apos;f"), "a&b<c>d\"e'f");
  EXPECT_EQ(unescape("&#65;&#x42;&#xe9;&#x1F600;"), "AB\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(unescape("&#x20AC;"), "\xe2\x82\xac");
  EXPECT_EQ(unescape("&amp;amp;"), "&amp;");  // decoded once
  EXPECT_EQ(unescape("&amp;lt;"), "&lt;");
  EXPECT_THROW(unescape("a&b"), std::invalid_argument);
  EXPECT_THROW(unescape("&nope;"), std::invalid_argument);
  EXPECT_THROW(unescape("&nbsp;"), std::invalid_argument);
  EXPECT_THROW(unescape("&#0;"), std::invalid_argument);
  EXPECT_THROW(unescape("&#xZZ;"), std::invalid_argument);
  EXPECT_THROW(unescape("&#xD800;"), std::invalid_argument);
}

TEST(XmlExtract, EscapeRoundTrips) {
  std::string s = "k&<>\"' \xc3\xa9";
  EXPECT_EQ(unescape(escape(s)), s);
}

TEST(XmlExtract, S3ListBucketResult) {
  std::string doc =
      "<?xml version=\"1.0\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<Prefix>p/</Prefix><KeyCount>2</KeyCount><IsTruncated>true</IsTruncated>"
      "<Contents><Key>p/a&amp;b</Key><Size>3</Size></Contents>"
      "<Contents><Key>p/c</Key><Size>4</Size></Contents>"
      "<CommonPrefixes><Prefix>p/d/</Prefix></CommonPrefixes><StartAfter/>"
      "<NextContinuationToken>t&amp;1</NextContinuationToken></ListBucketResult>";
  auto contents = elements(doc, "Contents");
  ASSERT_EQ(contents.size(), 2u);
  EXPECT_EQ(text(contents[0].inner, "Key"), "p/a&b");
  EXPECT_EQ(text(contents[1].inner, "Size"), "4");
  EXPECT_EQ(text(doc, "Key"), "p/a&b");
  EXPECT_EQ(text(doc, "NextContinuationToken"), "t&1");
  EXPECT_EQ(text(doc, "StartAfter"), "");
  EXPECT_EQ(text(doc, "Missing"), std::nullopt);
  auto cps = elements(doc, "CommonPrefixes");
  ASSERT_EQ(cps.size(), 1u);
  EXPECT_EQ(text(cps[0].inner, "Prefix"), "p/d/");
  EXPECT_EQ(elements(doc, "Key").size(), 2u);  // <KeyCount> is not <Key>
}

TEST(XmlExtract, AzureListBlobsAttributesAndErrorBody) {
  const char* doc =
      "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?>"
      "<EnumerationResults ServiceEndpoint=\"http://127.0.0.1/devstoreaccount1\" ContainerName=\"c\">"
      "<Prefix>p/</Prefix><Marker /><Blobs>"
      "<Blob><Name>p/a &amp; b.txt</Name><Properties><Content-Length>12</Content-Length></Properties></Blob>"
      "<Blob><Name Encoded=\"true\">p/%EF%BF%BE</Name></Blob>"
      "</Blobs><NextMarker>2!abc&quot;</NextMarker></EnumerationResults>";
  auto blobs = elements(doc, "Blob");
  ASSERT_EQ(blobs.size(), 2u);  // <Blobs> is not <Blob>
  EXPECT_EQ(text(blobs[0].inner, "Content-Length"), "12");
  auto name = elements(blobs[1].inner, "Name").at(0);
  EXPECT_EQ(name.attributes, " Encoded=\"true\"");
  EXPECT_EQ(name.inner, "p/%EF%BF%BE");
  EXPECT_EQ(text(doc, "NextMarker"), "2!abc\"");
  EXPECT_EQ(text(doc, "Marker"), "");
  EXPECT_EQ(elements(doc, "Blobs").size(), 1u);
  EXPECT_EQ(text("<EnumerationResults><Blobs /><NextMarker/></EnumerationResults>", "NextMarker"), "");
  const char* err = "<?xml version=\"1.0\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed.\nRequestId:1</Message></Error>";
  EXPECT_EQ(text(err, "Code"), "AuthenticationFailed");
  EXPECT_EQ(text(err, "Message"), "Server failed.\nRequestId:1");
}

}  // namespace
}  // namespace coffer::storage::xml
