#include "sriov/scenario/runner.h"

#include "sriov/pcie/sim_time.h"
#include "sriov/scenario/capability_offsets.h"

#include <fmt/format.h>

namespace sriov::scenario {

namespace {

// The step's arguments as written (without the command word).
std::string arguments_as_written(const step& st) {
    const auto sp = st.text.find_first_of(" \t");
    return sp == std::string::npos ? "" : st.text.substr(sp + 1);
}

} // namespace

runner::runner(sc_core::sc_module_name name, tb::platform& top, const scenario& sc,
               const sw_stubs::stub_config& stubs)
    : sc_core::sc_module(name), bench_(top, stubs), sc_(sc) {
    top.link.add_observer(this);
    SC_HAS_PROCESS(runner);
    SC_THREAD(run);
}

void runner::on_tlp(uint64_t /*time_ps*/, link::direction /*dir*/, const tlp& /*t*/) {
    if (in_step_) {
        ++step_tlps_;
    }
}

void runner::run() {
    for (step_observer* o : observers_) {
        o->on_run_started(sc_);
    }
    unsigned index = 0;
    for (const step& st : sc_.steps) {
        results_.push_back(run_step(++index, st));
    }
    bench_.cpu.sync();
    finished_ = true;
    sc_core::sc_stop();
}

step_result runner::run_step(unsigned index, const step& st) {
    step_result r;
    r.index = index;
    r.line = st.line;
    r.name = st.command;
    r.arguments = arguments_as_written(st);
    for (step_observer* o : observers_) {
        o->on_step_started(st, find_command(st.id));
    }
    step_tlps_ = 0;
    in_step_ = true;
    // CAP+OFFSET: software's walk comes first; its reads are logged with the
    // step but are not the step's own TLPs or time.
    std::optional<resolved_offsets> resolved;
    if (has_capability_offsets(st)) {
        resolved = resolve_capability_offsets(st, bench_);
        r.error = resolved->error;
        step_tlps_ = 0;
    }
    const step& run = resolved ? resolved->st : st;
    r.start_ps = now_ps();
    if (r.error.empty()) {
        handlers_.find(st.id)(run, bench_, r);
    }
    r.end_ps = now_ps();
    in_step_ = false;
    if (resolved && !resolved->note.empty()) {
        r.note += (r.note.empty() ? "" : " ") + resolved->note;
    }
    auto& fields = r.outcome.fields;
    if (fields.count("tlps") == 0) {
        fields["tlps"] = step_tlps_ / 2; // each request is answered by one completion
    }
    r.tlps = static_cast<unsigned>(fields["tlps"]);
    fields["latency_ns"] = (r.end_ps - r.start_ps) / 1000;
    check(run, r);
    for (step_observer* o : observers_) {
        o->on_step_finished(st, r);
    }
    for (const std::string& m : r.failures) {
        SC_REPORT_INFO_VERB("sriov/scenario", m.c_str(), sc_core::SC_MEDIUM);
    }
    return r;
}

// `as NAME` / `capture FIELD as NAME`: the value the step produced, or a
// failure at the capture's line when it produced none.
std::vector<std::string> runner::take_captures(const step& st, const step_result& r) {
    std::vector<std::string> failures;
    for (const capture& k : st.captures) {
        if (const std::optional<uint64_t> v = field_value(k, r.outcome)) {
            captured_[k.name] = *v;
            continue;
        }
        captured_.erase(k.name);
        const std::string what =
            k.data_slice ? fmt::format("data@0x{:X}:{}", k.slice_offset, k.slice_length) : k.field;
        failures.push_back(fmt::format("{}:{}: step {} ({} {}, line {}): capture ${}: {} not "
                                       "available, so ${} has no value",
                                       sc_.source, k.line, r.index, r.name, r.arguments, st.line,
                                       k.name, what, k.name));
    }
    return failures;
}

void runner::check(const step& st, step_result& r) {
    const step_identity identity{sc_.source, r.index, st.line, r.name, r.arguments, r.reason};
    r.expectations = static_cast<unsigned>(st.expects.size());
    const std::vector<std::string> lost =
        r.error.empty() ? take_captures(st, r) : std::vector<std::string>{};
    r.failures = failed_expectations(st.expects, r.outcome, identity, captured_);
    r.failures.insert(r.failures.begin(), lost.begin(), lost.end());
    if (!r.error.empty()) {
        for (const capture& k : st.captures) {
            captured_.erase(k.name);
        }
        r.failures.insert(r.failures.begin(),
                          fmt::format("{}:{}: step {} ({} {}): {}", sc_.source, st.line, r.index,
                                      r.name, r.arguments, r.error));
    }
    expectations_ += r.expectations;
    messages_.insert(messages_.end(), r.failures.begin(), r.failures.end());
}

} // namespace sriov::scenario
