#include "sriov/tb/tlp_vcd_monitor.h"

#include "sriov/pcie/sim_time.h"

#include <algorithm>
#include <stdexcept>

namespace sriov::tb {

namespace {

std::string named(const char* prefix, const char* field) {
    return std::string(prefix) + "_" + field;
}

} // namespace

template <size_t Fields>
tlp_vcd_monitor::lane_base<Fields>::lane_base(const char* prefix)
    : valid(named(prefix, "valid").c_str()), fmt_type(named(prefix, "fmt_type").c_str()),
      requester(named(prefix, "requester").c_str()), completer(named(prefix, "completer").c_str()),
      tag(named(prefix, "tag").c_str()), count(named(prefix, "count").c_str()) {}

tlp_vcd_monitor::lane::lane(const char* prefix)
    : lane_base(prefix), reg_offset(named(prefix, "reg_offset").c_str()),
      first_be(named(prefix, "first_be").c_str()), data(named(prefix, "data").c_str()),
      status(named(prefix, "status").c_str()) {}

tlp_vcd_monitor::mem_lane::mem_lane(const char* prefix)
    : lane_base(prefix), address(named(prefix, "address").c_str()),
      length(named(prefix, "length").c_str()), first_be(named(prefix, "first_be").c_str()),
      last_be(named(prefix, "last_be").c_str()), data(named(prefix, "data").c_str()),
      status(named(prefix, "status").c_str()), byte_count(named(prefix, "byte_count").c_str()) {}

namespace {

struct field {
    const char* name;
    unsigned width;
};
// The lanes' fields in lane_values / mem_lane_values order, as each_signal
// visits them: the names in the VCD and the FST.
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
constexpr std::array<field, tlp_vcd_monitor::mem_lane_fields> mem_lane_field_table{
    {{"valid", 1},
     {"fmt_type", 8},
     {"requester", 16},
     {"completer", 16},
     {"tag", 10},
     {"address", 64},
     {"length", 11},
     {"first_be", 4},
     {"last_be", 4},
     {"data", 32},
     {"status", 3},
     {"byte_count", 13},
     {"count", 32}}};

const auto& fields_of(const tlp_vcd_monitor::lane&) {
    return lane_field_table;
}
const auto& fields_of(const tlp_vcd_monitor::mem_lane&) {
    return mem_lane_field_table;
}

template <size_t Fields, typename F>
void each_head_signal(tlp_vcd_monitor::lane_base<Fields>& l, F& f) {
    f(l.valid);
    f(l.fmt_type);
    f(l.requester);
    f(l.completer);
    f(l.tag);
}

template <typename F>
void each_signal(tlp_vcd_monitor::lane& l, F&& f) {
    each_head_signal(l, f);
    f(l.reg_offset);
    f(l.first_be);
    f(l.data);
    f(l.status);
    f(l.count);
}

template <typename F>
void each_signal(tlp_vcd_monitor::mem_lane& l, F&& f) {
    each_head_signal(l, f);
    f(l.address);
    f(l.length);
    f(l.first_be);
    f(l.last_be);
    f(l.data);
    f(l.status);
    f(l.byte_count);
    f(l.count);
}

template <typename Lane, typename Values>
void write_lane(Lane& l, const Values& v) {
    size_t i = 0;
    each_signal(l, [&](auto& signal) { signal.write(v[i++]); });
}

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

tlp_vcd_monitor::mem_lane_values values_of(const mem_tlp& t, uint32_t count) {
    uint32_t first_dw = 0; // little-endian, as the config lanes' data
    for (size_t i = 0; i < 4 && i < t.payload.size(); ++i) {
        first_dw |= uint32_t{t.payload[i]} << (8 * i);
    }
    const bool request = is_mem_request(t.type);
    return {1,
            static_cast<uint8_t>(t.type),
            t.requester.value,
            request ? 0u : t.completer.value,
            t.tag,
            request ? t.address : 0,
            t.length_dw,
            request ? t.first_be : 0u,
            request ? t.last_be : 0u,
            first_dw,
            request ? 0u : static_cast<uint8_t>(t.status),
            request ? 0u : t.byte_count,
            count};
}

// How long `t` is on the wire (as the link times it).
uint64_t wire_ps(const link::link_config& link, const tlp& t) {
    return link::tlp_time_ps(link, has_data(t.type) ? 16 : 12);
}
uint64_t wire_ps(const link::link_config& link, const mem_tlp& t) {
    return link::tlp_time_ps(link,
                             link::tlp_size_bytes(is_4dw_header(t.type) ? 4 : 3, t.payload.size()));
}

} // namespace

tlp_vcd_monitor::tlp_vcd_monitor(sc_core::sc_module_name name, const link::link_config& link,
                                 sc_core::sc_trace_file* tf)
    : sc_core::sc_module(name), down("down"), up("up"), mem_down("mem_down"), mem_up("mem_up"),
      activity("activity"), link_(link) {
    SC_HAS_PROCESS(tlp_vcd_monitor);
    SC_THREAD(run_down);
    SC_THREAD(run_up);
    SC_THREAD(run_mem_down);
    SC_THREAD(run_mem_up);
    if (tf != nullptr) {
        trace_lane(tf, down, "tlp_down");
        trace_lane(tf, up, "tlp_up");
        sc_core::sc_trace(tf, activity, "sw_activity");
        trace_lane(tf, mem_down, "mem_down");
        trace_lane(tf, mem_up, "mem_up");
    }
}

template <typename Lane>
void tlp_vcd_monitor::trace_lane(sc_core::sc_trace_file* tf, Lane& l, const std::string& prefix) {
    size_t i = 0;
    each_signal(l, [&](auto& signal) {
        sc_core::sc_trace(tf, signal, prefix + "." + fields_of(l)[i++].name);
    });
}

namespace {

// Declares `l`'s variables in scope SystemC.`scope` and gives them their
// initial value at time 0, as the VCD has it.
template <typename Lane>
void declare_lane(wave_sink& sink, Lane& l, const char* scope) {
    const auto& fields = fields_of(l);
    for (size_t i = 0; i < fields.size(); ++i) {
        l.sink_vars[i] = sink.declare({"SystemC", scope}, fields[i].name, fields[i].width);
    }
}

template <typename Lane>
void zero_lane(wave_sink& sink, const Lane& l) {
    for (const uint32_t var : l.sink_vars) {
        sink.change(0, var, 0);
    }
}

} // namespace

void tlp_vcd_monitor::trace_to(wave_sink& sink) {
    sink_ = &sink;
    declare_lane(sink, down, "tlp_down");
    declare_lane(sink, up, "tlp_up");
    activity_var_ = sink.declare({"SystemC"}, "sw_activity", 64);
    declare_lane(sink, mem_down, "mem_down");
    declare_lane(sink, mem_up, "mem_up");
    zero_lane(sink, down);
    zero_lane(sink, up);
    sink.change(0, activity_var_, 0);
    zero_lane(sink, mem_down);
    zero_lane(sink, mem_up);
}

void tlp_vcd_monitor::set_window(uint64_t from_ps, uint64_t to_ps) {
    if (from_ps > to_ps) {
        throw std::invalid_argument("tlp_vcd_monitor: window ends before it starts");
    }
    from_ps_ = from_ps;
    to_ps_ = to_ps;
}

template <typename Lane, typename Values>
void tlp_vcd_monitor::show(Lane& l, const Values& v) {
    write_lane(l, v);
    if (sink_ != nullptr) { // (the sink writes only what changed)
        for (size_t i = 0; i < v.size(); ++i) {
            sink_->change(now_ps(), l.sink_vars[i], v[i]);
        }
    }
}

void tlp_vcd_monitor::on_tlp(uint64_t time_ps, link::direction dir, const tlp& t) {
    const bool is_down = dir == link::direction::downstream;
    (is_down ? down_q_ : up_q_).push(record<tlp>{time_ps, seq_++, t});
    (is_down ? down_ev_ : up_ev_).notify(sc_core::SC_ZERO_TIME);
}

void tlp_vcd_monitor::on_mem_tlp(uint64_t time_ps, link::direction dir, const mem_tlp& t) {
    const bool is_down = dir == link::direction::downstream;
    (is_down ? mem_down_q_ : mem_up_q_).push(record<mem_tlp>{time_ps, seq_++, t});
    (is_down ? mem_down_ev_ : mem_up_ev_).notify(sc_core::SC_ZERO_TIME);
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

template <typename T, typename Lane>
void tlp_vcd_monitor::run(queue_of<T>& q, sc_core::sc_event& ev, Lane& l) {
    uint32_t count = 0;
    for (;;) {
        if (q.empty()) {
            wait(ev);
            continue;
        }
        const record<T> r = q.top();
        const uint64_t now = now_ps();
        if (r.time_ps > now) {
            wait(time_from_ps(r.time_ps - now), ev); // an earlier record may still arrive
            continue;
        }
        q.pop();
        const T& t = r.value;
        ++count;
        if (!in_window(now)) {
            continue; // the signals keep their values
        }
        auto v = values_of(t, count);
        show(l, v);
        wait(time_from_ps(std::max<uint64_t>(wire_ps(link_, t), 1)));
        v[0] = 0; // valid low, the rest held
        show(l, v);
    }
}

} // namespace sriov::tb
