#pragma once
// Prometheus metrics of the control plane: counters, gauges and histograms with labels, rendered
// in the text exposition format (version 0.0.4) for GET /metrics. Thread-safe; a metric is
// registered once and its label sets are created on first use.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace coffer::server {

using Labels = std::vector<std::pair<std::string, std::string>>;  // in the order the metric declares them

class MetricsRegistry {
 public:
  enum class Type { Counter, Gauge, Histogram };

  // Registration; names and label names must be valid Prometheus identifiers (logic_error otherwise).
  void counter(const std::string& name, const std::string& help, std::vector<std::string> label_names = {});
  void gauge(const std::string& name, const std::string& help, std::vector<std::string> label_names = {});
  void histogram(const std::string& name, const std::string& help, std::vector<double> buckets,
                 std::vector<std::string> label_names = {});

  void add(const std::string& name, const std::vector<std::string>& label_values, double delta = 1);
  void set(const std::string& name, const std::vector<std::string>& label_values, double value);
  void observe(const std::string& name, const std::vector<std::string>& label_values, double value);

  std::string render() const;  // "# HELP ...\n# TYPE ...\nname{a=\"b\"} 1\n..."

 private:
  struct Series {
    double value = 0;                   // counter/gauge; histogram sum
    std::vector<std::uint64_t> counts;  // histogram: per bucket (not cumulative)
    std::uint64_t count = 0;            // histogram observations
  };
  struct Metric {
    Type type;
    std::string help;
    std::vector<std::string> label_names;
    std::vector<double> buckets;
    std::map<std::vector<std::string>, Series> series;
  };
  Metric& find(const std::string& name, Type type, const std::vector<std::string>& label_values);
  void declare(const std::string& name, Metric metric);

  mutable std::mutex mu_;
  std::map<std::string, Metric> metrics_;
};

}  // namespace coffer::server
