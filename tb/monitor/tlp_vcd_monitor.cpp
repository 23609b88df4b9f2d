#include "sriov/tb/tlp_vcd_monitor.h"

#include "sriov/pcie/sim_time.h"

#include <algorithm>

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
        l.valid.write(true);
        l.fmt_type.write(static_cast<uint8_t>(t.type));
        l.requester.write(t.requester.value);
        l.completer.write(t.completer.value);
        l.tag.write(t.tag);
        l.reg_offset.write(t.reg_offset());
        l.first_be.write(t.first_be);
        l.data.write(t.data);
        l.status.write(static_cast<uint8_t>(t.status));
        l.count.write(++count);
        wait(time_from_ps(
            std::max<uint64_t>(link::tlp_time_ps(link_, has_data(t.type) ? 16 : 12), 1)));
        l.valid.write(false);
    }
}

} // namespace sriov::tb
