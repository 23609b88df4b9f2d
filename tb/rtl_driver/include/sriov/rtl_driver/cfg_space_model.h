// Pin-level view of one Verilated build of rtl/sriov_cfg_space.sv or
// rtl/sriov_cfg_port_space.sv, independent
// of the variant (profile parameters, fault defines, coverage). The driver only
// talks to this interface; verilated_cfg_space<VTop> adapts any variant's class.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include <verilated.h>
#include <verilated_fst_c.h>
#include <verilated_vcd_c.h>

namespace sriov::rtl {

// Values the testbench drives on the input pins (clk is driven separately).
struct cfg_space_inputs {
    bool rst_n = false;
    uint64_t now_ns = 0;
    bool req_valid = false;
    uint16_t req_rid = 0;
    uint16_t req_dw = 0; // 10 bits used
    uint8_t req_be = 0;  // 4 bits used
    bool req_write = false;
    uint32_t req_wdata = 0;
    bool rsp_ready = false;
    // sriov_cfg_port_space only (the fixed-layout block has no such pins):
    // the configuration port and the request's TLP header for the AER log.
    bool cfg_we = false;
    uint8_t cfg_sel = 0;   // 4 bits used
    uint32_t cfg_addr = 0; // 20 bits used
    uint32_t cfg_wdata = 0;
    std::array<uint32_t, 4> req_hdr{};
};

// Values on the output pins after the last eval().
struct cfg_space_outputs {
    bool req_ready = false;
    bool rsp_valid = false;
    uint8_t rsp_status = 0;
    uint32_t rsp_rdata = 0;
    bool vf_enable = false;
    uint16_t num_vfs = 0;
    bool vf_mse = false;
    uint32_t system_page_size = 0;
    bool busy = false;
    uint8_t state = 0; // 0 idle, 1 busy, 2 response (sriov_cfg_pkg::state_e)
};

class cfg_space_model {
public:
    virtual ~cfg_space_model() = default;
    virtual void set_clk(bool level) = 0;
    virtual void set_inputs(const cfg_space_inputs& in) = 0;
    virtual void eval() = 0;
    virtual cfg_space_outputs outputs() const = 0;
    // Registers the model's signals with an open-able VCD writer.
    virtual void trace(VerilatedVcdC& vcd, int levels) = 0;
    // The same with an FST writer (variants built with FST, --trace-fst).
    virtual void trace_fst(VerilatedFstC& fst, int levels) = 0;
    virtual VerilatedContext& context() = 0;
    // Runs final blocks; call once before destruction.
    virtual void finish() = 0;
    virtual const char* variant_name() const = 0;
    // True for a block whose layout is loaded through the configuration port.
    virtual bool has_cfg_port() const = 0;
};

namespace detail {
// Whether a Verilated top class was built with --trace (NO_TRACE variants are
// faster and have no trace() member).
// Writer is the trace file class its trace() takes: VerilatedVcdC (--trace)
// or VerilatedFstC (--trace-fst).
template <class VTop, class Writer, class = void>
struct has_trace : std::false_type {};
template <class VTop, class Writer>
struct has_trace<VTop, Writer,
                 std::void_t<decltype(std::declval<VTop&>().trace(std::declval<Writer*>(), 0))>>
    : std::true_type {};
template <class VTop>
constexpr bool has_any_trace =
    has_trace<VTop, VerilatedVcdC>::value || has_trace<VTop, VerilatedFstC>::value;
// Whether a Verilated top class has the configuration port (sriov_cfg_port_space).
template <class VTop, class = void>
struct has_cfg_port : std::false_type {};
template <class VTop>
struct has_cfg_port<VTop, std::void_t<decltype(std::declval<VTop&>().cfg_we)>> : std::true_type {};
} // namespace detail

// Adapter for one Verilated top class (e.g. Vsriov_cfg_space_default). Each
// instance owns its VerilatedContext so several models can coexist.
template <class VTop>
class verilated_cfg_space final : public cfg_space_model {
public:
    explicit verilated_cfg_space(const char* variant) : variant_(variant) {
        if constexpr (detail::has_any_trace<VTop>) {
            context_.traceEverOn(true); // must precede the first eval for tracing to work
        }
        top_ = std::make_unique<VTop>(&context_, "TOP");
    }
    void set_clk(bool level) override { top_->clk = level; }
    void set_inputs(const cfg_space_inputs& in) override {
        top_->rst_n = in.rst_n;
        top_->now_ns = in.now_ns;
        top_->req_valid = in.req_valid;
        top_->req_rid = in.req_rid;
        top_->req_dw = in.req_dw & 0x3FFu;
        top_->req_be = in.req_be & 0xFu;
        top_->req_write = in.req_write;
        top_->req_wdata = in.req_wdata;
        top_->rsp_ready = in.rsp_ready;
        if constexpr (detail::has_cfg_port<VTop>::value) {
            top_->cfg_we = in.cfg_we;
            top_->cfg_sel = in.cfg_sel & 0xFu;
            top_->cfg_addr = in.cfg_addr & 0xFFFFFu;
            top_->cfg_wdata = in.cfg_wdata;
            for (unsigned i = 0; i < 4; ++i) {
                top_->req_hdr[i] = in.req_hdr[i];
            }
        }
    }
    bool has_cfg_port() const override { return detail::has_cfg_port<VTop>::value; }
    void eval() override { top_->eval(); }
    cfg_space_outputs outputs() const override {
        cfg_space_outputs o;
        o.req_ready = top_->req_ready != 0;
        o.rsp_valid = top_->rsp_valid != 0;
        o.rsp_status = top_->rsp_status;
        o.rsp_rdata = top_->rsp_rdata;
        o.vf_enable = top_->vf_enable != 0;
        o.num_vfs = top_->num_vfs;
        o.vf_mse = top_->vf_mse != 0;
        o.system_page_size = top_->system_page_size;
        o.busy = top_->busy != 0;
        o.state = top_->state;
        return o;
    }
    void trace(VerilatedVcdC& vcd, int levels) override { trace_to(vcd, levels, "VCD (TRACE)"); }
    void trace_fst(VerilatedFstC& fst, int levels) override {
        trace_to(fst, levels, "FST (TRACE_FST)");
    }
    VerilatedContext& context() override { return context_; }
    void finish() override { top_->final(); }
    const char* variant_name() const override { return variant_; }

private:
    template <class Writer>
    void trace_to(Writer& w, int levels, const char* format) {
        if constexpr (detail::has_trace<VTop, Writer>::value) {
            top_->trace(&w, levels);
        } else {
            (void)w;
            (void)levels;
            throw std::logic_error(std::string("RTL variant ") + variant_ + " was built without " +
                                   format + " tracing");
        }
    }

    const char* variant_;
    VerilatedContext context_;
    std::unique_ptr<VTop> top_;
};

// make_cfg_space<Vsriov_cfg_space_vf256>("vf256")
template <class VTop>
std::unique_ptr<cfg_space_model> make_cfg_space(const char* variant) {
    return std::make_unique<verilated_cfg_space<VTop>>(variant);
}

} // namespace sriov::rtl
