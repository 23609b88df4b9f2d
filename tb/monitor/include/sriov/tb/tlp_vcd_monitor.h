// Traces each TLP's fields as signals into a VCD file on the simulated time
// axis: per direction a `valid` that is high while the TLP is on the wire and
// the header fields (type, requester, completer, tag, register, BE, data,
// status). Memory TLPs (MRd/MWr, their Cpl/CplD, the MSI-X messages the
// device sends as MWr upstream) have their own lanes per direction, mem_down
// and mem_up (valid, fmt_type, requester, completer, tag, address, length in
// DW, first/last BE, first payload DW, status). LT initiators run ahead of sc_time_stamp() by up to
// a quantum, so records are queued and a thread per direction applies each at its own time (a
// record already in the past is shown at the current time). The same changes can go to a wave_sink
// (an FST file), and a window limits both to a span of simulated time.
#pragma once

#include "sriov/link/link_timing.h"
#include "sriov/link/tlp_observer.h"
#include "sriov/tb/wave_sink.h"

#include <array>
#include <cstdint>
#include <queue>
#include <string>
#include <systemc>
#include <vector>

namespace sriov::tb {

class tlp_vcd_monitor : public sc_core::sc_module, public link::tlp_observer {
public:
    tlp_vcd_monitor(sc_core::sc_module_name name, const link::link_config& link,
                    sc_core::sc_trace_file* tf);

    void on_tlp(uint64_t time_ps, link::direction dir, const tlp& t) override;
    void on_mem_tlp(uint64_t time_ps, link::direction dir, const mem_tlp& t) override;

    // Free-form activity marker (e.g. which software API is running).
    void set_activity(const std::string& what);

    // Sends every change to `sink` too (the same scopes and names as the
    // VCD: SystemC.tlp_down.valid, ...). Call before the simulation starts.
    void trace_to(wave_sink& sink);
    // Only TLPs and activity in [from_ps, to_ps] change the signals: the
    // waves hold their initial values before from_ps and keep the last ones
    // after to_ps (sriov-sim --waves-from/--waves-to).
    void set_window(uint64_t from_ps, uint64_t to_ps);

    static constexpr size_t lane_fields = 10;
    // valid, fmt_type, requester, completer, tag, reg_offset, first_be, data, status, count
    using lane_values = std::array<uint64_t, lane_fields>;

    // What every lane has: the header fields of config and memory TLPs,
    // `count` and the wave_sink handles of its `Fields` variables.
    template <size_t Fields>
    struct lane_base {
        sc_core::sc_signal<bool> valid;
        sc_core::sc_signal<sc_dt::sc_uint<8>> fmt_type;
        sc_core::sc_signal<sc_dt::sc_uint<16>> requester;
        sc_core::sc_signal<sc_dt::sc_uint<16>> completer;
        sc_core::sc_signal<sc_dt::sc_uint<10>> tag;
        sc_core::sc_signal<sc_dt::sc_uint<32>> count;
        std::array<uint32_t, Fields> sink_vars{};
        explicit lane_base(const char* prefix);
    };

    struct lane : lane_base<lane_fields> {
        sc_core::sc_signal<sc_dt::sc_uint<12>> reg_offset;
        sc_core::sc_signal<sc_dt::sc_uint<4>> first_be;
        sc_core::sc_signal<sc_dt::sc_uint<32>> data;
        sc_core::sc_signal<sc_dt::sc_uint<3>> status;
        explicit lane(const char* prefix);
    };

    static constexpr size_t mem_lane_fields = 13;
    // valid, fmt_type, requester, completer, tag, address, length, first_be,
    // last_be, data, status, byte_count, count
    using mem_lane_values = std::array<uint64_t, mem_lane_fields>;

    struct mem_lane : lane_base<mem_lane_fields> {
        sc_core::sc_signal<sc_dt::sc_uint<64>> address;
        sc_core::sc_signal<sc_dt::sc_uint<11>> length;
        sc_core::sc_signal<sc_dt::sc_uint<4>> first_be;
        sc_core::sc_signal<sc_dt::sc_uint<4>> last_be;
        sc_core::sc_signal<sc_dt::sc_uint<32>> data;
        sc_core::sc_signal<sc_dt::sc_uint<3>> status;
        sc_core::sc_signal<sc_dt::sc_uint<13>> byte_count;
        explicit mem_lane(const char* prefix);
    };

private:
    template <typename T>
    struct record {
        uint64_t time_ps;
        uint64_t seq;
        T value;
        bool operator>(const record& o) const {
            return time_ps != o.time_ps ? time_ps > o.time_ps : seq > o.seq;
        }
    };
    template <typename T>
    using queue_of =
        std::priority_queue<record<T>, std::vector<record<T>>, std::greater<record<T>>>;
    using queue = queue_of<tlp>;
    using mem_queue = queue_of<mem_tlp>;

    template <typename T, typename Lane>
    void run(queue_of<T>& q, sc_core::sc_event& ev, Lane& l);
    void run_down() { run(down_q_, down_ev_, down); }
    void run_up() { run(up_q_, up_ev_, up); }
    void run_mem_down() { run(mem_down_q_, mem_down_ev_, mem_down); }
    void run_mem_up() { run(mem_up_q_, mem_up_ev_, mem_up); }
    template <typename Lane>
    void trace_lane(sc_core::sc_trace_file* tf, Lane& l, const std::string& prefix);
    template <typename Lane, typename Values>
    void show(Lane& l, const Values& v); // signals and sink, now
    bool in_window(uint64_t t_ps) const { return t_ps >= from_ps_ && t_ps <= to_ps_; }

public:
    lane down;
    lane up;
    mem_lane mem_down;
    mem_lane mem_up;
    sc_core::sc_signal<sc_dt::sc_uint<64>> activity; // up to 8 ASCII characters

private:
    link::link_config link_;
    queue down_q_;
    queue up_q_;
    mem_queue mem_down_q_;
    mem_queue mem_up_q_;
    sc_core::sc_event down_ev_;
    sc_core::sc_event up_ev_;
    sc_core::sc_event mem_down_ev_;
    sc_core::sc_event mem_up_ev_;
    uint64_t seq_ = 0;
    wave_sink* sink_ = nullptr;
    uint32_t activity_var_ = 0;
    uint64_t from_ps_ = 0;
    uint64_t to_ps_ = UINT64_MAX;
};

} // namespace sriov::tb
