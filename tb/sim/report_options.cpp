#include "sriov/cli/report_options.h"

#include "sriov/cli/output_paths.h"

#include <iostream>
#include <map>
#include <systemc>

namespace sriov::cli {

namespace {

using sc_core::sc_report_handler;

const std::map<std::string, int>& verbosity_names() {
    static const std::map<std::string, int> names{
        {"none", sc_core::SC_NONE}, {"low", sc_core::SC_LOW},   {"medium", sc_core::SC_MEDIUM},
        {"high", sc_core::SC_HIGH}, {"full", sc_core::SC_FULL}, {"debug", sc_core::SC_DEBUG}};
    return names;
}

// What the display shows (the handler is a plain function: file-scope state).
std::vector<std::string> shown_types;

// `type` is one of the shown types or below one ("sriov/sw_stubs" shows
// "sriov/sw_stubs/ndis").
bool type_shown(const std::string& type) {
    if (shown_types.empty()) {
        return true;
    }
    for (const std::string& t : shown_types) {
        if (type == t || (type.size() > t.size() && type.compare(0, t.size(), t) == 0 &&
                          type[t.size()] == '/')) {
            return true;
        }
    }
    return false;
}

// SystemC's default handler, but a displayed warning or error goes to
// stderr (SystemC writes every report to stdout), and --report-filter
// applies to infos and warnings.
void report_handler(const sc_core::sc_report& rep, const sc_core::sc_actions& actions) {
    sc_core::sc_actions rest = actions;
    if ((actions & sc_core::SC_DISPLAY) != 0) {
        rest &= ~sc_core::SC_DISPLAY;
        const bool info = rep.get_severity() == sc_core::SC_INFO;
        const bool filtered = rep.get_severity() <= sc_core::SC_WARNING;
        if (!filtered || type_shown(rep.get_msg_type())) {
            (info ? std::cout : std::cerr) << sc_core::sc_report_compose_message(rep) << std::endl;
        }
    }
    sc_report_handler::default_handler(rep, rest);
}

} // namespace

void add_report_options(CLI::App& app, report_request& r) {
    CLI::Option* quiet = app.add_flag("--quiet", r.quiet,
                                      "print nothing on success; of the "
                                      "SystemC reports, errors only");
    CLI::Option* verbose = app.add_flag("--verbose", r.verbose,
                                        "SystemC infos and every warning, verbosity high (-v high)")
                               ->excludes(quiet);
    app.add_option("-v,--verbosity", r.verbosity,
                   "SystemC verbosity: infos up to this level are reported (none, low, medium, "
                   "high, full, debug or a number; default medium). Above medium, infos show")
        ->transform(CLI::CheckedTransformer(verbosity_names(), CLI::ignore_case) |
                    CLI::Range(0, 1000))
        ->excludes(quiet)
        ->excludes(verbose);
    app.add_option("--report-filter", r.filter,
                   "show SystemC infos and warnings of this message type only (and its sub-types, "
                   "e.g. sriov/root_complex, sriov/sw_stubs); repeatable. Errors always show")
        ->excludes(quiet);
    app.add_option("--report-log", r.log, "also write every SystemC report (shown or not) to FILE");
}

std::string apply_report_options(const report_request& r, const std::vector<std::string>& hushed,
                                 const std::vector<file_arg>& files) {
    if (!r.log.empty()) {
        const file_arg log{"--report-log", r.log, true};
        if (std::string why = distinct_from(log, files); !why.empty()) {
            return why;
        }
        if (std::string why = prepare_outputs({}, {log}); !why.empty()) {
            return why;
        }
        sc_report_handler::set_log_file_name(r.log.c_str());
    }
    const bool talkative = r.verbose || r.verbosity > sc_core::SC_MEDIUM;
    sc_report_handler::set_verbosity_level(r.verbosity >= 0 ? r.verbosity
                                           : r.verbose      ? sc_core::SC_HIGH
                                                            : sc_core::SC_MEDIUM);
    sc_report_handler::set_handler(report_handler);
    shown_types = r.filter;
    // SC_LOG writes to the --report-log file, if any (SystemC's default
    // actions of warnings and errors have it already).
    const sc_core::sc_actions log = sc_core::SC_LOG;
    // Infos (trace timescale, "stopped by user") are noise next to the
    // summary unless asked for.
    const bool infos = talkative || !r.filter.empty();
    sc_report_handler::set_actions(sc_core::SC_INFO, (infos ? sc_core::SC_DISPLAY : 0) | log);
    if (r.quiet) {
        sc_report_handler::set_actions(sc_core::SC_WARNING, log);
    } else if (!talkative) {
        for (const std::string& t : hushed) {
            if (r.filter.empty() || !type_shown(t)) {
                sc_report_handler::set_actions(t.c_str(), sc_core::SC_WARNING, log);
            }
        }
    }
    return "";
}

} // namespace sriov::cli
