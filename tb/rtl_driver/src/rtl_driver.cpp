#include "sriov/rtl_driver/rtl_driver.h"

#include <stdexcept>
#include <utility>

#include <verilated_cov.h>

namespace sriov::rtl {

namespace {
// Bound on cycles spent waiting for req_ready or rsp_valid: far above any
// sane EP_CYCLES, low enough that a hung block fails fast.
constexpr unsigned max_wait_cycles = 100000;
} // namespace

rtl_driver::rtl_driver(std::unique_ptr<cfg_space_model> model, uint64_t clock_period_ps)
    : model_(std::move(model)), period_ps_(clock_period_ps) {
    if (!model_) {
        throw std::invalid_argument("rtl_driver: null model");
    }
    if (period_ps_ < 2) {
        throw std::invalid_argument("rtl_driver: clock period must be >= 2 ps");
    }
    model_->set_clk(false);
    apply_inputs();
}

rtl_driver::~rtl_driver() {
    close_trace();
    model_->finish();
}

void rtl_driver::apply_inputs() {
    model_->set_inputs(in_);
    model_->eval();
    out_ = model_->outputs();
}

void rtl_driver::write_trace(uint64_t t_ps) {
    if (t_ps < trace_from_ps_ || t_ps > trace_to_ps_) {
        return;
    }
    if (vcd_) {
        vcd_->dump(t_ps);
    }
    if (fst_) {
        fst_->dump(t_ps);
    }
}

void rtl_driver::dump(uint64_t t_ps) {
    if (tracing()) { // the untraced regressions skip the window test on every edge
        write_trace(t_ps);
    }
    last_dump_ps_ = t_ps;
    dumped_ = true;
}

// Inputs change with the falling edge at time_ps_, the rising edge follows
// half a period later; outputs are sampled after the rising edge.
void rtl_driver::tick() {
    model_->set_inputs(in_);
    model_->set_clk(false);
    model_->eval();
    dump(time_ps_);
    model_->set_clk(true);
    model_->eval();
    dump(time_ps_ + period_ps_ / 2);
    out_ = model_->outputs();
    time_ps_ += period_ps_;
    ++cycles_;
}

uint64_t rtl_driver::now_after_cycles(uint64_t start_ns, unsigned n) const {
    return start_ns + (static_cast<uint64_t>(n) * period_ps_) / 1000;
}

void rtl_driver::set_time_ps(uint64_t t_ps) {
    // VCD time never goes backwards; a request "in the past" continues after the last dump.
    if (t_ps > time_ps_) {
        time_ps_ = t_ps;
    }
}

void rtl_driver::set_layout(std::vector<port_write> writes) {
    if (!model_->has_cfg_port()) {
        throw std::logic_error("rtl_driver::set_layout: the block has no configuration port");
    }
    if (reset_done_) {
        throw std::logic_error("rtl_driver::set_layout after the first reset");
    }
    layout_ = std::move(writes);
}

void rtl_driver::reset(uint64_t now_ns) {
    set_time_ps(now_ns * 1000);
    in_ = cfg_space_inputs{};
    in_.rst_n = false;
    in_.now_ns = now_ns; // held for every edge: ready_at = now_ns + RESET_READY_NS
    if (!layout_loaded_) {
        // The configuration port takes writes while rst_n is low (like a
        // controller's attributes before link-up); the reset edges follow.
        for (const port_write& w : layout_) {
            in_.cfg_we = true;
            in_.cfg_sel = static_cast<uint8_t>(w.table);
            in_.cfg_addr = w.addr;
            in_.cfg_wdata = w.data;
            tick();
        }
        in_.cfg_we = false;
        layout_loaded_ = true;
        layout_.clear();
        layout_.shrink_to_fit();
    }
    tick();
    tick();
    in_.rst_n = true;
    apply_inputs();
    reset_done_ = true;
}

config_response rtl_driver::access(const config_request& req, uint64_t now_ns,
                                   unsigned* cycles_taken) {
    if (!reset_done_) {
        throw std::logic_error("rtl_driver::access before reset()");
    }
    if (req.dw_index > 1023) {
        throw std::out_of_range("rtl_driver::access: dw_index > 1023 has no pin encoding");
    }
    set_time_ps(now_ns * 1000);
    in_.rst_n = true;
    in_.now_ns = now_ns;
    in_.req_valid = true;
    in_.req_rid = req.target.value;
    in_.req_dw = req.dw_index;
    in_.req_be = req.byte_enable & 0xFu;
    in_.req_write = req.is_write;
    in_.req_wdata = req.write_data;
    in_.rsp_ready = false;
    // No eval here: every output of the blocks is a register
    // (docs/rtl-interface.md), so req_ready is already what the last edge
    // left; the next tick() applies the inputs.

    // Request handshake: the rising edge where req_valid && req_ready.
    unsigned waited = 0;
    while (!out_.req_ready) {
        tick();
        if (++waited > max_wait_cycles) {
            throw std::runtime_error("rtl_driver: req_ready never rose");
        }
    }
    tick(); // handshake edge = cycle 0
    in_.req_valid = false;

    unsigned n = 0;
    while (!out_.rsp_valid) {
        ++n;
        in_.now_ns = now_after_cycles(now_ns, n);
        tick();
        if (n > max_wait_cycles) {
            throw std::runtime_error("rtl_driver: rsp_valid never rose");
        }
    }
    config_response rsp;
    rsp.status = static_cast<completion_status>(out_.rsp_status);
    rsp.read_data = out_.rsp_rdata;

    // Response handshake on the next edge; the block returns to idle. The
    // inputs stay as they are until the next tick() (registered outputs: an
    // eval here would change nothing the testbench reads).
    in_.rsp_ready = true;
    in_.now_ns = now_after_cycles(now_ns, n + 1);
    tick();
    in_.rsp_ready = false;

    if (cycles_taken) {
        *cycles_taken = n;
    }
    return rsp;
}

config_response rtl_driver::read(uint16_t rid, uint16_t byte_offset, uint64_t now_ns) {
    return access(dw_request(rid, byte_offset), now_ns);
}

config_response rtl_driver::write(uint16_t rid, uint16_t byte_offset, uint32_t data,
                                  uint64_t now_ns, uint8_t byte_enable) {
    return access(dw_request(rid, byte_offset, true, data, byte_enable), now_ns);
}

bool is_fst_path(const std::string& path) {
    return path.size() > 4 && path.compare(path.size() - 4, 4, ".fst") == 0;
}

namespace {

// A Verilator trace file (VerilatedVcdC or VerilatedFstC) for `model`, open on
// `path` with 1 ps time units.
template <class Writer>
std::unique_ptr<Writer> open_writer(cfg_space_model& model, const std::string& path, int levels,
                                    void (cfg_space_model::*attach)(Writer&, int)) {
    auto w = std::make_unique<Writer>();
    (model.*attach)(*w, levels);
    w->set_time_unit("1ps");
    w->set_time_resolution("1ps");
    w->open(path.c_str());
    if (!w->isOpen()) {
        throw std::runtime_error("rtl_driver: cannot open trace file " + path);
    }
    return w;
}

} // namespace

void rtl_driver::open_trace(const std::string& path, int levels) {
    close_trace();
    if (is_fst_path(path)) {
        fst_ = open_writer(*model_, path, levels, &cfg_space_model::trace_fst);
    } else {
        vcd_ = open_writer(*model_, path, levels, &cfg_space_model::trace);
    }
    // Start the file with the current pin values.
    if (dumped_ && time_ps_ <= last_dump_ps_) {
        time_ps_ = last_dump_ps_ + 1;
    }
    write_trace(time_ps_);
    last_dump_ps_ = time_ps_;
    dumped_ = true;
    time_ps_ += 1;
}

void rtl_driver::close_trace() {
    if (vcd_) {
        vcd_->close();
        vcd_.reset();
    }
    if (fst_) {
        fst_->close();
        fst_.reset();
    }
}

void rtl_driver::set_trace_window(uint64_t from_ps, uint64_t to_ps) {
    if (from_ps > to_ps) {
        throw std::invalid_argument("rtl_driver: trace window ends before it starts");
    }
    trace_from_ps_ = from_ps;
    trace_to_ps_ = to_ps;
}

void rtl_driver::write_coverage(const std::string& path) {
    model_->context().coveragep()->write(path.c_str());
}

} // namespace sriov::rtl
