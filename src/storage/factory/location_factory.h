#pragma once

// open_store(): an ObjectStore for any location, the one entry point the CLI and the engines
// use. From a URL (credentials from the provider's environment and files, see
// location_credentials.h) or from a LocationConfig plus the content of a credential file in
// Velero's format (what a BSL's credential Secret holds).

#include <memory>
#include <string>

#include "storage/location_config.h"
#include "storage/object_store.h"

namespace coffer::storage {

// Throws LocationConfigError / CredentialsError / StorageError naming what to fix.
std::unique_ptr<ObjectStore> open_store(const std::string& url);

// credentials_file: the credential file's content in the provider's Velero format (AWS shared
// credentials file, Azure env file, GCP service account JSON); empty = from the environment.
std::unique_ptr<ObjectStore> open_store(const LocationConfig& config, const std::string& credentials_file = "");

}  // namespace coffer::storage
