#include "scenario_flow.h"

#include "recorders.h"
#include "rtl_check.h"
#include "sriov/progress/scenario_progress.h"
#include "sriov/scenario/platform_setup.h"
#include "sriov/scenario/runner.h"
#include "sriov/scenario/scenario.h"
#include "sriov/scenario/step_log.h"
#include "sriov/scenario/summary_printer.h"
#include "sriov/scenario/vcd_activity.h"

#include <filesystem>
#include <fmt/format.h>
#include <optional>
#include <sstream>

namespace sriov::flows {

namespace {

// The default run's folder: --out-dir, else waves/out under the working
// directory (created by prepare_outputs(); nothing of the build machine's).
std::string waves_dir(const std::string& requested) {
    return requested.empty() ? "waves/out" : requested;
}

// The default run writes its log and VCD unless told otherwise; the files it
// adds to the request go to the out-dir.
out_dir_files default_outputs(run_request& r) {
    out_dir_files d;
    if (r.no_waves || (!r.log.empty() && !r.vcd.empty())) {
        return d;
    }
    const std::string folder = waves_dir(r.out_dir);
    if (r.log.empty()) {
        r.log = folder + "/windows_flow.jsonl";
        d.log = true;
    }
    if (r.vcd.empty()) {
        r.vcd = folder + "/windows_flow.vcd";
        d.vcd = true;
    }
    return d;
}

// The files the run reads, for the outputs not to overwrite them: the
// scenario and its device description (the command line's, or the one the
// scenario names, relative to its folder as make_platform_config() reads it).
std::vector<cli::file_arg> input_files(const run_request& r, const scenario::scenario& sc,
                                       const std::string& dir) {
    std::vector<cli::file_arg> in{{"--scenario", r.scenario}, {"--device", r.device}};
    const std::string& p = sc.platform.device;
    if (r.device.empty() && !p.empty() && p != "default") {
        in.push_back({"platform device=", p[0] != '/' && !dir.empty() ? dir + "/" + p : p});
    }
    return in;
}

// Command-line options override the scenario's platform line.
void apply_overrides(const run_request& r, scenario::platform_settings& p) {
    if (!r.device.empty()) {
        p.device = std::filesystem::absolute(r.device).string();
    }
    if (r.gen != 0) {
        p.gen = r.gen;
    }
    if (r.lanes != 0) {
        p.lanes = r.lanes;
    }
    if (!r.mode.empty()) {
        p.mode = r.mode;
    }
}

void print_header(const scenario::scenario& sc, const tb::platform_config& cfg) {
    fmt::print("sriov-sim: scenario {}{}{}\n", sc.source, sc.title.empty() ? "" : ": ", sc.title);
    fmt::print("platform: {}, {} mode, PF {} ({:04x}:{:04x}), {} steps\n\n",
               link::to_string(cfg.link), root_complex::to_string(cfg.rc.mode),
               to_string(routing_id(cfg.profile.pfs[0].pf_rid)), cfg.profile.pfs[0].vendor_id,
               cfg.profile.pfs[0].device_id, sc.steps.size());
}

// What decides the verdict, besides the runner's expectations.
struct run_checks {
    bool sc_errors = false;
    bool rtl_ok = true;
};

// PASS/FAIL line and outputs on stdout; on a failure, why, on stderr.
int report_verdict(const run_request& r, const scenario::scenario& sc, const scenario::runner& run,
                   const tb::platform& top, const run_checks& c) {
    const bool pass = run.finished() && run.failures() == 0 && !c.sc_errors && c.rtl_ok;
    if (!r.quiet || !pass) {
        fmt::print("\n{}: {}: {} of {} steps run, {} expectations, {} failed; {} TLPs, "
                   "simulated {}\n",
                   pass ? "PASS" : "FAIL", sc.source, run.results().size(), sc.steps.size(),
                   run.expectations(), run.failures(), top.rc.tlps_sent(),
                   sc_core::sc_time_stamp().to_string());
        if (!r.log.empty()) {
            fmt::print("log: {}\n", r.log);
        }
        if (!r.vcd.empty()) {
            fmt::print("vcd: {}\n", r.vcd);
        }
    }
    if (!pass) {
        for (const auto& m : run.failure_messages()) {
            fmt::print(stderr, "sriov-sim: FAIL {}\n", m);
        }
        if (!run.finished()) {
            fmt::print(stderr, "sriov-sim: the scenario did not finish\n");
        }
        if (c.sc_errors) {
            fmt::print(stderr, "sriov-sim: SystemC errors were reported\n");
        }
        if (!c.rtl_ok) {
            fmt::print(stderr, "sriov-sim: the RTL cross-check found mismatches\n");
        }
    }
    return pass ? 0 : 1;
}

int run_scenario(const run_request& r, const scenario::scenario& sc,
                 const tb::platform_config& cfg) {
    tb::platform top("top", cfg);
    scenario::runner run("scenario", top, sc, scenario::make_stub_config(sc.platform));
    recorders rec;
    if (!rec.open(r, top)) {
        return 2;
    }
    // Observers in the order they see each step: summary, log, waveform.
    std::optional<scenario::summary_printer> summary;
    std::optional<scenario::step_log> step_log;
    std::optional<scenario::vcd_activity> activity;
    std::optional<progress::progress_meter> meter; // long runs on a terminal only
    std::optional<progress::scenario_progress> steps;
    if (!r.quiet && progress::on_terminal(stderr)) {
        top.ep.add_observer(&meter.emplace(0));
        run.add_observer(&steps.emplace(*meter));
    }
    if (!r.quiet) {
        run.add_observer(&summary.emplace(stdout));
    }
    if (rec.log) {
        run.add_observer(&step_log.emplace(*rec.log));
        top.link.add_observer(&*step_log);
    }
    if (rec.monitor) {
        run.add_observer(&activity.emplace(*rec.monitor));
    }
    rtl_check chk;
    if (int rc = chk.open(r, top); rc != 0) {
        return rc;
    }
    if (!r.quiet) {
        print_header(sc, top.config());
    }
    sc_core::sc_start();
    if (meter) {
        meter->finish();
    }
    rec.close();
    run_checks checks;
    checks.rtl_ok = chk.finish(r);
    if (int rc = dump_config(r, top); rc != 0) {
        return rc;
    }
    checks.sc_errors = sc_core::sc_report_handler::get_count(sc_core::SC_ERROR) != 0;
    return report_verdict(r, sc, run, top, checks);
}

} // namespace

int run_scenario_flow(run_request r) {
    std::string dir;
    scenario::scenario sc;
    out_dir_files d;
    if (!r.scenario.empty()) {
        dir = std::filesystem::path(r.scenario).parent_path().string();
        sc = scenario::load(r.scenario);
    } else {
        std::istringstream in(scenario::default_scenario_text);
        sc = scenario::parse(in, scenario::default_scenario_name);
        d = default_outputs(r);
    }
    const std::vector<cli::file_arg> inputs = input_files(r, sc, dir);
    apply_overrides(r, sc.platform);
    // Every input is read (the profile too) before an output is touched.
    const tb::platform_config cfg = scenario::make_platform_config(sc.platform, dir);
    scenario::check_against_device(sc, cfg.profile); // a refused scenario writes no files
    if (int rc = prepare_outputs(r, inputs, d); rc != 0) {
        return rc;
    }
    return run_scenario(r, sc, cfg);
}

} // namespace sriov::flows
