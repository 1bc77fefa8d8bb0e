#pragma once

// Just enough XML for the Blob service's responses (List Blobs, error bodies): elements found by
// name in document order, text unescaped. Not a general parser: no CDATA, no nested elements
// of the same name, which the Blob service's documents do not use.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coffer::storage::azure {

struct XmlElement {
  std::string_view attributes;  // raw text between the name and '>' of the start tag
  std::string_view inner;       // raw content between the start and end tags ("" if self-closing)
};

// &amp; &lt; &gt; &quot; &apos; and numeric references (&#60; &#x3C;) to their characters;
// throws std::invalid_argument on an unknown or unterminated entity.
std::string xml_unescape(std::string_view text);

// Every <name ...>...</name> (or <name/>) directly or indirectly inside xml, in order.
std::vector<XmlElement> xml_elements(std::string_view xml, std::string_view name);

// The unescaped text of the first <name> element, or nullopt when absent.
std::optional<std::string> xml_text(std::string_view xml, std::string_view name);

// A <Name> of List Blobs: unescaped, and percent-decoded when the element carries
// Encoded="true" (names with characters XML cannot carry).
std::string blob_name_text(const XmlElement& name_element);

}  // namespace coffer::storage::azure
