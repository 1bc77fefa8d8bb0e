#include "kubesim/store/object_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <fstream>

namespace coffer::kubesim {
namespace {
constexpr char kJournal[] = "objects.journal";

const nlohmann::json* find_path(const nlohmann::json& j, const char* a, const char* b) {
  auto it = j.find(a);
  if (it == j.end() || !it->is_object()) return nullptr;
  auto jt = it->find(b);
  return jt == it->end() ? nullptr : &*jt;
}

std::string string_at(const nlohmann::json& j, const char* a, const char* b) {
  const nlohmann::json* v = find_path(j, a, b);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}
}  // namespace

const char* event_type_name(EventType t) {
  switch (t) {
    case EventType::Added: return "ADDED";
    case EventType::Modified: return "MODIFIED";
    case EventType::Deleted: return "DELETED";
  }
  return "ERROR";
}

std::string ObjectStore::key_of(std::string_view ns, std::string_view name) {
  std::string key;
  key.reserve(ns.size() + name.size() + 1);
  key.append(ns).append("/").append(name);
  return key;
}

ObjectStore::ObjectStore(StoreOptions options) : options_(std::move(options)) {
  if (!options_.journal_dir.empty()) {
    std::filesystem::create_directories(options_.journal_dir);
    load_journal();
    compact_journal();
  }
}

ObjectStore::~ObjectStore() {
  interrupt();
  if (journal_) {
    compact_journal();
    std::fclose(journal_);
  }
}

uint64_t ObjectStore::current_rv() const {
  std::shared_lock lock(mu_);
  return rv_;
}

uint64_t ObjectStore::oldest_watchable_rv() const {
  std::shared_lock lock(mu_);
  return compacted_rv_;
}

ObjectPtr ObjectStore::get(const std::string& resource, std::string_view ns,
                           std::string_view name) const {
  std::shared_lock lock(mu_);
  auto r = objects_.find(resource);
  if (r == objects_.end()) return nullptr;
  auto it = r->second.find(key_of(ns, name));
  return it == r->second.end() ? nullptr : it->second;
}

ObjectStore::Page ObjectStore::list(const std::string& resource, std::string_view ns,
                                    std::string_view after, size_t limit,
                                    const Filter& filter, size_t offset, uint64_t snapshot_rv) const {
  Page page;
  std::shared_lock lock(mu_);
  page.rv = rv_;
  std::string prefix = ns.empty() ? std::string() : key_of(ns, "");
  if (snapshot_rv && snapshot_rv < rv_) {
    if (snapshot_rv < compacted_rv_)
      throw StoreExpired("too old resource version: " + std::to_string(snapshot_rv));
    return list_snapshot(resource, prefix, after, limit, filter, offset, snapshot_rv);
  }
  auto r = objects_.find(resource);
  if (r == objects_.end()) return page;
  const auto& map = r->second;
  auto it = after.empty() ? map.lower_bound(prefix) : map.upper_bound(after);
  if (!after.empty() && !prefix.empty() && after.substr(0, prefix.size()) != prefix)
    it = map.lower_bound(prefix);
  for (; it != map.end(); ++it) {
    if (!prefix.empty() && it->first.compare(0, prefix.size(), prefix) != 0) break;
    if (limit && page.items.size() == limit) {
      page.more = true;
      break;
    }
    page.last_key = it->first;
    ++page.scanned;
    if (!filter || filter(*it->second)) page.items.push_back(it->second);
  }
  if (page.more) {
    size_t total = scope_count(resource, ns);
    size_t seen = offset + page.scanned;
    page.remaining = total > seen ? total - seen : 0;
  }
  return page;
}

ObjectStore::Page ObjectStore::list_snapshot(const std::string& resource, const std::string& prefix,
                                             std::string_view after, size_t limit, const Filter& filter,
                                             size_t offset, uint64_t snapshot_rv) const {
  // The state at snapshot_rv of every key changed since: the state the first later event
  // replaced (null: the key did not exist then).
  std::map<std::string, ObjectPtr, std::less<>> then;
  auto ev = std::upper_bound(events_.begin(), events_.end(), snapshot_rv,
                             [](uint64_t rv, const Event& e) { return rv < e.rv; });
  for (; ev != events_.end(); ++ev) {
    const StoredObject& o = *ev->object;
    if (o.resource != resource) continue;
    std::string key = key_of(o.ns, o.name);
    if (!prefix.empty() && key.compare(0, prefix.size(), prefix) != 0) continue;
    then.emplace(std::move(key), ev->previous);  // keeps the first (earliest) only
  }
  Page page;
  page.rv = snapshot_rv;
  static const std::map<std::string, ObjectPtr, std::less<>> kEmpty;
  auto r = objects_.find(resource);
  const auto& map = r == objects_.end() ? kEmpty : r->second;
  auto start = [&](const auto& m) {
    auto it = after.empty() ? m.lower_bound(prefix) : m.upper_bound(after);
    if (!after.empty() && !prefix.empty() && after.substr(0, prefix.size()) != prefix) it = m.lower_bound(prefix);
    return it;
  };
  auto cur = start(map);
  auto chg = start(then);
  auto in_scope = [&](const std::string& key) { return prefix.empty() || key.compare(0, prefix.size(), prefix) == 0; };
  while (true) {
    bool cur_ok = cur != map.end() && in_scope(cur->first);
    bool chg_ok = chg != then.end() && in_scope(chg->first);
    if (!cur_ok && !chg_ok) break;
    ObjectPtr obj;
    std::string key;
    if (chg_ok && (!cur_ok || chg->first <= cur->first)) {
      key = chg->first;
      obj = chg->second;
      if (cur_ok && cur->first == chg->first) ++cur;
      ++chg;
    } else {
      key = cur->first;
      obj = cur->second;
      ++cur;
    }
    if (!obj) continue;
    if (limit && page.items.size() == limit) {
      page.more = true;
      break;
    }
    page.last_key = key;
    ++page.scanned;
    if (!filter || filter(*obj)) page.items.push_back(obj);
  }
  if (page.more) {
    // An estimate, as the apiserver's remainingItemCount is: today's count of the scope.
    size_t total = scope_count(resource, prefix.empty() ? std::string_view() : std::string_view(prefix).substr(0, prefix.size() - 1));
    size_t seen = offset + page.scanned;
    page.remaining = total > seen ? total - seen : 0;
  }
  return page;
}

size_t ObjectStore::scope_count(const std::string& resource, std::string_view ns) const {
  auto r = objects_.find(resource);
  if (r == objects_.end()) return 0;
  if (ns.empty()) return r->second.size();
  auto counts = namespace_counts_.find(resource);
  if (counts == namespace_counts_.end()) return 0;
  auto c = counts->second.find(std::string(ns));
  return c == counts->second.end() ? 0 : c->second;
}

size_t ObjectStore::count(const std::string& resource) const {
  std::shared_lock lock(mu_);
  auto r = objects_.find(resource);
  return r == objects_.end() ? 0 : r->second.size();
}

std::vector<std::string> ObjectStore::resources() const {
  std::shared_lock lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, map] : objects_)
    if (!map.empty()) out.push_back(name);
  return out;
}

ObjectPtr ObjectStore::make_stored(const std::string& resource, nlohmann::json& object,
                                   uint64_t rv) const {
  auto stored = std::make_shared<StoredObject>();
  stored->resource = resource;
  auto& meta = object["metadata"];
  stored->ns = meta.contains("namespace") && meta["namespace"].is_string()
                   ? meta["namespace"].get<std::string>()
                   : std::string();
  stored->name = meta.value("name", std::string());
  stored->rv = rv;
  stored->uid = meta.value("uid", std::string());
  meta["resourceVersion"] = std::to_string(rv);
  if (auto it = meta.find("labels"); it != meta.end() && it->is_object())
    for (auto& [k, v] : it->items())
      if (v.is_string()) stored->labels.emplace(k, v.get<std::string>());
  if (auto it = meta.find("ownerReferences"); it != meta.end() && it->is_array())
    for (auto& ref : *it)
      if (ref.is_object() && ref.contains("uid") && ref["uid"].is_string())
        stored->owner_uids.push_back(ref["uid"].get<std::string>());
  stored->json = object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return stored;
}

ObjectPtr ObjectStore::create(const std::string& resource, nlohmann::json object) {
  std::unique_lock lock(mu_);
  std::string key = key_of(string_at(object, "metadata", "namespace"),
                           string_at(object, "metadata", "name"));
  auto& map = objects_[resource];
  if (map.count(key)) throw StoreAlreadyExists(key);
  ObjectPtr stored = make_stored(resource, object, rv_ + 1);
  ++rv_;
  map.emplace(std::move(key), stored);
  ++namespace_counts_[resource][stored->ns];
  stored_bytes_ += stored->json.size();
  journal_put(*stored);
  publish(EventType::Added, stored, nullptr);
  return stored;
}

ObjectPtr ObjectStore::update(const std::string& resource, nlohmann::json object,
                              uint64_t expected_rv) {
  std::unique_lock lock(mu_);
  std::string key = key_of(string_at(object, "metadata", "namespace"),
                           string_at(object, "metadata", "name"));
  auto& map = objects_[resource];
  auto it = map.find(key);
  if (it == map.end()) throw StoreNotFound(key);
  if (expected_rv && it->second->rv != expected_rv) throw StoreConflict(key);
  ObjectPtr stored = make_stored(resource, object, rv_ + 1);
  ++rv_;
  stored_bytes_ += stored->json.size();
  stored_bytes_ -= it->second->json.size();
  ObjectPtr previous = std::move(it->second);
  it->second = stored;
  journal_put(*stored);
  publish(EventType::Modified, stored, std::move(previous));
  return stored;
}

ObjectPtr ObjectStore::remove(const std::string& resource, std::string_view ns,
                              std::string_view name, uint64_t expected_rv) {
  std::unique_lock lock(mu_);
  auto r = objects_.find(resource);
  std::string key = key_of(ns, name);
  if (r == objects_.end()) throw StoreNotFound(key);
  auto it = r->second.find(key);
  if (it == r->second.end()) throw StoreNotFound(key);
  if (expected_rv && it->second->rv != expected_rv) throw StoreConflict(key);
  ObjectPtr old = it->second;
  r->second.erase(it);
  --namespace_counts_[resource][old->ns];
  stored_bytes_ -= old->json.size();
  ++rv_;
  // The DELETED event carries the object's last state at the deletion's resourceVersion.
  nlohmann::json last = nlohmann::json::parse(old->json);
  ObjectPtr gone = make_stored(resource, last, rv_);
  journal_delete(*old, rv_);
  publish(EventType::Deleted, gone, old);
  return gone;
}

size_t ObjectStore::remove_all(const std::string& resource) {
  std::vector<ObjectPtr> victims;
  {
    std::shared_lock lock(mu_);
    auto r = objects_.find(resource);
    if (r == objects_.end()) return 0;
    for (auto& [key, obj] : r->second) victims.push_back(obj);
  }
  size_t removed = 0;
  for (auto& v : victims) {
    try {
      remove(resource, v->ns, v->name, 0);
      ++removed;
    } catch (const StoreNotFound&) {
    }
  }
  return removed;
}

void ObjectStore::publish(EventType type, ObjectPtr object, ObjectPtr previous) {
  events_.push_back(Event{object->rv, type, std::move(object), std::move(previous)});
  event_times_.push_back(std::chrono::steady_clock::now());
  trim_events();
  events_cv_.notify_all();
}

void ObjectStore::trim_events() {
  auto horizon = std::chrono::steady_clock::now() - options_.event_retention;
  while (!events_.empty() &&
         (events_.size() > options_.max_events || event_times_.front() < horizon)) {
    compacted_rv_ = events_.front().rv;
    events_.pop_front();
    event_times_.pop_front();
  }
}

std::pair<std::vector<Event>, uint64_t> ObjectStore::events_after(
    uint64_t from_rv, std::chrono::milliseconds wait) const {
  std::shared_lock lock(mu_);
  if (from_rv < compacted_rv_)
    throw StoreExpired("too old resource version: " + std::to_string(from_rv) + " (" +
                       std::to_string(compacted_rv_ + 1) + ")");
  if (rv_ <= from_rv && !interrupted_)
    events_cv_.wait_for(lock, wait, [&] { return rv_ > from_rv || interrupted_; });
  if (from_rv < compacted_rv_)
    throw StoreExpired("too old resource version: " + std::to_string(from_rv) + " (" +
                       std::to_string(compacted_rv_ + 1) + ")");
  std::vector<Event> out;
  auto it = std::upper_bound(events_.begin(), events_.end(), from_rv,
                             [](uint64_t rv, const Event& e) { return rv < e.rv; });
  for (; it != events_.end(); ++it) out.push_back(*it);
  return {std::move(out), rv_};
}

void ObjectStore::interrupt() {
  std::unique_lock lock(mu_);
  interrupted_ = true;
  events_cv_.notify_all();
}

bool ObjectStore::interrupted() const {
  std::shared_lock lock(mu_);
  return interrupted_;
}

size_t ObjectStore::stored_bytes() const {
  std::shared_lock lock(mu_);
  return stored_bytes_;
}

// The journal: one line per write. "P <resource> <json>" stores an object (its rv is in its
// metadata); "D <resource> <rv> <ns>/<name>" deletes one. Replayed in order at start.
void ObjectStore::journal_put(const StoredObject& o) {
  if (!journal_) return;
  std::fprintf(journal_, "P %s ", o.resource.c_str());
  std::fwrite(o.json.data(), 1, o.json.size(), journal_);
  std::fputc('\n', journal_);
  std::fflush(journal_);
}

void ObjectStore::journal_delete(const StoredObject& o, uint64_t rv) {
  if (!journal_) return;
  std::fprintf(journal_, "D %s %llu %s/%s\n", o.resource.c_str(), (unsigned long long)rv,
               o.ns.c_str(), o.name.c_str());
  std::fflush(journal_);
}

void ObjectStore::load_journal() {
  std::ifstream in(options_.journal_dir / kJournal);
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.size() < 4 || line[1] != ' ') continue;
    size_t sp = line.find(' ', 2);
    if (sp == std::string::npos) continue;
    std::string resource = line.substr(2, sp - 2);
    if (line[0] == 'P') {
      nlohmann::json obj = nlohmann::json::parse(line.begin() + long(sp) + 1, line.end(), nullptr,
                                                 /*allow_exceptions=*/false);
      if (obj.is_discarded() || !obj.is_object()) continue;  // a torn last line after a crash
      uint64_t rv = std::stoull(string_at(obj, "metadata", "resourceVersion"));
      std::string key = key_of(string_at(obj, "metadata", "namespace"),
                               string_at(obj, "metadata", "name"));
      ObjectPtr stored = make_stored(resource, obj, rv);
      auto& slot = objects_[resource][key];
      if (slot) stored_bytes_ -= slot->json.size();
      else ++namespace_counts_[resource][stored->ns];
      slot = stored;
      stored_bytes_ += stored->json.size();
      rv_ = std::max(rv_, rv);
    } else if (line[0] == 'D') {
      size_t sp2 = line.find(' ', sp + 1);
      if (sp2 == std::string::npos) continue;
      uint64_t rv = std::stoull(line.substr(sp + 1, sp2 - sp - 1));
      std::string key = line.substr(sp2 + 1);
      auto r = objects_.find(resource);
      if (r != objects_.end()) {
        auto it = r->second.find(key);
        if (it != r->second.end()) {
          stored_bytes_ -= it->second->json.size();
          --namespace_counts_[resource][it->second->ns];
          r->second.erase(it);
        }
      }
      rv_ = std::max(rv_, rv);
    }
  }
  compacted_rv_ = rv_;  // history before a restart is gone, as after an etcd compaction
}

void ObjectStore::compact_journal() {
  if (options_.journal_dir.empty()) return;
  std::unique_lock lock(mu_);
  auto path = options_.journal_dir / kJournal;
  auto tmp = options_.journal_dir / (std::string(kJournal) + ".tmp");
  std::FILE* out = std::fopen(tmp.c_str(), "w");
  if (!out) throw std::runtime_error("cannot write " + tmp.string() + ": " + std::strerror(errno));
  for (const auto& [resource, map] : objects_)
    for (const auto& [key, o] : map) {
      std::fprintf(out, "P %s ", resource.c_str());
      std::fwrite(o->json.data(), 1, o->json.size(), out);
      std::fputc('\n', out);
    }
  // Keep the highest resourceVersion even when its object was deleted.
  std::fprintf(out, "D - %llu -/-\n", (unsigned long long)rv_);
  std::fflush(out);
  ::fsync(fileno(out));
  std::fclose(out);
  std::filesystem::rename(tmp, path);
  if (journal_) std::fclose(journal_);
  journal_ = std::fopen(path.c_str(), "a");
  if (!journal_) throw std::runtime_error("cannot open " + path.string() + ": " + std::strerror(errno));
}

}  // namespace coffer::kubesim
