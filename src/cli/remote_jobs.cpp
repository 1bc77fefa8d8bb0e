#include "cli/remote_jobs.h"
