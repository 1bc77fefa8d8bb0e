#pragma once
// The storageVersionHash that legacy discovery publishes for a resource: the first 8 bytes of
// SHA-256 over "<group>/<version>/<kind>" of the version the resource is stored in, base64
// encoded (so "/v1/Pod" gives "xPOwRZ+Yhw8="). Clients only compare it for equality.
#include <string>
#include <string_view>

namespace coffer::kubesim {

std::string storage_version_hash(std::string_view group, std::string_view version,
                                 std::string_view kind);

}  // namespace coffer::kubesim
