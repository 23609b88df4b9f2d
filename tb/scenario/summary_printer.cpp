#include "sriov/scenario/summary_printer.h"

#include <fmt/format.h>

namespace sriov::scenario {

namespace {

// Return value (status in hex beside its name), why the call was refused or
// failed, what the step did, the read data and the expectations' tally.
std::string result_column(const step_result& r) {
    std::string text = r.note;
    if (r.has_result) {
        text = r.result_text;
        if (r.result_kind != sw_stubs::result_kind::bytes) {
            text += fmt::format(" (0x{:08X})", static_cast<uint32_t>(r.result));
        }
        if (r.refused) {
            text += " refused: " + r.reason;
        } else if (!r.reason.empty()) {
            text += " failed: " + r.reason;
        }
        if (!r.note.empty()) {
            text += " " + r.note;
        }
    }
    const auto& data = r.outcome.data;
    if (data && !data->bytes.empty() && data->bytes.size() <= 8) {
        uint64_t v = 0;
        for (size_t i = 0; i < data->bytes.size(); ++i) {
            v |= static_cast<uint64_t>(data->bytes[i]) << (8 * i);
        }
        text += fmt::format(" data=0x{:0{}X}", v, data->bytes.size() * 2);
    }
    if (r.expectations != 0) {
        text += r.failures.empty()
                    ? fmt::format("  [{} ok]", r.expectations)
                    : fmt::format("  [{} of {} FAILED]", r.failures.size(), r.expectations);
    }
    return text;
}

} // namespace

void summary_printer::on_run_started(const scenario& /*sc*/) {
    fmt::print(out_, "{:<3} {:>14}  {:<31} {:<54} {:>4} {:>14}  {}\n", "#", "time us", "call",
               "arguments", "TLPs", "latency ns", "result");
}

void summary_printer::on_step_finished(const step& /*st*/, const step_result& r) {
    std::fputs(r.printout.c_str(), out_);
    const bool took_time = r.end_ps != r.start_ps || r.tlps != 0;
    const std::string latency =
        took_time ? fmt::format("{:.1f}", static_cast<double>(r.end_ps - r.start_ps) / 1e3) : "";
    fmt::print(out_, "{:<3} {:>14.3f}  {:<31} {:<54} {:>4} {:>14}  {}\n", r.index,
               static_cast<double>(r.start_ps) / 1e6, r.name, r.arguments, r.tlps, latency,
               result_column(r));
    for (const std::string& m : r.failures) {
        fmt::print(out_, "FAIL {}\n", m);
    }
}

} // namespace sriov::scenario
