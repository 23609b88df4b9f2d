// The command-line contract shared by sriov-sim and sriov-xcheck: one exit
// status for every outcome, documented in --help, and --version.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace sriov::cli {

// The exit status of both programs.
enum exit_status : int {
    exit_pass = 0,   // every expectation / cross-check held (also --help, --version)
    exit_failed = 1, // an expectation or a cross-check failed
    exit_usage = 2,  // usage or input error: option, combination, input or output file
};

// The version of the build (CMake's project version).
const char* version();

// Adds --version ("PROGRAM VERSION") and the exit-status footer of --help.
void add_contract(CLI::App& app, const std::string& program);

// Parses the command line. nullopt: run. Otherwise the exit status: 0 after
// --help or --version (printed on stdout), 2 after any CLI11 error (its
// message on stderr), including the ValidationErrors the caller's
// final_callback throws for refused combinations.
std::optional<int> parse(CLI::App& app, int argc, char** argv);

} // namespace sriov::cli
