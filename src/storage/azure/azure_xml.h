#pragma once

// The one Blob-service detail on top of storage/xml_extract.h: blob names in List Blobs.

#include <string>

#include "storage/xml_extract.h"

namespace coffer::storage::azure {

// A <Name> of List Blobs: unescaped, and percent-decoded when the element carries
// Encoded="true" (names with characters XML cannot carry).
std::string blob_name_text(const xml::Element& name_element);

}  // namespace coffer::storage::azure
