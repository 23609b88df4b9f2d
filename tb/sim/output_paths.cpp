#include "sriov/cli/output_paths.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace sriov::cli {

namespace fs = std::filesystem;

namespace {

fs::path absolute(const std::string& p) {
    std::error_code ec;
    fs::path a = fs::absolute(p, ec);
    return ec ? fs::path(p) : a;
}

// The folder a file would go to ("." for a bare name).
fs::path folder_of(const std::string& file) {
    return absolute(file).parent_path();
}

bool writable(const fs::path& p) {
    return ::access(p.c_str(), W_OK) == 0;
}

// An existing regular file opens for writing: opened for append (nothing
// truncated) and closed again. Catches what access() grants root but the
// file system refuses (sysfs). A FIFO or device is only asked access():
// opening a FIFO would wait for, or end, its reader.
bool opens_for_writing(const fs::path& p, const fs::file_status& st) {
    if (!fs::is_regular_file(st)) {
        return writable(p);
    }
    const int fd = ::open(p.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    ::close(fd);
    return true;
}

// The first existing folder at or above `folder`, or "" when a file is in
// the way.
fs::path nearest_existing(fs::path folder) {
    std::error_code ec;
    while (!fs::exists(folder, ec) && folder.has_relative_path()) {
        folder = folder.parent_path();
    }
    return fs::is_directory(folder, ec) ? folder : fs::path();
}

// What is wrong with writing `o`, ignoring the other files; "" if nothing.
std::string output_problem(const file_arg& o) {
    std::error_code ec;
    const fs::path p = absolute(o.path);
    const fs::file_status st = fs::status(p, ec);
    if (fs::is_directory(st)) {
        return fmt::format("{} {}: is a directory", o.option, o.path);
    }
    if (fs::exists(st)) {
        return opens_for_writing(p, st)
                   ? ""
                   : fmt::format("{} {}: the file cannot be opened for writing", o.option, o.path);
    }
    const fs::path dir = p.parent_path();
    const std::string where = fmt::format("{} {}: {}", o.option, o.path, dir.string());
    if (fs::is_directory(dir, ec)) {
        return writable(dir) ? "" : where + " is a folder without write permission";
    }
    if (fs::exists(dir, ec)) {
        return where + " is not a folder";
    }
    if (!o.create_folder) {
        return where + ": no such folder";
    }
    return folder_can_be_created(dir.string()) ? "" : where + ": the folder cannot be created";
}

// Two names of one file: the same path once resolved, or hard links.
bool same_file(const std::string& a, const std::string& b) {
    std::error_code ec;
    const fs::path ca = fs::weakly_canonical(absolute(a), ec);
    const fs::path cb = fs::weakly_canonical(absolute(b), ec);
    if (ca == cb) {
        return true;
    }
    return fs::exists(ca, ec) && fs::exists(cb, ec) && fs::equivalent(ca, cb, ec);
}

// The first of [first, last) that names the same file as `path`, or nullptr.
const file_arg* same_as(const std::string& path, const file_arg* first, const file_arg* last) {
    for (; first != last; ++first) {
        if (!first->path.empty() && same_file(path, first->path)) {
            return first;
        }
    }
    return nullptr;
}

// prepare_outputs() without creating anything.
std::string check_outputs(const std::vector<file_arg>& inputs,
                          const std::vector<file_arg>& outputs) {
    const file_arg* out = outputs.data();
    for (size_t i = 0; i < outputs.size(); ++i) {
        const file_arg& o = outputs[i];
        if (o.path.empty()) {
            continue;
        }
        if (std::string why = output_problem(o); !why.empty()) {
            return why;
        }
        if (const file_arg* in = same_as(o.path, inputs.data(), inputs.data() + inputs.size())) {
            return fmt::format("{} {}: would overwrite the input {} {}", o.option, o.path,
                               in->option, in->path);
        }
        if (const file_arg* x = same_as(o.path, out, out + i)) {
            return fmt::format("{} {} and {} {} are the same file", x->option, x->path, o.option,
                               o.path);
        }
    }
    return "";
}

} // namespace

std::string distinct_from(const file_arg& out, const std::vector<file_arg>& others) {
    if (out.path.empty()) {
        return "";
    }
    if (const file_arg* x = same_as(out.path, others.data(), others.data() + others.size())) {
        return fmt::format("{} {} and {} {} are the same file", x->option, x->path, out.option,
                           out.path);
    }
    return "";
}

bool folder_can_be_created(const std::string& folder) {
    const fs::path existing = nearest_existing(absolute(folder));
    return !existing.empty() && writable(existing);
}

std::string prepare_outputs(const std::vector<file_arg>& inputs,
                            const std::vector<file_arg>& outputs) {
    if (std::string err = check_outputs(inputs, outputs); !err.empty()) {
        return err;
    }
    for (const file_arg& o : outputs) {
        if (o.path.empty() || !o.create_folder) {
            continue;
        }
        std::error_code ec;
        fs::create_directories(folder_of(o.path), ec);
        if (ec) {
            return fmt::format("{} {}: cannot create the folder {}: {}", o.option, o.path,
                               folder_of(o.path).string(), ec.message());
        }
    }
    return "";
}

} // namespace sriov::cli
