#pragma once
// Serves the web UI's built files (ui/ built by Vite) from a directory: GET and HEAD only, no
// path leaves the root, a content type by extension, hashed assets cached for a year, and
// index.html for any other path without an extension so the UI's own routes (/backups/b1)
// survive a reload. Text files (scripts, styles, HTML, SVG, JSON) go gzipped to clients that
// accept it, compressed once per file version and kept in memory.
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "httpserver/http_server.h"

namespace coffer::server {

class StaticSite {
 public:
  explicit StaticSite(std::filesystem::path root);

  // True when the request was answered (a file, index.html, 404 for a missing asset, 405 for
  // another method); false when the path is not the site's (under /api/, /healthz, /readyz,
  // /metrics), for the API router to answer.
  bool handle(const http::Request& request, http::ResponseWriter& response) const;

  const std::filesystem::path& root() const { return root_; }

  // The directory the UI is served from: `configured` when given; else the first of
  // <exe>/../share/coffer/ui and <exe>/../ui that holds an index.html; nullopt when none does.
  static std::optional<std::filesystem::path> locate(const std::optional<std::string>& configured,
                                                     const std::filesystem::path& executable);

 private:
  // The gzip of a file as last read: reused while the file's size and time are unchanged.
  struct Compressed {
    std::filesystem::file_time_type mtime;
    std::uintmax_t size = 0;
    std::string gzip;
  };
  std::string gzipped(const std::filesystem::path& file, const std::string& body) const;  // a copy: safe across threads

  std::filesystem::path root_;
  mutable std::mutex mu_;
  mutable std::map<std::filesystem::path, Compressed> compressed_;
};

// "text/html; charset=utf-8", "application/javascript", ... by the file name's extension.
std::string content_type_for(const std::filesystem::path& file);

}  // namespace coffer::server
