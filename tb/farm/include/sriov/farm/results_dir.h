#pragma once
// Where a run's result files go when a regression farm runs many slices
// from one build tree (docs/regressions.md): each slice sets
// SRIOV_RESULTS_DIR to its own folder, and the relative result paths of
// sriov-xcheck (--fcov-out, --fcov-merge, --coverage-out) resolve there
// instead of the working directory, so slices never share a writable file.
#include <string>

namespace sriov::farm {

// The environment variable naming the results folder.
inline constexpr const char* results_dir_variable = "SRIOV_RESULTS_DIR";

// `path` under $SRIOV_RESULTS_DIR when the variable is set (not empty) and
// `path` is relative; `path` unchanged otherwise (empty stays empty).
std::string results_path(const std::string& path);

} // namespace sriov::farm
