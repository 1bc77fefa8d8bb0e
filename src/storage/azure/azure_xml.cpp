#include "storage/azure/azure_xml.h"

#include "common/text.h"

namespace coffer::storage::azure {

std::string blob_name_text(const xml::Element& e) {
  std::string text = xml::unescape(e.inner);
  std::string attrs(e.attributes);
  if (attrs.find("Encoded=\"true\"") != std::string::npos || attrs.find("Encoded='true'") != std::string::npos)
    return url_decode(text, false);
  return text;
}

}  // namespace coffer::storage::azure
