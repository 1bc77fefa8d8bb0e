#pragma once
// ObjectStore: kubesim's storage — every object of every resource as compact JSON, a
// cluster-wide monotonic resourceVersion, an event log that watches and continue tokens read,
// and an append-only journal in the data directory so a restarted kubesim keeps its state.
//
// Objects are immutable once stored (shared_ptr<const StoredObject>): readers never copy under
// the lock, events share the stored bytes, and a LIST streams the stored JSON as it is.
// Writes are atomic per object with an optional resourceVersion precondition; callers build
// read-modify-write loops on top (as the real apiserver's GuaranteedUpdate does).
#include <condition_variable>
#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace coffer::kubesim {

using Labels = std::map<std::string, std::string>;

struct StoredObject {
  std::string resource;  // group-resource: "deployments.apps", "pods"
  std::string ns;        // empty for cluster-scoped objects
  std::string name;
  uint64_t rv = 0;
  std::string json;      // compact JSON, metadata.resourceVersion == rv
  Labels labels;
  std::string uid;
  std::vector<std::string> owner_uids;  // metadata.ownerReferences[].uid
};
using ObjectPtr = std::shared_ptr<const StoredObject>;

enum class EventType { Added, Modified, Deleted };
const char* event_type_name(EventType t);

struct Event {
  uint64_t rv;
  EventType type;
  ObjectPtr object;    // for Deleted: the last state, with rv set to the deletion's rv
  ObjectPtr previous;  // the state this event replaced (null for Added)
};

// Thrown by writes whose preconditions fail.
struct StoreConflict : std::runtime_error { using std::runtime_error::runtime_error; };
struct StoreNotFound : std::runtime_error { using std::runtime_error::runtime_error; };
struct StoreAlreadyExists : std::runtime_error { using std::runtime_error::runtime_error; };
// A watch or continue token asked for history the event log no longer holds (HTTP 410).
struct StoreExpired : std::runtime_error { using std::runtime_error::runtime_error; };

struct StoreOptions {
  std::filesystem::path journal_dir;  // empty: memory only
  // Events older than this are compacted away (etcd's default compaction is 5 minutes).
  std::chrono::milliseconds event_retention{std::chrono::minutes(5)};
  size_t max_events = 500000;  // the log never holds more than this many events
};

class ObjectStore {
 public:
  explicit ObjectStore(StoreOptions options);
  ~ObjectStore();
  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;

  uint64_t current_rv() const;
  // Oldest resourceVersion a watch may start from (older → StoreExpired).
  uint64_t oldest_watchable_rv() const;

  ObjectPtr get(const std::string& resource, std::string_view ns, std::string_view name) const;

  // One page of a resource in key order (namespace, then name). `after` is the key of the last
  // item of the previous page ("" to start); `ns` empty means every namespace. `offset` is how
  // many keys of the scope earlier pages walked; it makes `remaining` O(1) to compute.
  // `snapshot_rv` (non-zero) reads the scope as it was at that resourceVersion, from the event
  // log, so the pages of one paged LIST form a consistent snapshot; throws StoreExpired when
  // the log no longer reaches back that far.
  struct Page {
    std::vector<ObjectPtr> items;
    uint64_t rv = 0;            // resourceVersion the page was read at
    std::string last_key;       // key of the last item returned
    bool more = false;          // items remain after last_key
    size_t scanned = 0;         // keys walked by this page (matching or not)
    size_t remaining = 0;       // how many items remain after this page (matching or not)
  };
  using Filter = std::function<bool(const StoredObject&)>;
  Page list(const std::string& resource, std::string_view ns, std::string_view after,
            size_t limit /*0 = all*/, const Filter& filter, size_t offset = 0,
            uint64_t snapshot_rv = 0) const;
  size_t count(const std::string& resource) const;
  // Every resource that holds at least one object.
  std::vector<std::string> resources() const;

  // Writes. `object` must carry metadata.name (and metadata.namespace when ns is non-empty).
  // The store sets metadata.resourceVersion. expected_rv 0 = no precondition.
  ObjectPtr create(const std::string& resource, nlohmann::json object);
  ObjectPtr update(const std::string& resource, nlohmann::json object, uint64_t expected_rv);
  ObjectPtr remove(const std::string& resource, std::string_view ns, std::string_view name,
                   uint64_t expected_rv);
  // Removes every object of a resource (CRD deletion), publishing Deleted events.
  size_t remove_all(const std::string& resource);

  // Events after `from_rv` (exclusive) up to now, waiting up to `wait` for at least one.
  // Throws StoreExpired when from_rv is older than the log. Returns (events, rv reached).
  std::pair<std::vector<Event>, uint64_t> events_after(uint64_t from_rv,
                                                        std::chrono::milliseconds wait) const;
  // Wakes every waiter (shutdown).
  void interrupt();
  bool interrupted() const;

  // Writes the journal anew with only the live objects (done at start and clean shutdown).
  void compact_journal();
  // Approximate bytes of stored JSON (for the memory benchmark).
  size_t stored_bytes() const;

  static std::string key_of(std::string_view ns, std::string_view name);

 private:
  ObjectPtr make_stored(const std::string& resource, nlohmann::json& object, uint64_t rv) const;
  void publish(EventType type, ObjectPtr object, ObjectPtr previous);  // with mu_ held exclusively
  void journal_put(const StoredObject& o);
  void journal_delete(const StoredObject& o, uint64_t rv);
  void load_journal();
  void trim_events();
  size_t scope_count(const std::string& resource, std::string_view ns) const;  // mu_ held
  Page list_snapshot(const std::string& resource, const std::string& prefix, std::string_view after,
                     size_t limit, const Filter& filter, size_t offset, uint64_t snapshot_rv) const;

  StoreOptions options_;
  mutable std::shared_mutex mu_;
  mutable std::condition_variable_any events_cv_;
  std::unordered_map<std::string, std::map<std::string, ObjectPtr, std::less<>>> objects_;
  // Objects per (resource, namespace), for remainingItemCount without walking the map.
  std::unordered_map<std::string, std::unordered_map<std::string, size_t>> namespace_counts_;
  std::deque<Event> events_;
  std::deque<std::chrono::steady_clock::time_point> event_times_;
  uint64_t rv_ = 0;
  uint64_t compacted_rv_ = 0;  // every event with rv <= this is gone from the log
  size_t stored_bytes_ = 0;
  bool interrupted_ = false;
  std::FILE* journal_ = nullptr;
};

}  // namespace coffer::kubesim
