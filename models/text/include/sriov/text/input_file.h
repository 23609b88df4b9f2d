// Reading an input file of a text format (scenario, device profile) with
// limits: a directory, a device such as /dev/zero, a FIFO or a file larger
// than the limit is refused before anything is read, so a wrong path cannot
// hang or exhaust a run.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace sriov::text {

// Why an input file was refused. what() is "PATH: REASON"; the loaders wrap
// it in their own error type.
class input_file_error : public std::runtime_error {
public:
    input_file_error(std::string path, std::string reason);
    const std::string& path() const { return path_; }
    const std::string& reason() const { return reason_; }

private:
    std::string path_;
    std::string reason_;
};

// The largest input file the loaders accept: real scenarios and profiles are
// a few KiB.
inline constexpr std::size_t max_input_file_bytes = std::size_t{1} << 20;

// The contents of `path`, which must be a regular file (symbolic links are
// followed) of at most `max_bytes` bytes. Throws input_file_error.
std::string read_input_file(const std::string& path, std::size_t max_bytes = max_input_file_bytes);

} // namespace sriov::text
