#include "kube/protobuf/protobuf_to_json.h"

#include <chrono>

#include "common/base64.h"
#include "common/rfc3339.h"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kube/protobuf/protobuf_schema.h"

namespace coffer::kube {

namespace {

using nlohmann::json;
using pb::FieldKind;
using pb::FieldRow;

constexpr std::string_view kMagic{"k8s\0", 4};
constexpr int kMaxDepth = 64;

[[noreturn]] void malformed(const std::string& what) {
  throw std::invalid_argument("malformed Kubernetes protobuf body: " + what);
}

// ---- wire reader ---------------------------------------------------------------------------

enum WireType : unsigned { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

struct WireField {
  std::uint32_t number = 0;
  unsigned wire_type = 0;
  std::uint64_t value = 0;   // varint / fixed
  std::string_view bytes;    // length-delimited
};

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool done() const { return pos_ >= data_.size(); }

  std::uint64_t varint() {
    std::uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) malformed("truncated varint");
      auto byte = static_cast<unsigned char>(data_[pos_++]);
      result |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return result;
    }
    malformed("varint longer than 10 bytes");
  }

  std::uint64_t fixed(std::size_t n) {
    if (data_.size() - pos_ < n) malformed("truncated fixed-width value");
    std::uint64_t result = 0;
    for (std::size_t i = 0; i < n; ++i)
      result |= static_cast<std::uint64_t>(static_cast<unsigned char>(data_[pos_ + i])) << (8 * i);
    pos_ += n;
    return result;
  }

  WireField next() {
    WireField f;
    std::uint64_t tag = varint();
    f.number = static_cast<std::uint32_t>(tag >> 3);
    f.wire_type = static_cast<unsigned>(tag & 7);
    if (f.number == 0 || (tag >> 3) > 0x1fffffff) malformed("invalid field number");
    switch (f.wire_type) {
      case kVarint: f.value = varint(); break;
      case kFixed64: f.value = fixed(8); break;
      case kFixed32: f.value = fixed(4); break;
      case kLengthDelimited: {
        std::uint64_t len = varint();
        if (len > data_.size() - pos_) malformed("length-delimited field " + std::to_string(f.number) + " runs past the end");
        f.bytes = data_.substr(pos_, static_cast<std::size_t>(len));
        pos_ += static_cast<std::size_t>(len);
        break;
      }
      default:
        malformed("unsupported wire type " + std::to_string(f.wire_type) + " for field " + std::to_string(f.number));
    }
    return f;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

// ---- schema index --------------------------------------------------------------------------

struct MessageInfo {
  std::vector<const FieldRow*> fields;
  bool list_wrapper = false;

  const FieldRow* find(std::uint32_t number) const {
    for (const FieldRow* f : fields)
      if (static_cast<std::uint32_t>(f->number) == number) return f;
    return nullptr;
  }
};

class Schema {
 public:
  Schema() {
    for (const FieldRow* table : {pb::kMetaV1Fields, pb::kCoreV1Fields, pb::kAppsV1Fields,
                                  pb::kBatchV1Fields, pb::kRbacV1Fields, pb::kAuthenticationV1Fields,
                                  pb::kAuthorizationV1Fields, pb::kPolicyV1Fields,
                                  pb::kSchedulingV1Fields, pb::kNetworkingV1Fields,
                                  pb::kAutoscalingV1Fields, pb::kAutoscalingV2Fields,
                                  pb::kCoordinationV1Fields}) {
      for (const FieldRow* row = table; row->kind != FieldKind::End; ++row)
        messages_[row->message].fields.push_back(row);
    }
    for (std::string_view name : pb::list_wrapper_messages()) messages_[name].list_wrapper = true;
  }

  const MessageInfo* message(std::string_view name) const {
    auto it = messages_.find(name);
    return it == messages_.end() ? nullptr : &it->second;
  }

  std::string_view root_message(std::string_view api_version, std::string_view kind) const {
    for (const pb::KindRow& k : pb::kind_table())
      if (k.kind == kind && (k.api_version.empty() || k.api_version == api_version)) return k.message;
    return {};
  }

 private:
  std::unordered_map<std::string_view, MessageInfo> messages_;
};

const Schema& schema() {
  static const Schema instance;
  return instance;
}

// ---- value formatting ----------------------------------------------------------------------

std::string rfc3339(std::int64_t seconds, std::int32_t nanos, bool micro) {
  constexpr std::int64_t kMin = -62135596800;  // 0001-01-01T00:00:00Z
  constexpr std::int64_t kMax = 253402300799;  // 9999-12-31T23:59:59Z
  if (seconds < kMin || seconds > kMax) malformed("timestamp out of range: " + std::to_string(seconds));
  auto t = std::chrono::system_clock::time_point(std::chrono::seconds(seconds)) +
           std::chrono::microseconds((nanos < 0 ? 0 : nanos) / 1000);
  return micro ? coffer::format_rfc3339_micro(t) : coffer::format_rfc3339(std::chrono::time_point_cast<std::chrono::seconds>(t));
}

// Go's time.Duration.String().
std::string go_duration(std::int64_t ns) {
  if (ns == 0) return "0s";
  bool negative = ns < 0;
  std::uint64_t u = negative ? static_cast<std::uint64_t>(-(ns + 1)) + 1 : static_cast<std::uint64_t>(ns);
  auto fraction = [](std::uint64_t v, int digits, std::string& out) {  // v / 10^digits, trailing zeros trimmed
    std::string frac;
    bool printed = false;
    for (int i = 0; i < digits; ++i) {
      unsigned digit = static_cast<unsigned>(v % 10);
      printed = printed || digit != 0;
      if (printed) frac.insert(frac.begin(), static_cast<char>('0' + digit));
      v /= 10;
    }
    out = std::to_string(v) + (frac.empty() ? "" : "." + frac);
  };
  std::string out;
  if (u < 1000000000ULL) {
    int digits;
    const char* unit;
    if (u < 1000ULL) {
      digits = 0;
      unit = "ns";
    } else if (u < 1000000ULL) {
      digits = 3;
      unit = "\xC2\xB5s";
    } else {
      digits = 6;
      unit = "ms";
    }
    fraction(u, digits, out);
    out += unit;
  } else {
    std::string secs;
    fraction(u % 60000000000ULL, 9, secs);
    std::uint64_t minutes = u / 60000000000ULL;
    out = secs + "s";
    if (minutes > 0) {
      out = std::to_string(minutes % 60) + "m" + out;
      if (minutes >= 60) out = std::to_string(minutes / 60) + "h" + out;
    }
  }
  return negative ? "-" + out : out;
}

// ---- decoder -------------------------------------------------------------------------------

json decode_message(std::string_view bytes, std::string_view message, int depth);
json decode_envelope(std::string_view body, int depth);

const char* wire_type_name(FieldKind kind) {
  switch (kind) {
    case FieldKind::Int32:
    case FieldKind::Int64:
    case FieldKind::Bool: return "varint";
    case FieldKind::Double: return "fixed64";
    default: return "length-delimited";
  }
}

unsigned expected_wire_type(FieldKind kind) {
  switch (kind) {
    case FieldKind::Int32:
    case FieldKind::Int64:
    case FieldKind::Bool: return kVarint;
    case FieldKind::Double: return kFixed64;
    default: return kLengthDelimited;
  }
}

json scalar_from_bits(FieldKind kind, std::uint64_t bits) {
  switch (kind) {
    case FieldKind::Int32: return static_cast<std::int32_t>(static_cast<std::uint32_t>(bits));
    case FieldKind::Int64: return static_cast<std::int64_t>(bits);
    case FieldKind::Bool: return bits != 0;
    case FieldKind::Double: {
      double d;
      std::memcpy(&d, &bits, sizeof d);
      return d;
    }
    default: return nullptr;
  }
}

json parse_embedded_json(std::string_view raw, const char* what) {
  json parsed = json::parse(raw.begin(), raw.end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) malformed(std::string(what) + " does not hold valid JSON");
  return parsed;
}

// Decodes one length-delimited value of a non-scalar kind. Returns a discarded value for
// "absent" (a zero Time, an empty Quantity, ...).
json decode_embedded(std::string_view bytes, FieldKind kind, std::string_view type, int depth) {
  switch (kind) {
    case FieldKind::String: return std::string(bytes);
    case FieldKind::Bytes: return coffer::base64_encode(bytes);
    case FieldKind::Message: return decode_message(bytes, type, depth + 1);
    case FieldKind::Quantity: {
      std::string value;
      for (Reader r(bytes); !r.done();) {
        WireField f = r.next();
        if (f.number == 1 && f.wire_type == kLengthDelimited) value = std::string(f.bytes);
      }
      if (value.empty()) return json(json::value_t::discarded);
      return value;
    }
    case FieldKind::Time:
    case FieldKind::MicroTime: {
      if (bytes.empty()) return json(json::value_t::discarded);  // zero time
      std::int64_t seconds = 0;
      std::int32_t nanos = 0;
      for (Reader r(bytes); !r.done();) {
        WireField f = r.next();
        if (f.number == 1 && f.wire_type == kVarint) seconds = static_cast<std::int64_t>(f.value);
        if (f.number == 2 && f.wire_type == kVarint) nanos = static_cast<std::int32_t>(f.value);
      }
      return rfc3339(seconds, nanos, kind == FieldKind::MicroTime);
    }
    case FieldKind::Duration: {
      std::int64_t ns = 0;
      for (Reader r(bytes); !r.done();) {
        WireField f = r.next();
        if (f.number == 1 && f.wire_type == kVarint) ns = static_cast<std::int64_t>(f.value);
      }
      return go_duration(ns);
    }
    case FieldKind::IntOrString: {
      std::int64_t type_value = 0;
      std::int32_t int_value = 0;
      std::string str_value;
      for (Reader r(bytes); !r.done();) {
        WireField f = r.next();
        if (f.number == 1 && f.wire_type == kVarint) type_value = static_cast<std::int64_t>(f.value);
        if (f.number == 2 && f.wire_type == kVarint) int_value = static_cast<std::int32_t>(f.value);
        if (f.number == 3 && f.wire_type == kLengthDelimited) str_value = std::string(f.bytes);
      }
      if (type_value == 1) return str_value;
      return int_value;
    }
    case FieldKind::FieldsV1:
    case FieldKind::RawExtension: {
      std::string_view raw;
      for (Reader r(bytes); !r.done();) {
        WireField f = r.next();
        if (f.number == 1 && f.wire_type == kLengthDelimited) raw = f.bytes;
      }
      if (raw.empty()) return json(json::value_t::discarded);
      if (kind == FieldKind::RawExtension && raw.substr(0, kMagic.size()) == kMagic)
        return decode_envelope(raw, depth + 1);
      return parse_embedded_json(raw, kind == FieldKind::FieldsV1 ? "FieldsV1" : "RawExtension");
    }
    default: return json(json::value_t::discarded);
  }
}

json decode_map_entry_value(const FieldRow& row, std::string_view entry, std::string& key, int depth) {
  std::string_view value_bytes;
  for (Reader r(entry); !r.done();) {
    WireField f = r.next();
    if (f.wire_type != kLengthDelimited) continue;
    if (f.number == 1) key = std::string(f.bytes);
    if (f.number == 2) value_bytes = f.bytes;
  }
  switch (row.kind) {
    case FieldKind::MapString: return std::string(value_bytes);
    case FieldKind::MapBytes: return coffer::base64_encode(value_bytes);
    case FieldKind::MapQuantity: {
      json q = decode_embedded(value_bytes, FieldKind::Quantity, {}, depth);
      return q.is_discarded() ? json("0") : q;
    }
    default: return decode_embedded(value_bytes, FieldKind::Message, row.type, depth);
  }
}

bool is_zero(const json& v) {
  switch (v.type()) {
    case json::value_t::string: return v.get_ref<const std::string&>().empty();
    case json::value_t::boolean: return !v.get<bool>();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return v.get<std::int64_t>() == 0;
    case json::value_t::number_float: return v.get<double>() == 0.0;
    case json::value_t::null: return true;
    default: return false;
  }
}

bool is_scalar_kind(FieldKind kind) {
  return kind == FieldKind::Int32 || kind == FieldKind::Int64 || kind == FieldKind::Bool || kind == FieldKind::Double;
}

json decode_message(std::string_view bytes, std::string_view message, int depth) {
  if (depth > kMaxDepth) malformed("messages nested too deeply");
  const MessageInfo* info = schema().message(message);
  if (info == nullptr) throw std::logic_error("protobuf schema has no message " + std::string(message));

  json out = json::object();
  std::unordered_set<const FieldRow*> present;
  for (Reader r(bytes); !r.done();) {
    WireField f = r.next();
    const FieldRow* row = info->find(f.number);
    if (row == nullptr) continue;  // unknown field: skip
    const FieldRow& fr = *row;
    const bool repeated = (fr.flags & pb::kRepeated) != 0;

    // Packed repeated scalars.
    if (repeated && is_scalar_kind(fr.kind) && f.wire_type == kLengthDelimited) {
      json& arr = out[std::string(fr.json)];
      if (!arr.is_array()) arr = json::array();
      for (Reader packed(f.bytes); !packed.done();) {
        std::uint64_t bits = fr.kind == FieldKind::Double ? packed.fixed(8) : packed.varint();
        arr.push_back(scalar_from_bits(fr.kind, bits));
      }
      continue;
    }
    if (f.wire_type != expected_wire_type(fr.kind)) {
      malformed(std::string(message) + " field " + std::to_string(f.number) + " (" + std::string(fr.json) +
                ") should be " + wire_type_name(fr.kind) + ", got wire type " + std::to_string(f.wire_type));
    }

    json value;
    switch (fr.kind) {
      case FieldKind::Int32:
      case FieldKind::Int64:
      case FieldKind::Bool:
      case FieldKind::Double: value = scalar_from_bits(fr.kind, f.value); break;
      case FieldKind::MapString:
      case FieldKind::MapBytes:
      case FieldKind::MapQuantity:
      case FieldKind::Map: {
        std::string key;
        json v = decode_map_entry_value(fr, f.bytes, key, depth);
        json& obj = out[std::string(fr.json)];
        if (!obj.is_object()) obj = json::object();
        obj[key] = std::move(v);
        continue;
      }
      default: value = decode_embedded(f.bytes, fr.kind, fr.type, depth); break;
    }
    if (value.is_discarded()) continue;

    if (fr.flags & pb::kInline) {
      if (value.is_object())
        for (auto& [k, v] : value.items()) out[k] = std::move(v);
      continue;
    }
    std::string name(fr.json);
    if (repeated) {
      json& arr = out[name];
      if (!arr.is_array()) arr = json::array();
      arr.push_back(std::move(value));
      continue;
    }
    // Singular: last one wins (messages merge member-wise, as proto does).
    if (fr.kind == FieldKind::Message && value.is_object() && out.contains(name) && out[name].is_object()) {
      out[name].update(value);
    } else {
      out[name] = std::move(value);
    }
    present.insert(row);
  }

  // Drop zero scalars that the JSON codec would omit (Go writes non-pointer scalars always).
  for (const FieldRow* row : present) {
    if (row->flags & (pb::kPointer | pb::kAlways)) continue;
    if (row->kind == FieldKind::Message) continue;
    auto it = out.find(std::string(row->json));
    if (it != out.end() && is_zero(*it)) out.erase(it);
  }
  // Zero IntOrString of a non-pointer field: omitted (unset).
  for (const FieldRow* row : present) {
    if (row->kind != FieldKind::IntOrString || (row->flags & pb::kPointer)) continue;
    auto it = out.find(std::string(row->json));
    if (it != out.end() && it->is_number_integer() && it->get<std::int64_t>() == 0) out.erase(it);
  }

  if (info->list_wrapper) {
    auto it = out.find("items");
    return it != out.end() ? *it : json::array();
  }
  return out;
}

json decode_envelope(std::string_view body, int depth) {
  if (body.size() < kMagic.size() || body.substr(0, kMagic.size()) != kMagic)
    throw std::invalid_argument("not a Kubernetes protobuf body: missing the \"k8s\\0\" magic prefix");
  std::string api_version, kind, content_encoding, content_type;
  std::string_view raw;
  for (Reader r(body.substr(kMagic.size())); !r.done();) {
    WireField f = r.next();
    if (f.wire_type != kLengthDelimited) continue;
    switch (f.number) {
      case 1:
        for (Reader tm(f.bytes); !tm.done();) {
          WireField t = tm.next();
          if (t.wire_type != kLengthDelimited) continue;
          if (t.number == 1) api_version = std::string(t.bytes);
          if (t.number == 2) kind = std::string(t.bytes);
        }
        break;
      case 2: raw = f.bytes; break;
      case 3: content_encoding = std::string(f.bytes); break;
      case 4: content_type = std::string(f.bytes); break;
      default: break;
    }
  }
  if (kind.empty()) malformed("the envelope has no typeMeta.kind");
  if (!content_encoding.empty())
    throw std::invalid_argument("kubesim cannot decode protobuf with contentEncoding \"" + content_encoding + "\"; send JSON");
  const std::string what = (api_version.empty() ? std::string("<no apiVersion>") : api_version) + " " + kind;
  if (!content_type.empty() && content_type != kKubernetesProtobufContentType) {
    if (content_type == "application/json") {
      json obj = parse_embedded_json(raw, "raw");
      if (!obj.is_object()) malformed("raw JSON of " + what + " is not an object");
      obj["apiVersion"] = api_version;
      obj["kind"] = kind;
      return obj;
    }
    throw std::invalid_argument("kubesim cannot decode protobuf for " + what + " with contentType \"" + content_type + "\"; send JSON");
  }
  std::string_view root = schema().root_message(api_version, kind);
  if (root.empty()) throw std::invalid_argument("kubesim cannot decode protobuf for " + what + "; send JSON");
  json obj;
  try {
    obj = decode_message(raw, root, depth);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string(e.what()) + " (decoding " + what + ")");
  }
  json out = json::object();
  if (!api_version.empty()) out["apiVersion"] = api_version;
  out["kind"] = kind;
  for (auto& [k, v] : obj.items()) out[k] = std::move(v);
  return out;
}

}  // namespace

bool has_kubernetes_protobuf_magic(std::string_view body) {
  return body.size() >= kMagic.size() && body.substr(0, kMagic.size()) == kMagic;
}

nlohmann::json decode_kubernetes_protobuf(std::string_view body) { return decode_envelope(body, 0); }

}  // namespace coffer::kube
