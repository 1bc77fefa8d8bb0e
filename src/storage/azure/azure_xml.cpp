#include "storage/azure/azure_xml.h"

#include <stdexcept>

#include "common/text.h"

namespace coffer::storage::azure {

namespace {
void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    throw std::invalid_argument("XML character reference out of range");
  }
}
}  // namespace

std::string xml_unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    std::size_t semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12)
      throw std::invalid_argument("unterminated XML entity");
    std::string_view ent = text.substr(i + 1, semi - i - 1);
    if (ent == "amp") out += '&';
    else if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "quot") out += '"';
    else if (ent == "apos") out += '\'';
    else if (ent.size() > 1 && ent[0] == '#') {
      bool hex = ent[1] == 'x' || ent[1] == 'X';
      std::string digits(ent.substr(hex ? 2 : 1));
      if (digits.empty()) throw std::invalid_argument("empty XML character reference");
      std::size_t used = 0;
      unsigned long cp = 0;
      try {
        cp = std::stoul(digits, &used, hex ? 16 : 10);
      } catch (const std::exception&) {
        throw std::invalid_argument("bad XML character reference &" + std::string(ent) + ";");
      }
      if (used != digits.size()) throw std::invalid_argument("bad XML character reference &" + std::string(ent) + ";");
      append_utf8(out, cp);
    } else {
      throw std::invalid_argument("unknown XML entity &" + std::string(ent) + ";");
    }
    i = semi;
  }
  return out;
}

std::vector<XmlElement> xml_elements(std::string_view xml, std::string_view name) {
  std::vector<XmlElement> out;
  std::string open = "<" + std::string(name);
  std::string close = "</" + std::string(name) + ">";
  std::size_t pos = 0;
  while ((pos = xml.find(open, pos)) != std::string_view::npos) {
    std::size_t after = pos + open.size();
    if (after >= xml.size()) break;
    char c = xml[after];
    if (c != '>' && c != '/' && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      pos = after;  // a longer name with the same start (<Blob> vs <Blobs>)
      continue;
    }
    std::size_t gt = xml.find('>', after);
    if (gt == std::string_view::npos) break;
    XmlElement e;
    if (xml[gt - 1] == '/') {
      e.attributes = xml.substr(after, gt - 1 - after);
      out.push_back(e);
      pos = gt + 1;
      continue;
    }
    e.attributes = xml.substr(after, gt - after);
    std::size_t end = xml.find(close, gt + 1);
    if (end == std::string_view::npos) break;
    e.inner = xml.substr(gt + 1, end - gt - 1);
    out.push_back(e);
    pos = end + close.size();
  }
  return out;
}

std::optional<std::string> xml_text(std::string_view xml, std::string_view name) {
  auto found = xml_elements(xml, name);
  if (found.empty()) return std::nullopt;
  return xml_unescape(found.front().inner);
}

std::string blob_name_text(const XmlElement& e) {
  std::string text = xml_unescape(e.inner);
  std::string attrs(e.attributes);
  if (attrs.find("Encoded=\"true\"") != std::string::npos || attrs.find("Encoded='true'") != std::string::npos)
    return url_decode(text, false);
  return text;
}

}  // namespace coffer::storage::azure
