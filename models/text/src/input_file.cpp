#include "sriov/text/input_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace sriov::text {

namespace fs = std::filesystem;

input_file_error::input_file_error(std::string path, std::string reason)
    : std::runtime_error(path + ": " + reason), path_(std::move(path)), reason_(std::move(reason)) {
}

namespace {

// The size of the regular file `path`, or an input_file_error saying why it
// may not be read.
std::uintmax_t regular_file_size(const std::string& path, std::size_t max_bytes) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (st.type() == fs::file_type::not_found) {
        throw input_file_error(path, "no such file");
    }
    if (ec) {
        throw input_file_error(path, fmt::format("cannot open: {}", ec.message()));
    }
    if (fs::is_directory(st)) {
        throw input_file_error(path, "is a directory, not a file");
    }
    if (!fs::is_regular_file(st)) {
        throw input_file_error(path, "is not a regular file (a device, FIFO or socket)");
    }
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) {
        throw input_file_error(path, fmt::format("cannot open: {}", ec.message()));
    }
    if (size > max_bytes) {
        throw input_file_error(
            path, fmt::format("is {} bytes, larger than the limit of {} bytes", size, max_bytes));
    }
    return size;
}

} // namespace

std::string read_input_file(const std::string& path, std::size_t max_bytes) {
    const std::uintmax_t size = regular_file_size(path, max_bytes);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw input_file_error(path, "cannot open");
    }
    // One byte more than the size: the file may have grown since it was sized.
    std::string text(static_cast<std::size_t>(size) + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad()) {
        throw input_file_error(path, "read error");
    }
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
        throw input_file_error(path,
                               fmt::format("is larger than the limit of {} bytes", max_bytes));
    }
    return text;
}

} // namespace sriov::text
