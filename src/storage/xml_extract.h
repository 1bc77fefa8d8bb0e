#pragma once

// Just enough XML for the object-store services' responses (S3's ListBucketResult,
// InitiateMultipartUploadResult, DeleteResult and Error; Azure's EnumerationResults and Error):
// elements found by name in document order, text unescaped. Not a general parser: no CDATA, no
// nested elements of the same name, which those documents do not use.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coffer::storage::xml {

struct Element {
  std::string_view attributes;  // raw text between the name and '>' of the start tag
  std::string_view inner;       // raw content between the start and end tags ("" if self-closing)
};

// &amp; &lt; &gt; &quot; &apos; and numeric references (&#60; &#x3C;) to their characters;
// throws std::invalid_argument on an unknown, unterminated or invalid reference (NUL, a
// surrogate, beyond U+10FFFF).
std::string unescape(std::string_view text);
// Escapes & < > " ' for element content.
std::string escape(std::string_view text);
// Every <name ...>...</name> (or <name/>) directly or indirectly inside doc, in order; a longer
// name with the same start (<Blobs> when looking for <Blob>, <KeyCount> for <Key>) is skipped.
std::vector<Element> elements(std::string_view doc, std::string_view name);
// The unescaped text of the first <name> element, or nullopt when absent.
std::optional<std::string> text(std::string_view doc, std::string_view name);

}  // namespace coffer::storage::xml
