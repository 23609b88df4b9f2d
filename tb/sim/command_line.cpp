#include "sriov/cli/command_line.h"

#ifndef SRIOV_VERSION
#error "SRIOV_VERSION is CMake's PROJECT_VERSION (tb/sim/CMakeLists.txt)"
#endif

namespace sriov::cli {

const char* version() {
    return SRIOV_VERSION;
}

void add_contract(CLI::App& app, const std::string& program) {
    app.set_version_flag("--version", program + " " + version(), "print the version and exit");
    app.footer("Exit status: 0 pass; 1 an expectation or a cross-check failed; 2 usage or input\n"
               "error (unknown option or value, options that do not go together, an input\n"
               "that is not a readable regular file of at most 1 MiB, an output that cannot\n"
               "be written or names an input or another output). Errors go to stderr.");
}

std::optional<int> parse(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11's own codes (105, 109, ...) would tell a script nothing more.
        const int code = app.exit(e);
        return code == 0 ? exit_pass : exit_usage;
    }
    return std::nullopt;
}

} // namespace sriov::cli
