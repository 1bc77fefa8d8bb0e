#include "storage/xml_extract.h"

#include <cstdint>
#include <stdexcept>

namespace coffer::storage::xml {
namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    throw std::invalid_argument("xml: invalid character reference");
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::uint32_t character_reference(std::string_view ent) {
  bool hex = ent[1] == 'x' || ent[1] == 'X';
  std::string_view digits = ent.substr(hex ? 2 : 1);
  if (digits.empty()) throw std::invalid_argument("xml: empty character reference");
  std::uint32_t cp = 0;
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else throw std::invalid_argument("xml: bad character reference '&" + std::string(ent) + ";'");
    cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
    if (cp > 0x10FFFF) throw std::invalid_argument("xml: character reference out of range");
  }
  return cp;
}

bool is_name_end(char c) { return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    std::size_t semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) throw std::invalid_argument("xml: unterminated entity reference");
    std::string_view ent = text.substr(i + 1, semi - i - 1);
    if (ent == "amp") out += '&';
    else if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "quot") out += '"';
    else if (ent == "apos") out += '\'';
    else if (ent.size() >= 2 && ent[0] == '#') append_utf8(out, character_reference(ent));
    else throw std::invalid_argument("xml: unknown entity '&" + std::string(ent) + ";'");
    i = semi;
  }
  return out;
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::vector<Element> elements(std::string_view doc, std::string_view name) {
  std::vector<Element> out;
  std::string open = "<" + std::string(name);
  std::string close = "</" + std::string(name) + ">";
  std::size_t pos = 0;
  while ((pos = doc.find(open, pos)) != std::string_view::npos) {
    std::size_t after = pos + open.size();
    if (after >= doc.size() || !is_name_end(doc[after])) {
      pos = after;
      continue;
    }
    std::size_t gt = doc.find('>', after);
    if (gt == std::string_view::npos) break;
    Element e;
    if (doc[gt - 1] == '/') {  // <name/>
      e.attributes = doc.substr(after, gt - 1 - after);
      out.push_back(e);
      pos = gt + 1;
      continue;
    }
    e.attributes = doc.substr(after, gt - after);
    std::size_t end = doc.find(close, gt + 1);
    if (end == std::string_view::npos) break;
    e.inner = doc.substr(gt + 1, end - gt - 1);
    out.push_back(e);
    pos = end + close.size();
  }
  return out;
}

std::optional<std::string> text(std::string_view doc, std::string_view name) {
  auto found = elements(doc, name);
  if (found.empty()) return std::nullopt;
  return unescape(found.front().inner);
}

}  // namespace coffer::storage::xml
