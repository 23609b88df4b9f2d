#include "sriov/tb/tlp_vcd_monitor.h"

#include "sriov/pcie/sim_time.h"

#include <algorithm>
#include <stdexcept>

namespace sriov::tb {

tlp_vcd_monitor::lane::lane(const char* prefix)
    : valid((std::string(prefix) + "_valid").c_str()),
      fmt_type((std::string(prefix) + "_fmt_type").c_str()),
      requester((std::string(prefix) + "_requester").c_str()),
      completer((std::string(prefix) + "_completer").c_str()),
      tag((std::string(prefix) + "_tag").c_str()),
      reg_offset((std::string(prefix) + "_reg_offset").c_str()),
      first_be((std::string(prefix) + "_first_be").c_str()),
      data((std::string(prefix) + "_data").c_str()),
      status((std::string(prefix) + "_status").c_str()),
      count((std::string(prefix) + "_count").c_str()) {}

void tlp_vcd_monitor::lane::write(const lane_values& v) {
    valid.write(v[0] != 0);
    fmt_type.write(v[1]);
    requester.write(v[2]);
    completer.write(v[3]);
    tag.write(v[4]);
    reg_offset.write(v[5]);
    first_be.write(v[6]);
    data.write(v[7]);
    status.write(v[8]);
    count.write(v[9]);
}

namespace {

struct field {
    const char* name;
    unsigned width;
};
// The lane's fields in lane_values order, as trace_lane names them.
constexpr std::array<field, tlp_vcd_monitor::lane_fields> lane_field_table{{{"valid", 1},
                                                                            {"fmt_type", 8},
                                                                            {"requester", 16},
                                                                            {"completer", 16},
                                                                            {"tag", 10},
                                                                            {"reg_offset", 12},
                                                                            {"first_be", 4},
                                                                            {"data", 32},
                                                                            {"status", 3},
                                                                            {"count", 32}}};

// What the lane shows while `t` is on the wire.
tlp_vcd_monitor::lane_values values_of(const tlp& t, uint32_t count) {
    return {1,
            static_cast<uint8_t>(t.type),
            t.requester.value,
            t.completer.value,
            t.tag,
            t.reg_offset(),
            t.first_be,
            t.data,
            static_cast<uint8_t>(t.status),
            count};
}

} // namespace

tlp_vcd_monitor::tlp_vcd_monitor(sc_core::sc_module_name name, const link::link_config& link,
                                 sc_core::sc_trace_file* tf)
    : sc_core::sc_module(name), down("down"), up("up"), activity("activity"), link_(link) {
    SC_HAS_PROCESS(tlp_vcd_monitor);
    SC_THREAD(run_down);
    SC_THREAD(run_up);
    if (tf != nullptr) {
        trace_lane(tf, down, "tlp_down");
        trace_lane(tf, up, "tlp_up");
        sc_core::sc_trace(tf, activity, "sw_activity");
    }
}

void tlp_vcd_monitor::trace_lane(sc_core::sc_trace_file* tf, lane& l, const std::string& prefix) {
    sc_core::sc_trace(tf, l.valid, prefix + ".valid");
    sc_core::sc_trace(tf, l.fmt_type, prefix + ".fmt_type");
    sc_core::sc_trace(tf, l.requester, prefix + ".requester");
    sc_core::sc_trace(tf, l.completer, prefix + ".completer");
    sc_core::sc_trace(tf, l.tag, prefix + ".tag");
    sc_core::sc_trace(tf, l.reg_offset, prefix + ".reg_offset");
    sc_core::sc_trace(tf, l.first_be, prefix + ".first_be");
    sc_core::sc_trace(tf, l.data, prefix + ".data");
    sc_core::sc_trace(tf, l.status, prefix + ".status");
    sc_core::sc_trace(tf, l.count, prefix + ".count");
}

void tlp_vcd_monitor::trace_to(wave_sink& sink) {
    sink_ = &sink;
    for (lane* l : {&down, &up}) {
        const std::string scope = l == &down ? "tlp_down" : "tlp_up";
        for (size_t i = 0; i < lane_fields; ++i) {
            l->sink_vars[i] = sink.declare({"SystemC", scope}, lane_field_table[i].name,
                                           lane_field_table[i].width);
        }
    }
    activity_var_ = sink.declare({"SystemC"}, "sw_activity", 64);
    // Time 0: every variable's initial value, as the VCD has it.
    for (lane* l : {&down, &up}) {
        for (size_t i = 0; i < lane_fields; ++i) {
            sink.change(0, l->sink_vars[i], 0);
        }
    }
    sink.change(0, activity_var_, 0);
}

void tlp_vcd_monitor::set_window(uint64_t from_ps, uint64_t to_ps) {
    if (from_ps > to_ps) {
        throw std::invalid_argument("tlp_vcd_monitor: window ends before it starts");
    }
    from_ps_ = from_ps;
    to_ps_ = to_ps;
}

void tlp_vcd_monitor::show(lane& l, const lane_values& v) {
    l.write(v);
    if (sink_ != nullptr) { // (the sink writes only what changed)
        for (size_t i = 0; i < lane_fields; ++i) {
            sink_->change(now_ps(), l.sink_vars[i], v[i]);
        }
    }
}

void tlp_vcd_monitor::on_tlp(uint64_t time_ps, link::direction dir, const tlp& t) {
    const bool is_down = dir == link::direction::downstream;
    (is_down ? down_q_ : up_q_).push(record{time_ps, seq_++, t});
    (is_down ? down_ev_ : up_ev_).notify(sc_core::SC_ZERO_TIME);
}

void tlp_vcd_monitor::set_activity(const std::string& what) {
    uint64_t packed = 0;
    for (size_t i = 0; i < std::min<size_t>(what.size(), 8); ++i) {
        packed = packed << 8 | static_cast<unsigned char>(what[i]);
    }
    if (!in_window(now_ps())) {
        return;
    }
    if (sink_ != nullptr) {
        sink_->change(now_ps(), activity_var_, packed);
    }
    activity.write(packed);
}

void tlp_vcd_monitor::run(queue& q, sc_core::sc_event& ev, lane& l) {
    uint32_t count = 0;
    for (;;) {
        if (q.empty()) {
            wait(ev);
            continue;
        }
        const record r = q.top();
        const uint64_t now = now_ps();
        if (r.time_ps > now) {
            wait(time_from_ps(r.time_ps - now), ev); // an earlier record may still arrive
            continue;
        }
        q.pop();
        const tlp& t = r.value;
        ++count;
        if (!in_window(now)) {
            continue; // the signals keep their values
        }
        lane_values v = values_of(t, count);
        show(l, v);
        wait(time_from_ps(
            std::max<uint64_t>(link::tlp_time_ps(link_, has_data(t.type) ? 16 : 12), 1)));
        v[0] = 0; // valid low, the rest held
        show(l, v);
    }
}

} // namespace sriov::tb
