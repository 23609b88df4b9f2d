// C++ pin-level driver for rtl/sriov_cfg_space.sv (docs/rtl-interface.md).
// It owns the clock: every access runs the valid/ready handshakes cycle by
// cycle and counts the clock edges from request handshake to response.
#pragma once

#include "sriov/pcie/access.h"
#include "sriov/rtl_driver/cfg_space_model.h"
#include "sriov/rtl_driver/port_write.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sriov::rtl {

// The DW request for `byte_offset` (rounded down to its DW) of function `rid`.
inline config_request dw_request(uint16_t rid, uint16_t byte_offset, bool is_write = false,
                                 uint32_t data = 0, uint8_t byte_enable = 0xF) {
    return config_request{routing_id(rid), static_cast<uint16_t>(byte_offset / 4), byte_enable,
                          is_write, data};
}

// Whether a trace file path asks for FST (it ends in .fst); VCD otherwise.
bool is_fst_path(const std::string& path);

class rtl_driver {
public:
    // clock_period_ps: one RTL clock in simulated time (250 MHz = 4000 ps); it
    // advances the now_ns pin and the VCD time while the driver clocks.
    explicit rtl_driver(std::unique_ptr<cfg_space_model> model, uint64_t clock_period_ps = 4000);
    ~rtl_driver();
    rtl_driver(const rtl_driver&) = delete;
    rtl_driver& operator=(const rtl_driver&) = delete;

    // Conventional reset: rst_n low for two clock edges with now_ns held at
    // `now_ns`, so the PF's ready_at becomes now_ns + RESET_READY_NS. The
    // first reset of a block with a configuration port also loads the
    // layout (set_layout) while rst_n is low: one port write per clock.
    void reset(uint64_t now_ns);

    // The layout the first reset loads (sriov_cfg_port_space; layout_port.h
    // builds it from a device description). std::logic_error when the block
    // has no configuration port, or after the first reset.
    void set_layout(std::vector<port_write> writes);

    // The TLP header (4 DWs, as AER logs it) the next access() presents on
    // req_hdr: a block with AER logs it when the request is an Unsupported
    // Request. Zero until set.
    void set_header(const std::array<uint32_t, 4>& header) { in_.req_hdr = header; }

    // One configuration request. now_ns is the system time at the request
    // handshake (the RTL samples it there for readiness and new ready_at
    // values). cycles_taken (optional) receives the number of rising edges
    // from the handshake edge to the edge after which rsp_valid is high, i.e.
    // EP_CYCLES. Throws std::logic_error before reset(), std::runtime_error
    // if the block does not handshake/respond within a bound.
    config_response access(const config_request& req, uint64_t now_ns,
                           unsigned* cycles_taken = nullptr);

    // Convenience wrappers.
    config_response read(uint16_t rid, uint16_t byte_offset, uint64_t now_ns);
    config_response write(uint16_t rid, uint16_t byte_offset, uint32_t data, uint64_t now_ns,
                          uint8_t byte_enable = 0xF);

    // Status outputs (values after the last clock edge).
    bool vf_enable() const { return out_.vf_enable; }
    uint16_t num_vfs() const { return out_.num_vfs; }
    bool vf_mse() const { return out_.vf_mse; }
    uint32_t system_page_size() const { return out_.system_page_size; }
    bool busy() const { return out_.busy; }
    uint8_t state() const { return out_.state; }
    const cfg_space_outputs& outputs() const { return out_; }

    // Low-level pin access for protocol tests: drive inputs, then clock.
    cfg_space_inputs& inputs() { return in_; }
    void apply_inputs(); // set_inputs + eval (no clock edge)
    void tick();         // one clock cycle: rising edge, then falling edge

    // VCD tracing. The RTL's VCD time is kept in ps; the driver moves it to
    // now_ns * 1000 at each access/reset (or to set_time_ps), and never
    // backwards: if the requested time is behind the last dump, it continues
    // from there. Each clock cycle adds clock_period_ps. A path ending in
    // .fst writes FST (Verilator's FST writer; the variant must be built
    // with FST), any other path VCD.
    void open_trace(const std::string& path, int levels = 99);
    void close_trace();
    bool tracing() const { return vcd_ != nullptr || fst_ != nullptr; }
    // Only times in [from_ps, to_ps] are dumped: the first dump in the window
    // holds every value, nothing changes in the file before from_ps or after
    // to_ps (sriov-xcheck --waves-from/--waves-to).
    void set_trace_window(uint64_t from_ps, uint64_t to_ps);
    void set_time_ps(uint64_t t_ps);
    uint64_t time_ps() const { return time_ps_; }

    // Coverage (only meaningful for a COVERAGE variant): writes the
    // Verilator coverage database (verilator_coverage / genhtml input).
    void write_coverage(const std::string& path);

    uint64_t cycles() const { return cycles_; } // total clock cycles run
    cfg_space_model& model() { return *model_; }

private:
    void dump(uint64_t t_ps);
    void write_trace(uint64_t t_ps); // to the open file, inside the window
    uint64_t now_after_cycles(uint64_t start_ns, unsigned n) const;

    std::unique_ptr<cfg_space_model> model_;
    std::unique_ptr<VerilatedVcdC> vcd_;
    std::unique_ptr<VerilatedFstC> fst_;
    uint64_t trace_from_ps_ = 0;
    uint64_t trace_to_ps_ = UINT64_MAX;
    uint64_t period_ps_;
    uint64_t time_ps_ = 0; // VCD time of the next falling/rising edge pair
    uint64_t last_dump_ps_ = 0;
    bool dumped_ = false;
    bool reset_done_ = false;
    bool layout_loaded_ = false;
    std::vector<port_write> layout_;
    uint64_t cycles_ = 0;
    cfg_space_inputs in_;
    cfg_space_outputs out_;
};

} // namespace sriov::rtl
