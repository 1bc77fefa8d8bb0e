#include "storage/s3/s3_xml.h"

#include <gtest/gtest.h>

namespace coffer::storage::s3 {
namespace {

TEST(S3Xml, UnescapesEntitiesAndCharacterReferences) {
  EXPECT_EQ(xml_unescape("a&amp;b&lt;c&gt;d&quot;e&apos;f"), "a&b<c>d\"e'f");
  EXPECT_EQ(xml_unescape("&#65;&#x42;&#xe9;&#x1F600;"), "AB\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(xml_unescape("&amp;amp;"), "&amp;");  // decoded once
  EXPECT_THROW(xml_unescape("a&b"), std::invalid_argument);
  EXPECT_THROW(xml_unescape("&nope;"), std::invalid_argument);
  EXPECT_THROW(xml_unescape("&#0;"), std::invalid_argument);
}

TEST(S3Xml, EscapeRoundTrips) {
  std::string s = "k&<>\"' \xc3\xa9";
  EXPECT_EQ(xml_unescape(xml_escape(s)), s);
}

TEST(S3Xml, FindsElementsAndSkipsLongerNames) {
  std::string doc =
      "<?xml version=\"1.0\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<Prefix>p/</Prefix><KeyCount>2</KeyCount><IsTruncated>true</IsTruncated>"
      "<Contents><Key>p/a&amp;b</Key><Size>3</Size></Contents>"
      "<Contents><Key>p/c</Key><Size>4</Size></Contents>"
      "<CommonPrefixes><Prefix>p/d/</Prefix></CommonPrefixes><StartAfter/>"
      "<NextContinuationToken>t&amp;1</NextContinuationToken></ListBucketResult>";
  auto contents = xml_elements(doc, "Contents");
  ASSERT_EQ(contents.size(), 2u);
  EXPECT_EQ(xml_text(contents[0], "Key"), "p/a&b");
  EXPECT_EQ(xml_text(contents[1], "Size"), "4");
  EXPECT_EQ(xml_text(doc, "Key"), "p/a&b");
  EXPECT_EQ(xml_text(doc, "NextContinuationToken"), "t&1");
  EXPECT_EQ(xml_text(doc, "StartAfter"), "");
  EXPECT_EQ(xml_text(doc, "Missing"), std::nullopt);
  auto cps = xml_elements(doc, "CommonPrefixes");
  ASSERT_EQ(cps.size(), 1u);
  EXPECT_EQ(xml_text(cps[0], "Prefix"), "p/d/");
  EXPECT_EQ(xml_elements(doc, "Key").size(), 2u);  // <KeyCount> is not <Key>
}

}  // namespace
}  // namespace coffer::storage::s3
