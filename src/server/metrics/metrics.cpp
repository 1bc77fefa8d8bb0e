#include "server/metrics/metrics.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace coffer::server {
namespace {

bool valid_name(const std::string& s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::ostringstream os;
  os.precision(17);
  os << v;
  return os.str();
}

std::string label_text(const std::vector<std::string>& names, const std::vector<std::string>& values,
                       const std::string& extra = "") {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (out.empty() ? "" : ",") + names[i] + "=\"" + escape_label(values[i]) + "\"";
  if (!extra.empty()) out += (out.empty() ? "" : ",") + extra;
  return out.empty() ? "" : "{" + out + "}";
}

const char* type_name(MetricsRegistry::Type t) {
  switch (t) {
    case MetricsRegistry::Type::Counter: return "counter";
    case MetricsRegistry::Type::Gauge: return "gauge";
    case MetricsRegistry::Type::Histogram: return "histogram";
  }
  return "untyped";
}

}  // namespace

void MetricsRegistry::declare(const std::string& name, Metric metric) {
  if (!valid_name(name)) throw std::logic_error("invalid metric name " + name);
  for (const auto& l : metric.label_names)
    if (!valid_name(l) || l == "le") throw std::logic_error("invalid label name " + l + " of " + name);
  std::lock_guard lock(mu_);
  if (!metrics_.emplace(name, std::move(metric)).second) throw std::logic_error("metric registered twice: " + name);
}

void MetricsRegistry::counter(const std::string& name, const std::string& help, std::vector<std::string> labels) {
  declare(name, {Type::Counter, help, std::move(labels), {}, {}});
}

void MetricsRegistry::gauge(const std::string& name, const std::string& help, std::vector<std::string> labels) {
  declare(name, {Type::Gauge, help, std::move(labels), {}, {}});
}

void MetricsRegistry::histogram(const std::string& name, const std::string& help, std::vector<double> buckets,
                                std::vector<std::string> labels) {
  for (std::size_t i = 1; i < buckets.size(); ++i)
    if (!(buckets[i] > buckets[i - 1])) throw std::logic_error("histogram buckets must increase: " + name);
  declare(name, {Type::Histogram, help, std::move(labels), std::move(buckets), {}});
}

MetricsRegistry::Metric& MetricsRegistry::find(const std::string& name, Type type,
                                               const std::vector<std::string>& label_values) {
  auto it = metrics_.find(name);
  if (it == metrics_.end() || it->second.type != type) throw std::logic_error("no such metric: " + name);
  if (label_values.size() != it->second.label_names.size())
    throw std::logic_error("metric " + name + " takes " + std::to_string(it->second.label_names.size()) + " labels");
  return it->second;
}

void MetricsRegistry::add(const std::string& name, const std::vector<std::string>& values, double delta) {
  std::lock_guard lock(mu_);
  auto it = metrics_.find(name);
  Type t = it != metrics_.end() && it->second.type == Type::Gauge ? Type::Gauge : Type::Counter;
  if (t == Type::Counter && delta < 0) throw std::logic_error("counter " + name + " cannot decrease");
  find(name, t, values).series[values].value += delta;
}

void MetricsRegistry::set(const std::string& name, const std::vector<std::string>& values, double value) {
  std::lock_guard lock(mu_);
  find(name, Type::Gauge, values).series[values].value = value;
}

void MetricsRegistry::observe(const std::string& name, const std::vector<std::string>& values, double value) {
  std::lock_guard lock(mu_);
  Metric& m = find(name, Type::Histogram, values);
  Series& s = m.series[values];
  if (s.counts.empty()) s.counts.assign(m.buckets.size(), 0);
  for (std::size_t i = 0; i < m.buckets.size(); ++i)
    if (value <= m.buckets[i]) {
      ++s.counts[i];
      break;
    }
  s.value += value;
  ++s.count;
}

std::string MetricsRegistry::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, m] : metrics_) {
    out += "# HELP " + name + " " + m.help + "\n# TYPE " + name + " " + type_name(m.type) + "\n";
    if (m.series.empty() && m.label_names.empty() && m.type != Type::Histogram) out += name + " 0\n";
    for (const auto& [values, s] : m.series) {
      if (m.type != Type::Histogram) {
        out += name + label_text(m.label_names, values) + " " + number(s.value) + "\n";
        continue;
      }
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < m.buckets.size(); ++i) {
        cumulative += s.counts[i];
        out += name + "_bucket" + label_text(m.label_names, values, "le=\"" + number(m.buckets[i]) + "\"") + " " +
               std::to_string(cumulative) + "\n";
      }
      out += name + "_bucket" + label_text(m.label_names, values, "le=\"+Inf\"") + " " + std::to_string(s.count) + "\n";
      out += name + "_sum" + label_text(m.label_names, values) + " " + number(s.value) + "\n";
      out += name + "_count" + label_text(m.label_names, values) + " " + std::to_string(s.count) + "\n";
    }
  }
  return out;
}

}  // namespace coffer::server
