#include "sriov/farm/results_dir.h"

#include <cstdlib>
#include <filesystem>

namespace sriov::farm {

std::string results_path(const std::string& path) {
    const char* dir = std::getenv(results_dir_variable);
    if (path.empty() || dir == nullptr || *dir == '\0' ||
        std::filesystem::path(path).is_absolute()) {
        return path;
    }
    return (std::filesystem::path(dir) / path).string();
}

} // namespace sriov::farm
