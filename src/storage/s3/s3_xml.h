#pragma once

// A minimal extractor for the few S3 XML responses the store reads (ListBucketResult,
// InitiateMultipartUploadResult, CompleteMultipartUploadResult, Error). It finds elements by
// name, not by schema: enough for S3's flat, namespace-default documents, not a general parser.
// Text content is returned with entity escapes decoded (&amp; &lt; &gt; &quot; &apos; &#N; &#xH;).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coffer::storage::s3 {

// Decodes XML entity and character references; throws std::invalid_argument on a malformed one.
std::string xml_unescape(std::string_view text);
// Escapes & < > " ' for element content.
std::string xml_escape(std::string_view text);
// The raw inner text of every <tag ...>...</tag> (and "" for <tag/>), in document order. Does not
// descend into nested same-name elements (S3 has none).
std::vector<std::string_view> xml_elements(std::string_view doc, std::string_view tag);
// The first element's decoded text, if any.
std::optional<std::string> xml_text(std::string_view doc, std::string_view tag);

}  // namespace coffer::storage::s3
