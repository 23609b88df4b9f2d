// sriov-xcheck: one cross-check run. The TLM endpoint (sriov_device of the
// chosen RTL variant's profile) receives a directed or seeded random TLP
// stream; the RTL shadow drives the Verilated block with every TLP at the
// same simulated time and the scoreboard compares status, data and cycles,
// plus full sweeps of the PF and every enabled VF at checkpoints.
//
//   sriov-xcheck --seed 7 --tlps 200000                  # random, xcheck variant
//   sriov-xcheck --sequence registers                     # directed
//   sriov-xcheck --fault vf_cmd_mse --expect-mismatch     # the check must fail
//   sriov-xcheck --fcov-merge DIR                         # merged functional coverage
//
// Exit status: 0 pass, 1 mismatch (or, with --expect-mismatch, none), 2 usage.
#include "sriov/crosscheck/functional_coverage.h"
#include "sriov/crosscheck/rtl_shadow.h"
#include "sriov/crosscheck/stimulus.h"
#include "sriov/crosscheck/tlp_source.h"
#include "sriov/crosscheck/variants.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <systemc>
#include <tlm>

namespace {

using namespace sriov;
using namespace sriov::crosscheck;

struct options {
    uint64_t seed = 1;
    uint64_t tlps = 100'000;
    uint64_t checkpoint_every = 20'000;
    std::string sequence = "random";
    std::string variant = "xcheck";
    std::string fault;
    bool expect_mismatch = false;
    std::string vcd;
    std::string coverage_out;
    std::string fcov_out;
    std::string fcov_merge;
    bool fcov = false;
    bool quiet = false;
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
        if (e.path().extension() == ".fcov" && cov.merge_file(e.path().string())) {
            ++files;
        }
    }
    std::cout << "merged " << files << " functional coverage files from " << dir << "\n";
    cov.print_summary(std::cout);
    return 0;
}

} // namespace

int sc_main(int argc, char* argv[]) {
    CLI::App app{"sriov-xcheck: TLM endpoint vs Verilated RTL, lock-step, one seed"};
    options o;
    app.add_option("--seed", o.seed, "random seed (random sequence)");
    app.add_option("--tlps", o.tlps, "random sequence: request TLPs to send");
    app.add_option("--checkpoint-every", o.checkpoint_every,
                   "random sequence: full sweep every N TLPs (0: at the end only)");
    app.add_option("--sequence", o.sequence, "random, registers or sriov")
        ->check(CLI::IsMember({"random", "registers", "sriov"}));
    app.add_option("--variant", o.variant, "RTL variant (--list-variants)");
    app.add_option("--fault", o.fault, "shorthand for --variant fault_<NAME>")
        ->check(CLI::IsMember({"vf_cmd_mse", "numvfs_unlocked"}));
    app.add_flag("--expect-mismatch", o.expect_mismatch,
                 "pass only if the scoreboard reports at least one mismatch");
    app.add_option("--vcd", o.vcd, "write the RTL's VCD (traced variants)");
    app.add_option("--coverage-out", o.coverage_out, "write the RTL coverage database");
    app.add_option("--fcov-out", o.fcov_out, "write functional coverage hit counts");
    app.add_option("--fcov-merge", o.fcov_merge,
                   "no run: merge the *.fcov files of DIR and print the summary");
    app.add_flag("--fcov", o.fcov, "print the functional coverage summary");
    app.add_flag("--quiet", o.quiet, "print only failures");
    app.add_flag("--list-variants", o.list, "list the RTL variants and exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    if (!o.fcov_merge.empty()) {
        return merge_fcov(o.fcov_merge);
    }
    if (o.list) {
        for (const auto& v : rtl_variants()) {
            std::printf("%-22s %s\n", v.name.c_str(), v.description.c_str());
        }
        return 0;
    }
    if (!o.fault.empty()) {
        o.variant = "fault_" + o.fault;
    }
    const rtl_variant* var = find_rtl_variant(o.variant);
    if (var == nullptr) {
        std::cerr << "sriov-xcheck: unknown variant " << o.variant << " (see --list-variants)\n";
        return 2;
    }
    if (!o.vcd.empty() && !var->traced) {
        std::cerr << "sriov-xcheck: variant " << var->name
                  << " has no VCD tracing; use --variant default\n";
        return 2;
    }
    sequence_kind kind = sequence_kind::random;
    parse_sequence(o.sequence, kind);

    std::string repro;
    for (int i = 0; i < argc; ++i) {
        repro += (i ? " " : "") + shell_quote(argv[i]);
    }
    // Random stimulus breaks software rules on purpose: the config model's
    // warnings about refused writes are expected here.
    sc_core::sc_report_handler::set_actions("sriov/config", sc_core::SC_WARNING,
                                            sc_core::SC_DO_NOTHING);
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    tlm::tlm_global_quantum::instance().set(sc_core::sc_time(10, sc_core::SC_US));

    config::sriov_device device(var->profile);
    endpoint::sriov_endpoint ep("ep", device);
    shadow_options so;
    so.seed = o.seed;
    so.reproduce = repro;
    std::unique_ptr<rtl_shadow> shadow_ptr = make_shadow(*var, device, so);
    rtl_shadow& shadow = *shadow_ptr;
    functional_coverage fcov(device);
    shadow.set_coverage(&fcov);
    ep.add_observer(&shadow);
    tlp_source src("src", ep, &shadow);
    stimulus_options sopt;
    sopt.seed = o.seed;
    sopt.tlps = o.tlps;
    sopt.checkpoint_every = o.checkpoint_every;
    runner run("run", src, device, kind, sopt);
    for (const std::string& f : {o.fcov_out, o.coverage_out, o.vcd}) {
        const auto dir = std::filesystem::path(f).parent_path();
        if (!f.empty() && !dir.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(dir, ec);
        }
    }
    if (!o.vcd.empty()) {
        shadow.open_trace(o.vcd);
    }
    const auto t0 = std::chrono::steady_clock::now();
    sc_core::sc_start();
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    shadow.close_trace();
    if (!o.coverage_out.empty()) {
        shadow.write_coverage(o.coverage_out);
    }
    if (!o.fcov_out.empty() && !fcov.save(o.fcov_out)) {
        std::cerr << "sriov-xcheck: cannot write " << o.fcov_out << "\n";
        return 2;
    }

    const uint64_t errors = sc_core::sc_report_handler::get_count(sc_core::SC_ERROR);
    const uint64_t other_errors = errors - shadow.mismatches().size();
    const bool mismatched = shadow.mismatch_count() != 0;
    const bool pass =
        run.done && other_errors == 0 && (o.expect_mismatch ? mismatched : !mismatched);
    if (!o.quiet || !pass) {
        std::printf(
            "%s: %s sequence, seed %llu, variant %s: %llu TLPs cross-checked, %llu "
            "skipped (Type 1 / no completion), %llu sweep reads in %llu checkpoints, "
            "%llu mismatches%s; simulated %s, wall %.2f s (%.0f TLPs/s)\n",
            pass ? "PASS" : "FAIL", to_string(kind), static_cast<unsigned long long>(o.seed),
            var->name.c_str(), static_cast<unsigned long long>(shadow.checked()),
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
        if (!run.done) {
            std::fprintf(stderr, "sriov-xcheck: the sequence did not finish\n");
        }
        if (other_errors != 0) {
            std::fprintf(stderr, "sriov-xcheck: SystemC errors were reported\n");
        }
        std::fprintf(stderr, "reproduce: %s\n", repro.c_str());
    }
    return pass ? 0 : 1;
}

// Our own main(): SystemC prints its banner in sc_elab_and_sim() before
// sc_main() runs, so the switch that silences it must be set here.
int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
