#include "sriov/crosscheck/tlp_source.h"

#include "sriov/pcie/ecam.h"

namespace sriov::crosscheck {

namespace {
uint64_t to_ns(const sc_core::sc_time& t) {
    static const sc_core::sc_time::value_type one_ns = sc_core::sc_time(1, sc_core::SC_NS).value();
    return t.value() / one_ns;
}
} // namespace

tlp_source::tlp_source(sc_core::sc_module_name name, endpoint::sriov_endpoint& ep,
                       rtl_shadow* shadow)
    : sc_core::sc_module(name), socket("socket"), ep_(ep), shadow_(shadow),
      ext_(new tlp_extension) {
    socket.bind(*this);
    socket.bind(ep.port);
    gp_.set_extension(ext_);
    gp_.set_data_ptr(data_);
    gp_.set_data_length(4);
    gp_.set_streaming_width(4);
    gp_.set_byte_enable_ptr(nullptr);
    qk_.reset();
}

tlp_source::~tlp_source() {
    gp_.clear_extension(ext_);
    delete ext_;
}

tlp tlp_source::send(const tlp& request) {
    ++sent_;
    ext_->value = request;
    gp_.set_command(is_write(request.type) ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    gp_.set_address(ecam::address(request.completer, request.reg_offset()));
    gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = qk_.get_local_time();
    socket->b_transport(gp_, delay);
    qk_.set(delay);
    sync_if_due();
    if (gp_.get_response_status() != tlm::TLM_OK_RESPONSE) {
        return make_completion(request, completion_status::unsupported_request);
    }
    return ext_->value;
}

void tlp_source::advance_ns(uint64_t ns) {
    qk_.inc(sc_core::sc_time(static_cast<double>(ns), sc_core::SC_NS));
    sync_if_due();
}

void tlp_source::sync_if_due() {
    if (qk_.need_sync()) {
        qk_.sync();
    }
}

uint64_t tlp_source::now_ns() const {
    return to_ns(qk_.get_current_time());
}

void tlp_source::reset() {
    qk_.sync();
    ep_.reset();
}

void tlp_source::checkpoint() {
    if (shadow_ != nullptr) {
        shadow_->sweep(now_ns());
    }
}

} // namespace sriov::crosscheck
