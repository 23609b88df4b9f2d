// Simulated time, output, the device's reset and fault injection, the root
// complex's CRS Software Visibility, and the Linux enable flow as one step.
#include "step_arguments.h"

#include "sriov/pcie/sim_time.h"
#include "sriov/scenario/handler_table.h"
#include "sriov/tb/linux_sriov_enable.h"

#include <fmt/format.h>

namespace sriov::scenario {

namespace {

void wait(const step& st, scenario_bench& /*bench*/, step_result& r) {
    const uint64_t ps = arg_number(st, "time");
    // The parser bounds the sum of the waits; other steps' time may still use up the rest.
    if (ps > last_time_ps() - now_ps()) {
        r.note = "not waited";
        r.error = fmt::format("waiting {} would pass SystemC's last instant ({} ps)",
                              arg_text(st, "time"), last_time_ps());
        return;
    }
    sc_core::wait(time_from_ps(ps));
    r.note = "waited " + arg_text(st, "time");
}

void echo(const step& st, scenario_bench& /*bench*/, step_result& r) {
    r.note = arg_text(st, "text");
}

void reset(const step& /*st*/, scenario_bench& bench, step_result& r) {
    bench.top.ep.reset();
    bench.forget_sriov_state();
    r.note = "conventional reset";
}

void crs_sv(const step& st, scenario_bench& bench, step_result& r) {
    const bool on = arg_number(st, "on") != 0;
    bench.top.rc.set_crs_software_visibility(on);
    r.note = on ? "CRS SV on" : "CRS SV off";
}

void drop_completions(const step& st, scenario_bench& bench, step_result& r) {
    const bool on = arg_number(st, "on") != 0;
    bench.top.ep.set_drop_completions(on);
    r.note = on ? "endpoint drops completions" : "completions restored";
}

void linux_enable(const step& st, scenario_bench& bench, step_result& r) {
    tb::enable_options eo;
    eo.pf = routing_id(bench.top.config().profile.pfs[0].pf_rid);
    eo.num_vfs = arg_as<uint16_t>(st, "num_vfs");
    const uint64_t tlps_before = bench.top.rc.tlps_sent();
    const tb::enable_report rep = tb::linux_sriov_enable(bench.cpu, eo);
    bench.cpu.sync();
    auto& f = r.outcome.fields;
    f["ok"] = rep.ok ? 1 : 0;
    f["num_vfs"] = rep.num_vfs;
    f["total_vfs"] = rep.total_vfs;
    f["first_vf_offset"] = rep.first_vf_offset;
    f["vf_stride"] = rep.vf_stride;
    f["config_accesses"] = rep.config_accesses;
    f["tlps"] = bench.top.rc.tlps_sent() - tlps_before;
    r.note = rep.ok ? "ok" : "failed: " + rep.error;
    r.printout = tb::format_report(rep, bench.top.config().profile.pfs[0].vendor_id);
}

// PF n's driver stack makes the API calls from here on.
void driver(const step& st, scenario_bench& bench, step_result& r) {
    const function_ref& fn = st.args.at("fn").fn; // a PF of the device: check_against_device
    bench.select_driver(fn.pf);
    r.note = fmt::format("API calls by PF {}'s drivers", fn.pf);
}

} // namespace

void add_control_handlers(handler_table& table) {
    table.add({{command_id::wait, wait},
               {command_id::echo, echo},
               {command_id::reset, reset},
               {command_id::crs_sv, crs_sv},
               {command_id::drop_completions, drop_completions},
               {command_id::linux_enable, linux_enable},
               {command_id::driver, driver}});
}

} // namespace sriov::scenario
