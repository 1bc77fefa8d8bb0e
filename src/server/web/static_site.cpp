#include "server/web/static_site.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "backup/archive/tar_gz.h"

namespace coffer::server {
namespace fs = std::filesystem;

namespace {

bool is_api_path(const std::string& path) {
  return path == "/api" || path.rfind("/api/", 0) == 0 || path == "/healthz" || path == "/readyz" ||
         path == "/metrics";
}

// The request path as root-relative segments; nullopt when a segment would leave the root or
// is hidden (".", "..", ".git", empty names from "//" are skipped).
std::optional<fs::path> relative_file(const std::string& path) {
  fs::path out;
  std::string segment;
  std::istringstream in(path);
  while (std::getline(in, segment, '/')) {
    if (segment.empty()) continue;
    if (segment[0] == '.' || segment.find('\\') != std::string::npos || segment.find('\0') != std::string::npos)
      return std::nullopt;
    out /= segment;
  }
  return out;
}

std::optional<std::string> read_whole(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream body;
  body << in.rdbuf();
  return body.str();
}

const http::Headers& security_headers() {
  // antd writes its styles at run time (CSS-in-JS), hence 'unsafe-inline' for styles only.
  static const http::Headers h = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
  };
  return h;
}

bool compressible(const std::string& type) {
  return type.rfind("text/", 0) == 0 || type.rfind("application/javascript", 0) == 0 ||
         type == "application/json" || type == "image/svg+xml";
}

bool accepts_gzip(const http::Request& request) {
  return request.header("accept-encoding").find("gzip") != std::string::npos;
}

}  // namespace

std::string content_type_for(const fs::path& file) {
  static const std::vector<std::pair<std::string, std::string>> types = {
      {".html", "text/html; charset=utf-8"}, {".js", "application/javascript; charset=utf-8"},
      {".mjs", "application/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"},
      {".woff2", "font/woff2"}, {".woff", "font/woff"}, {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"}, {".webp", "image/webp"}};
  const std::string ext = file.extension().string();
  for (const auto& [e, type] : types)
    if (e == ext) return type;
  return "application/octet-stream";
}

StaticSite::StaticSite(fs::path root) : root_(std::move(root)) {}

bool StaticSite::handle(const http::Request& request, http::ResponseWriter& response) const {
  if (is_api_path(request.path)) return false;
  http::Headers headers = security_headers();
  if (request.method != "GET" && request.method != "HEAD") {
    headers.emplace_back("Allow", "GET, HEAD");
    headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    response.send(405, headers, "the web UI answers GET and HEAD only\n");
    return true;
  }
  auto rel = relative_file(request.path);
  fs::path file;
  bool is_page = false;
  std::error_code ec;
  if (rel && !rel->empty() && fs::is_regular_file(root_ / *rel, ec)) {
    file = root_ / *rel;
  } else if (rel && (rel->empty() || !rel->has_extension())) {
    file = root_ / "index.html";  // one of the UI's own routes
    is_page = true;
  } else {
    headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    response.send(404, headers, "not found\n");
    return true;
  }
  auto body = read_whole(file);
  if (!body) {
    headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    response.send(404, headers, "not found\n");
    return true;
  }
  const std::string type = content_type_for(file);
  headers.emplace_back("Content-Type", type);
  const bool text = compressible(type);
  if (text) headers.emplace_back("Vary", "Accept-Encoding");
  // Vite names built assets by their content hash: they never change under one name.
  const bool hashed_asset = !is_page && rel->begin() != rel->end() && *rel->begin() == "assets";
  headers.emplace_back("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  // Small files are not worth a compressed copy.
  if (text && body->size() >= 1024 && accepts_gzip(request)) {
    headers.emplace_back("Content-Encoding", "gzip");
    response.send(200, headers, request.method == "HEAD" ? std::string() : gzipped(file, *body));
    return true;
  }
  response.send(200, headers, request.method == "HEAD" ? std::string() : std::move(*body));
  return true;
}

std::string StaticSite::gzipped(const fs::path& file, const std::string& body) const {
  std::error_code ec;
  const auto mtime = fs::last_write_time(file, ec);
  std::lock_guard lock(mu_);
  Compressed& c = compressed_[file];
  if (c.gzip.empty() || c.mtime != mtime || c.size != body.size()) {
    c.gzip = backup::gzip_compress(body, 9);
    c.mtime = mtime;
    c.size = body.size();
  }
  return c.gzip;
}

std::optional<fs::path> StaticSite::locate(const std::optional<std::string>& configured, const fs::path& executable) {
  if (configured) return fs::path(*configured);
  const fs::path bin_dir = executable.parent_path();
  for (const fs::path& candidate : {bin_dir / ".." / "share" / "coffer" / "ui", bin_dir / ".." / "ui"}) {
    std::error_code ec;
    if (fs::is_regular_file(candidate / "index.html", ec)) return fs::weakly_canonical(candidate, ec);
  }
  return std::nullopt;
}

}  // namespace coffer::server
