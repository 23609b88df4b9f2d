#include "sriov/scenario/step_log.h"

#include "sriov/tb/transaction_log.h"
#include "sriov/tlp/tlp_format.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace sriov::scenario {

namespace {

void add_api_call(nlohmann::ordered_json& j, const sw_stubs::api_call_record& c,
                  const step_outcome& o) {
    j["family"] = sw_stubs::to_string(c.family);
    j["api"] = c.api;
    j["arguments"] = sw_stubs::format_arguments(c.arguments);
    j["result"] = c.result;
    j["result_text"] = sw_stubs::result_text(c.kind, c.result);
    j["refused"] = c.refused();
    j["reason"] = c.reason;
    // Summed over the calls the routine made (api_step).
    j["config_accesses"] = o.fields.at("config_accesses");
    j["crs_retries"] = o.fields.at("crs_retries");
    j["dws_written_before_failure"] = c.dws_written_before_failure;
}

void add_scenario_step(nlohmann::ordered_json& j, const step& st, const step_result& r) {
    j["command"] = st.command;
    j["arguments"] = r.arguments;
    j["result_text"] = r.note;
    nlohmann::ordered_json fields = nlohmann::ordered_json::object();
    for (const auto& [name, value] : r.outcome.fields) {
        fields[name] = value;
    }
    j["fields"] = fields;
}

} // namespace

void step_log::on_tlp(uint64_t time_ps, link::direction dir, const tlp& t) {
    if (capturing_) {
        tlps_.push_back(fmt::format("{} ps {} {}", time_ps,
                                    dir == link::direction::downstream ? "down" : "up  ",
                                    to_text(t)));
    }
}

void step_log::on_step_started(const step& /*st*/, const command_spec& /*spec*/) {
    tlps_.clear();
    capturing_ = true;
}

void step_log::on_step_finished(const step& st, const step_result& r) {
    capturing_ = false;
    nlohmann::ordered_json j;
    j["time_ps"] = r.start_ps;
    j["kind"] = r.call ? "api_call" : "scenario_step";
    j["step"] = r.index;
    j["line"] = r.line;
    if (r.call) {
        add_api_call(j, *r.call, r.outcome);
    } else {
        add_scenario_step(j, st, r);
    }
    j["tlp_count"] = r.tlps;
    j["tlps"] = tlps_;
    j["start_ps"] = r.start_ps;
    j["end_ps"] = r.end_ps;
    j["expectations"] = st.expects.size();
    j["failed"] = r.failures.size();
    log_.write(j);
}

} // namespace sriov::scenario
