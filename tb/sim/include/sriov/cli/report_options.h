// SystemC report settings of the command-line programs, as SystemC users set
// them: a verbosity level (sc_report_handler::set_verbosity_level), message
// types to show, warnings and errors on stderr (infos on stdout), a report
// log file. docs/library.md, "Reports".
#pragma once

#include "sriov/cli/output_paths.h"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace sriov::cli {

struct report_request {
    int verbosity = -1;              // --verbosity; -1: SC_MEDIUM, or SC_HIGH with --verbose
    bool quiet = false;              // --quiet: errors only
    bool verbose = false;            // --verbose: infos and every warning, SC_HIGH
    std::vector<std::string> filter; // --report-filter: infos and warnings of these types only
    std::string log;                 // --report-log: every report, also those not shown
};

// Adds -v/--verbosity, --quiet, --verbose, --report-filter and --report-log.
void add_report_options(CLI::App& app, report_request& r);

// Installs the settings in sc_report_handler. `hushed` are the message types
// whose warnings the program reports otherwise (shown with --verbose or when
// --report-filter names them). `files` are the program's other inputs and
// outputs named on the command line: --report-log must be none of them. ""
// when done; the reason when --report-log cannot be written (nothing created
// then).
std::string apply_report_options(const report_request& r, const std::vector<std::string>& hushed,
                                 const std::vector<file_arg>& files = {});

} // namespace sriov::cli
