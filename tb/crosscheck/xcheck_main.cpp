// sriov-xcheck: one cross-check run. The TLM endpoint (sriov_device of the
// chosen RTL variant's profile) receives a directed or seeded random TLP
// stream; the RTL shadow drives the Verilated block with every TLP at the
// same simulated time and the scoreboard compares status, data and cycles,
// plus full sweeps of the PF and every enabled VF at checkpoints.
//
//   sriov-xcheck --seed 7 --tlps 200000                  # random, xcheck variant
//   sriov-xcheck --sequence registers                     # directed
//   sriov-xcheck --fault vf_cmd_mse --expect-mismatch     # the check must fail
//   sriov-xcheck --device my.toml --sequence sriov        # the variant built for a device
//   sriov-xcheck --fcov-merge DIR                         # merged functional coverage
//   sriov-xcheck --variant xcheck_fst --seed 7 --vcd s7.fst --waves-from 1ms --waves-to 1.1ms
//
// Exit status (sriov/cli/command_line.h): 0 pass, 1 mismatch (or, with
// --expect-mismatch, none), 2 usage or input error.
#include "sriov/cli/command_line.h"
#include "sriov/cli/output_paths.h"
#include "sriov/cli/report_options.h"
#include "sriov/cli/waves_window.h"
#include "sriov/config/device_description.h"
#include "sriov/crosscheck/functional_coverage.h"
#include "sriov/crosscheck/rtl_shadow.h"
#include "sriov/crosscheck/stimulus.h"
#include "sriov/crosscheck/tlp_source.h"
#include "sriov/crosscheck/variants.h"
#include "sriov/farm/results_dir.h"
#include "sriov/progress/progress_meter.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <systemc>
#include <tlm>
#include <vector>

namespace {

using namespace sriov;
using namespace sriov::crosscheck;

struct options {
    uint64_t seed = 1;
    uint64_t tlps = 100'000;
    uint64_t checkpoint_every = 20'000;
    std::string sequence = "random";
    std::string variant = "xcheck";
    std::string device; // a device description: run the variant built for it
    std::string fault;
    bool expect_mismatch = false;
    std::string vcd;
    cli::waves_window waves;
    std::string coverage_out;
    std::string fcov_out;
    std::string fcov_merge;
    bool fcov = false;
    cli::report_request reports; // --quiet: print only failures
    bool list = false;
};

class runner : public sc_core::sc_module {
public:
    runner(sc_core::sc_module_name n, tlp_source& src, const config::sriov_device& dev,
           sequence_kind kind, const stimulus_options& opt)
        : sc_core::sc_module(n), src_(src), dev_(dev), kind_(kind), opt_(opt) {
        SC_HAS_PROCESS(runner);
        SC_THREAD(run);
    }
    bool done = false;

private:
    void run() {
        run_sequence(kind_, src_, dev_, opt_);
        src_.sync();
        done = true;
        sc_core::sc_stop();
    }
    tlp_source& src_;
    const config::sriov_device& dev_;
    sequence_kind kind_;
    stimulus_options opt_;
};

std::string shell_quote(const std::string& s) {
    if (s.find_first_of(" \t\"'$\\*?;&|<>()") == std::string::npos && !s.empty()) {
        return s;
    }
    std::string q = "'";
    for (char c : s) {
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return q + "'";
}

int merge_fcov(const std::string& dir) {
    config::sriov_device dev(xcheck_profile());
    functional_coverage cov(dev);
    unsigned files = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        if (e.path().extension() != ".fcov") {
            continue;
        }
        if (const std::string why = cov.merge_file(e.path().string()); !why.empty()) {
            std::cerr << "sriov-xcheck: " << why << "\n";
            return 2;
        }
        ++files;
    }
    std::cout << "merged " << files << " functional coverage files from " << dir << "\n";
    cov.print_summary(std::cout);
    return 0;
}

// The options that refuse each other; see refuse_meaningless().
struct option_refs {
    CLI::Option* seed = nullptr;
    CLI::Option* tlps = nullptr;
    CLI::Option* checkpoint_every = nullptr;
    std::vector<CLI::Option*> run; // every option of a cross-check run
};

void add_run_options(CLI::App& app, options& o, option_refs& refs) {
    // NonNegativeNumber: CLI11 would otherwise read -1 as 2^64 - 1.
    refs.seed = app.add_option("--seed", o.seed, "random sequence: the seed")
                    ->check(CLI::NonNegativeNumber);
    refs.tlps = app.add_option("--tlps", o.tlps, "random sequence: request TLPs to send");
    refs.checkpoint_every =
        app.add_option("--checkpoint-every", o.checkpoint_every,
                       "random sequence: full sweep every N TLPs (0: at the end only)");
    CLI::Option* sequence =
        app.add_option("--sequence", o.sequence, "random (default), registers, sriov or pfs")
            ->check(CLI::IsMember({"random", "registers", "sriov", "pfs"}));
    CLI::Option* variant = app.add_option("--variant", o.variant, "RTL variant (--list-variants)");
    CLI::Option* device =
        app.add_option("--device", o.device,
                       "device description file (TOML, docs/device-description.md): run the RTL "
                       "variant built for that device")
            ->check(CLI::ExistingFile)
            ->excludes(variant);
    CLI::Option* vcd = app.add_option(
        "--vcd", o.vcd,
        "write the RTL's waves: FST when FILE ends in .fst (FST variants, e.g. xcheck_fst), "
        "VCD otherwise (VCD-traced variants, e.g. xcheck_trace)");
    cli::add_waves_window(app, o.waves, vcd);
    refs.run = {
        refs.seed,
        refs.tlps,
        refs.checkpoint_every,
        sequence,
        variant,
        device,
        app.add_option("--fault", o.fault, "shorthand for --variant fault_<NAME>")
            ->check(CLI::IsMember({"vf_cmd_mse", "numvfs_unlocked"}))
            ->excludes(variant)
            ->excludes(device),
        app.add_flag("--expect-mismatch", o.expect_mismatch,
                     "pass only if the scoreboard reports at least one mismatch"),
        vcd,
        app.get_option("--waves-from"),
        app.get_option("--waves-to"),
        app.add_option("--coverage-out", o.coverage_out, "write the RTL coverage database"),
        app.add_option("--fcov-out", o.fcov_out, "write functional coverage hit counts"),
        app.add_flag("--fcov", o.fcov, "print the functional coverage summary"),
    };
    // The SystemC report options sriov-sim has (docs/library.md, "Reports").
    cli::add_report_options(app, o.reports);
    for (const char* name :
         {"--quiet", "--verbose", "--verbosity", "--report-filter", "--report-log"}) {
        refs.run.push_back(app.get_option(name));
    }
}

// --fcov-merge and --list-variants run nothing: no run option goes with them.
void add_other_modes(CLI::App& app, options& o, const option_refs& refs) {
    CLI::Option* merge =
        app.add_option("--fcov-merge", o.fcov_merge,
                       "no run: merge the *.fcov files of DIR and print the summary")
            ->check(CLI::Validator(
                [](const std::string& dir) -> std::string {
                    // A folder no run has written to yet merges nothing.
                    std::error_code ec;
                    const bool file =
                        std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec);
                    return file ? dir + " is not a folder" : "";
                },
                "DIR"));
    CLI::Option* list =
        app.add_flag("--list-variants", o.list, "no run: list the RTL variants")->excludes(merge);
    for (CLI::Option* opt : refs.run) {
        merge->excludes(opt);
        list->excludes(opt);
    }
}

// Combinations that depend on a value (CLI11's excludes see only whether an
// option was given).
void refuse_meaningless(const option_refs& refs, const options& o) {
    if (o.sequence == "random") {
        return;
    }
    for (CLI::Option* opt : {refs.seed, refs.tlps, refs.checkpoint_every}) {
        if (opt->count() != 0) {
            throw CLI::ValidationError(opt->get_name(), "needs --sequence random");
        }
    }
}

// The (non-fault) variant built for the device --device describes, else the
// configurable block running it, or nullptr (with a message: the
// description's error, or why the block cannot run it).
const rtl_variant* variant_for_device(const options& o) {
    config::device_description p;
    try {
        p = config::load_device_description(o.device);
    } catch (const config::profile_error& e) {
        std::cerr << "sriov-xcheck: " << e.what() << "\n";
        return nullptr;
    }
    std::string why;
    const rtl_variant* var = rtl_variant_for(p, wave_format_of(o.vcd), &why);
    if (var == nullptr) {
        std::cerr << "sriov-xcheck: --device: the configurable RTL block cannot run " << o.device
                  << " (" << why << "); see docs/verification.md\n";
    }
    return var;
}

// The variant to run, or nullptr (with a message).
const rtl_variant* pick_variant(const options& o) {
    if (!o.device.empty()) {
        return variant_for_device(o);
    }
    const std::string name = o.fault.empty() ? o.variant : "fault_" + o.fault;
    const rtl_variant* var = find_rtl_variant(name);
    if (var == nullptr) {
        std::cerr << "sriov-xcheck: unknown variant " << name << " (see --list-variants)\n";
        return nullptr;
    }
    if (!writes(*var, wave_format_of(o.vcd))) {
        const bool fst = wave_format_of(o.vcd) == wave_format::fst;
        std::cerr << "sriov-xcheck: variant " << var->name << " has no " << (fst ? "FST" : "VCD")
                  << " tracing; use --variant " << (fst ? "xcheck_fst" : "xcheck_trace") << "\n";
        return nullptr;
    }
    return var;
}

// Outputs checked before the run (Verilator aborts on a coverage file it
// cannot write); their folders are created as the test fixtures expect.
bool prepare_outputs(const options& o) {
    const std::vector<cli::file_arg> files{{"--vcd", o.vcd, true},
                                           {"--coverage-out", o.coverage_out, true},
                                           {"--fcov-out", o.fcov_out, true}};
    std::string err = cli::prepare_outputs({{"--device", o.device}}, files);
    if (err.empty()) {
        // Random stimulus breaks software rules on purpose: the config
        // model's warnings about refused writes are expected (--verbose shows them).
        err = cli::apply_report_options(o.reports, {"sriov/config"}, files);
    }
    if (!err.empty()) {
        std::cerr << "sriov-xcheck: " << err << "\n";
        return false;
    }
    return true;
}

std::string join_quoted(const std::vector<std::string>& args) {
    std::string line;
    for (const std::string& a : args) {
        line += (line.empty() ? "" : " ") + shell_quote(a);
    }
    return line;
}

// The run's command line with the options of the waves replaced (with or
// without =VALUE): `variant`, FILE and the window [from_ps, to_ps].
std::string waves_command(const std::vector<std::string>& args, const std::string& variant,
                          const std::string& file, uint64_t from_ps, uint64_t to_ps) {
    const std::vector<std::string> replaced{"--vcd", "--variant", "--fault", "--waves-from",
                                            "--waves-to"};
    std::vector<std::string> out;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string name = args[i].substr(0, args[i].find('='));
        if (i > 0 && std::find(replaced.begin(), replaced.end(), name) != replaced.end()) {
            i += name == args[i] ? 1 : 0; // skip the value too
            continue;
        }
        out.push_back(args[i]);
    }
    for (const std::string& a : {std::string("--variant"), variant, std::string("--vcd"), file,
                                 std::string("--waves-from"), cli::format_sim_time(from_ps),
                                 std::string("--waves-to"), cli::format_sim_time(to_ps)}) {
        out.push_back(a);
    }
    return join_quoted(out);
}

// Simulated time shown before and after the first mismatch in the waves the
// failure report suggests.
constexpr uint64_t waves_margin_ps = 10'000'000; // 10 us

// After a mismatch: the command that replays the run with waves of the time
// around the first one (FST when the variant's profile has an FST build).
void print_waves_command(const std::vector<std::string>& args, const options& o,
                         const rtl_variant& var, const mismatch& first) {
    const rtl_variant* fst = var.fault ? nullptr : rtl_variant_for(var.profile, wave_format::fst);
    const rtl_variant* traced =
        fst != nullptr
            ? fst
            : (writes(var, wave_format::vcd) ? &var
                                             : rtl_variant_for(var.profile, wave_format::vcd));
    if (traced == nullptr) {
        return;
    }
    const uint64_t at_ps = first.now_ns * 1000;
    const std::string file = "waves/out/xcheck_" + o.sequence +
                             (o.sequence == "random" ? "_seed" + std::to_string(o.seed) : "") +
                             (traced->fst ? ".fst" : ".vcd");
    std::fprintf(stderr, "waves: %s\n",
                 waves_command(args, traced->name, file,
                               at_ps > waves_margin_ps ? at_ps - waves_margin_ps : 0,
                               at_ps + waves_margin_ps)
                     .c_str());
}

// What the run did, for the verdict.
struct outcome {
    sequence_kind kind = sequence_kind::random;
    bool done = false;
    double wall_s = 0;
};

// The summary line and, on a failure, why; returns the exit status.
int report(const options& o, const rtl_variant& var, const rtl_shadow& shadow,
           const functional_coverage& fcov, const outcome& out,
           const std::vector<std::string>& args) {
    const uint64_t errors = sc_core::sc_report_handler::get_count(sc_core::SC_ERROR);
    const uint64_t other_errors = errors - shadow.mismatches().size();
    const bool mismatched = shadow.mismatch_count() != 0;
    const bool pass =
        out.done && other_errors == 0 && (o.expect_mismatch ? mismatched : !mismatched);
    if (!o.reports.quiet || !pass) {
        const double wall = out.wall_s;
        std::printf(
            "%s: %s sequence, seed %llu, variant %s: %llu TLPs cross-checked, %llu "
            "skipped (Type 1 / no completion), %llu sweep reads in %llu checkpoints, "
            "%llu mismatches%s; simulated %s, wall %.2f s (%.0f TLPs/s)\n",
            pass ? "PASS" : "FAIL", to_string(out.kind), static_cast<unsigned long long>(o.seed),
            var.name.c_str(), static_cast<unsigned long long>(shadow.checked()),
            static_cast<unsigned long long>(shadow.skipped()),
            static_cast<unsigned long long>(shadow.sweep_reads()),
            static_cast<unsigned long long>(shadow.sweeps()),
            static_cast<unsigned long long>(shadow.mismatch_count()),
            o.expect_mismatch ? " (expected)" : "", sc_core::sc_time_stamp().to_string().c_str(),
            wall,
            wall > 0 ? static_cast<double>(shadow.checked() + shadow.sweep_reads()) / wall : 0.0);
    }
    if (o.fcov) {
        fcov.print_summary(std::cout);
    }
    if (!pass) {
        if (o.expect_mismatch && !mismatched) {
            std::fprintf(stderr, "sriov-xcheck: the fault was NOT detected\n");
        }
        if (!out.done) {
            std::fprintf(stderr, "sriov-xcheck: the sequence did not finish\n");
        }
        if (other_errors != 0) {
            std::fprintf(stderr, "sriov-xcheck: SystemC errors were reported\n");
        }
        std::fprintf(stderr, "reproduce: %s\n", join_quoted(args).c_str());
        if (!shadow.mismatches().empty()) {
            print_waves_command(args, o, var, shadow.mismatches().front());
        }
    }
    return pass ? cli::exit_pass : cli::exit_failed;
}

// One cross-check run of `var`, lock-step, with the outputs the options ask for.
int cross_check(const options& o, const rtl_variant& var, const std::vector<std::string>& args) {
    tlm::tlm_global_quantum::instance().set(sc_core::sc_time(10, sc_core::SC_US));

    config::sriov_device device(var.profile);
    endpoint::sriov_endpoint ep("ep", device);
    shadow_options so;
    so.seed = o.seed;
    so.reproduce = join_quoted(args);
    std::unique_ptr<rtl_shadow> shadow = make_shadow(var, device, so);
    functional_coverage fcov(device);
    shadow->set_coverage(&fcov);
    ep.add_observer(shadow.get());
    tlp_source src("src", ep, shadow.get());
    stimulus_options sopt;
    sopt.seed = o.seed;
    sopt.tlps = o.tlps;
    sopt.checkpoint_every = o.checkpoint_every;
    outcome out;
    parse_sequence(o.sequence, out.kind);
    if (var.loaded && out.kind == sequence_kind::pfs) {
        fcov.expect_block_goals(); // the sequence written for the block's structures
    }
    runner run("run", src, device, out.kind, sopt);
    if (!o.vcd.empty()) {
        shadow->set_trace_window(o.waves.from_ps, o.waves.to_ps);
        shadow->open_trace(o.vcd);
    }
    std::optional<progress::progress_meter> meter; // long runs on a terminal only
    if (!o.reports.quiet && progress::on_terminal(stderr)) {
        ep.add_observer(&meter.emplace(out.kind == sequence_kind::random ? o.tlps : 0));
    }
    const auto t0 = std::chrono::steady_clock::now();
    sc_core::sc_start();
    if (meter) {
        meter->finish();
    }
    out.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out.done = run.done;
    shadow->close_trace();
    if (!o.coverage_out.empty()) {
        shadow->write_coverage(o.coverage_out);
    }
    if (!o.fcov_out.empty() && !fcov.save(o.fcov_out)) {
        std::cerr << "sriov-xcheck: cannot write " << o.fcov_out << "\n";
        return cli::exit_usage;
    }
    return report(o, var, *shadow, fcov, out, args);
}

} // namespace

int sc_main(int argc, char* argv[]) {
    CLI::App app{"sriov-xcheck: TLM endpoint vs Verilated RTL, lock-step, one seed"};
    cli::add_contract(app, "sriov-xcheck");
    options o;
    option_refs refs;
    add_run_options(app, o, refs);
    add_other_modes(app, o, refs);
    app.final_callback([&] {
        refuse_meaningless(refs, o);
        cli::check_waves_window(o.waves);
    });
    if (const std::optional<int> rc = cli::parse(app, argc, argv)) {
        return *rc;
    }
    for (std::string* out : {&o.fcov_out, &o.fcov_merge, &o.coverage_out}) {
        *out = farm::results_path(*out); // a farm slice's own folder (docs/regressions.md)
    }
    if (!o.fcov_merge.empty()) {
        return merge_fcov(o.fcov_merge);
    }
    if (o.list) {
        for (const auto& v : rtl_variants()) {
            std::printf("%-22s %s\n", v.name.c_str(), v.description.c_str());
        }
        return cli::exit_pass;
    }
    const rtl_variant* var = pick_variant(o);
    if (var == nullptr || !prepare_outputs(o)) {
        return cli::exit_usage;
    }
    return cross_check(o, *var, std::vector<std::string>(argv, argv + argc));
}

// Our own main(): SystemC prints its banner in sc_elab_and_sim() before
// sc_main() runs, so the switch that silences it must be set here.
int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
