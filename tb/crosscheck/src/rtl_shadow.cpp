// Verilator's headers first, before anything includes SystemC (rtl_shadow.h).
#include "sriov/rtl_driver/layout_port.h"
#include "sriov/rtl_driver/rtl_driver.h"

#include "sriov/config/register_file.h"
#include "sriov/crosscheck/rtl_shadow.h"
#include "sriov/endpoint/sriov_endpoint.h"

#include "sriov/tlp/tlp.h"
#include "sriov/tlp/tlp_format.h"

#include <fmt/format.h>

#include <sstream>
#include <systemc>
#include <utility>
#include <vector>

namespace sriov::crosscheck {

namespace {

uint64_t clock_period_ps(const config::device_description& p) {
    return p.ep_clock_mhz == 0 ? 4000 : 1'000'000ull / p.ep_clock_mhz;
}

} // namespace

rtl_shadow::rtl_shadow(config::sriov_device& device, std::unique_ptr<rtl::cfg_space_model> rtl,
                       shadow_options options)
    : device_(device),
      drv_(std::make_unique<rtl::rtl_driver>(std::move(rtl), clock_period_ps(device.profile()))),
      opt_(std::move(options)), ep_cycles_(device.profile().ep_cycles),
      logs_headers_(drv_->model().has_cfg_port()) {
    // Mismatches are errors (counted, they fail sriov-sim and sriov-xcheck) but
    // must not throw out of the endpoint's b_transport: display and log only.
    sc_core::sc_report_handler::set_actions(msg_type, sc_core::SC_ERROR,
                                            sc_core::SC_DISPLAY | sc_core::SC_LOG);
    if (drv_->model().has_cfg_port()) {
        // The configurable block: the device's layout, loaded at the first reset.
        drv_->set_layout(rtl::layout_writes(device, rtl::built_port_sizes));
    }
    drv_->reset(0); // the TLM device's conventional reset at construction
}

rtl_shadow::~rtl_shadow() = default;

void rtl_shadow::open_trace(const std::string& path) {
    drv_->open_trace(path);
}
void rtl_shadow::close_trace() {
    drv_->close_trace();
}
void rtl_shadow::set_trace_window(uint64_t from_ps, uint64_t to_ps) {
    drv_->set_trace_window(from_ps, to_ps);
}
void rtl_shadow::write_coverage(const std::string& path) {
    drv_->write_coverage(path);
}
const char* rtl_shadow::variant_name() const {
    return drv_->model().variant_name();
}

function_kind rtl_shadow::kind_of(routing_id rid) const {
    for (size_t p = 0; p < device_.pf_count(); ++p) {
        if (rid == device_.pf_rid(p)) {
            return function_kind::pf;
        }
    }
    return device_.function_exists(rid) ? function_kind::vf : function_kind::absent;
}

void rtl_shadow::on_reset(uint64_t now_ns) {
    drv_->reset(now_ns);
    if (cov_ != nullptr) {
        cov_->forget_power_states();
    }
}

void rtl_shadow::set_coverage(functional_coverage* cov) {
    cov_ = cov;
    if (cov_ != nullptr && logs_headers_) {
        cov_->sample_layout(rtl::layout_writes(device_, rtl::built_port_sizes));
    }
}

void rtl_shadow::on_request(const tlp& request, const tlp* completion, uint64_t now_ns) {
    if (completion == nullptr) {
        ++skipped_; // malformed or dropped: the RTL block never sees it
        return;
    }
    if (is_type1(request.type) && !endpoint::claims_type1(device_, request.completer)) {
        // A Type 1 request the device does not claim is answered UR by the
        // endpoint's TLP layer, not by the configuration space the RTL
        // implements; a claimed one (a VF on an additional bus) is checked.
        ++skipped_;
        if (cov_ != nullptr) {
            cov_->sample(request, completion->status, function_kind::type1);
        }
        return;
    }
    // Classify before the request applies (a write may remove the VFs).
    const function_kind kind = cov_ != nullptr ? kind_of(request.completer) : function_kind::pf;
    ++checked_;
    unsigned cycles = 0;
    if (logs_headers_) { // only the configurable block has req_hdr (an encode per TLP)
        drv_->set_header(aer_header_log(request));
    }
    const config_response r = drv_->access(to_config_request(request), now_ns, &cycles);
    const bool read_sc =
        !is_write(request.type) && completion->status == completion_status::successful;
    const char* what = nullptr;
    if (r.status != completion->status) {
        what = "status";
    } else if (read_sc && r.read_data != completion->data) {
        what = "data";
    } else if (opt_.check_cycles && cycles != ep_cycles_) {
        what = "cycles";
    }
    if (cov_ != nullptr) {
        cov_->sample(request, completion->status, kind);
        if (logs_headers_) {
            cov_->sample_block(request, completion->status, kind);
        }
    }
    if (what != nullptr) {
        report(what, request, config_response{completion->status, completion->data}, r, cycles,
               now_ns, checked_);
    }
}

namespace {

// Up to this many enabled VFs a PF's VFs are all swept whole (the main
// device's 8 VFs, the shipped profiles' usual counts): the reduced sweep is
// for large devices only, where whole sweeps take minutes.
constexpr uint16_t whole_sweep_vfs = 64;

// DW numbers 0..1023: every DW of a function.
std::vector<uint16_t> every_dw() {
    std::vector<uint16_t> dws(1024);
    for (uint16_t dw = 0; dw < 1024; ++dw) {
        dws[dw] = dw;
    }
    return dws;
}

// The DWs that hold a register of `l` (Vendor ID's DW 0 among them).
std::vector<uint16_t> layout_dws(const config::register_layout& l) {
    std::vector<bool> in(1024, false);
    in[0] = true;
    for (const auto& r : l.registers()) {
        in[r.offset / 4] = true;
    }
    std::vector<uint16_t> dws;
    for (uint16_t dw = 0; dw < 1024; ++dw) {
        if (in[dw]) {
            dws.push_back(dw);
        }
    }
    return dws;
}

} // namespace

uint64_t rtl_shadow::sweep(uint64_t now_ns) {
    ++sweeps_;
    const uint64_t before = mismatch_count_;
    // Every DW of each PF and of its first and last enabled VF; of the VFs
    // between, when the PF has more than whole_sweep_vfs enabled, the DWs of
    // the PF's VF layout. A VF's other DWs read 0 through
    // what every VF of the PF shares (its register layout; the RTL's slot
    // table of the PF), and all that is per VF (routing, readiness, stored
    // DWs) shows in the layout's DWs: a large device is swept in seconds,
    // not minutes (docs/verification.md, "Checkpoints").
    static const std::vector<uint16_t> all = every_dw();
    std::vector<std::vector<uint16_t>> vf_dws(device_.pf_count());
    std::vector<std::pair<routing_id, const std::vector<uint16_t>*>> fns;
    for (size_t p = 0; p < device_.pf_count(); ++p) {
        fns.emplace_back(device_.pf_rid(p), &all);
        vf_dws[p] = layout_dws(device_.vf_layout(p));
        const uint16_t n = device_.active_vfs(p);
        for (uint16_t k = 0; k < n; ++k) {
            const bool whole = n <= whole_sweep_vfs || k == 0 || k + 1 == n;
            fns.emplace_back(device_.vf_rid(k, p), whole ? &all : &vf_dws[p]);
        }
    }
    for (const auto& [fn, dws] : fns) {
        for (const uint16_t dw : *dws) {
            sweep_read(fn, dw, now_ns);
        }
    }
    return mismatch_count_ - before;
}

void rtl_shadow::sweep_read(routing_id fn, uint16_t dw, uint64_t now_ns) {
    const config_request req{fn, dw, 0xF, false, 0}; // a full-DW read
    const config_response t = device_.access(req, now_ns);
    unsigned cycles = 0;
    const config_response r = drv_->access(req, now_ns, &cycles);
    ++sweep_reads_;
    const bool sc = t.status == completion_status::successful;
    if (t.status != r.status || (sc && t.read_data != r.read_data)) {
        report(t.status != r.status ? "sweep status" : "sweep data",
               make_cfg_read(routing_id(0), 0, fn, dw), t, r, cycles, now_ns, sweep_reads_);
    }
}

std::string rtl_shadow::describe(const mismatch& m) const {
    std::ostringstream s;
    s << "RTL/TLM mismatch (" << m.what << ") at " << m.now_ns << " ns, seed " << opt_.seed << ", "
      << (m.what.rfind("sweep", 0) == 0 ? "sweep read #" : "TLP #") << m.index << ": "
      << to_text(m.request) << " [" << to_string(m.request.completer) << " offset "
      << fmt::format("0x{:03x}", m.request.reg_offset()) << "]\n"
      << "  TLM: " << to_string(m.tlm_status) << " data " << fmt::format("0x{:08x}", m.tlm_data)
      << " cycles " << m.tlm_cycles << "\n"
      << "  RTL: " << to_string(m.rtl_status) << " data " << fmt::format("0x{:08x}", m.rtl_data)
      << " cycles " << m.rtl_cycles << " (" << variant_name() << ")";
    if (!opt_.reproduce.empty()) {
        s << "\n  reproduce: " << opt_.reproduce;
    }
    return s.str();
}

void rtl_shadow::report(const char* what, const tlp& request, const config_response& tlm,
                        const config_response& rtl, unsigned rtl_cycles, uint64_t now_ns,
                        uint64_t index) {
    mismatch m;
    m.what = what;
    m.request = request;
    m.tlm_status = tlm.status;
    // The TLM's data is what a requester sees: only a successful read has any.
    const bool read_sc = !is_write(request.type) && tlm.status == completion_status::successful;
    m.tlm_data = read_sc ? tlm.read_data : 0;
    m.tlm_cycles = ep_cycles_;
    m.rtl_status = rtl.status;
    m.rtl_data = rtl.read_data;
    m.rtl_cycles = rtl_cycles;
    m.now_ns = now_ns;
    m.index = index;
    ++mismatch_count_;
    if (first_.size() < opt_.max_reports) {
        const std::string text = describe(m);
        first_.push_back(std::move(m));
        SC_REPORT_ERROR(msg_type, text.c_str());
    } else if (first_.size() == opt_.max_reports && mismatch_count_ == opt_.max_reports + 1u) {
        SC_REPORT_INFO(msg_type, "further mismatches are counted, not reported");
    }
}

} // namespace sriov::crosscheck
