#include "sriov/tb/host_cpu.h"

#include "sriov/root_complex/ecam.h"

namespace sriov::tb {

host_cpu::host_cpu(sc_core::sc_module_name name)
    : sc_core::sc_module(name), socket("socket"), info_(new config_access_extension) {
    qk_.reset();
    gp_.set_extension(info_);
}

cfg_result host_cpu::access(tlm::tlm_command cmd, routing_id fn, uint16_t offset, uint8_t* data,
                            unsigned length) {
    gp_.set_command(cmd);
    gp_.set_address(ecam::address(fn, 0) + offset);
    gp_.set_data_ptr(data);
    gp_.set_data_length(length);
    gp_.set_streaming_width(length);
    gp_.set_byte_enable_ptr(nullptr);
    gp_.set_byte_enable_length(0);
    gp_.set_dmi_allowed(false);
    gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time local = qk_.get_local_time();
    socket->b_transport(gp_, local);
    qk_.set(local);
    if (qk_.need_sync()) {
        qk_.sync();
    }
    cfg_result r;
    r.ok = gp_.get_response_status() == tlm::TLM_OK_RESPONSE;
    r.info = *info_;
    r.latency_ps = info_->latency_ps;
    return r;
}

cfg_result host_cpu::read(routing_id fn, uint16_t offset, unsigned length) {
    uint8_t buf[4] = {};
    cfg_result r = access(tlm::TLM_READ_COMMAND, fn, offset, buf, length);
    for (unsigned i = 0; i < length && i < 4; ++i) {
        r.value |= static_cast<uint32_t>(buf[i]) << (8 * i);
    }
    return r;
}

cfg_result host_cpu::write(routing_id fn, uint16_t offset, unsigned length, uint32_t value) {
    uint8_t buf[4] = {};
    for (unsigned i = 0; i < length && i < 4; ++i) {
        buf[i] = static_cast<uint8_t>(value >> (8 * i));
    }
    return access(tlm::TLM_WRITE_COMMAND, fn, offset, buf, length);
}

void host_cpu::delay(const sc_core::sc_time& t) {
    qk_.sync();
    wait(t);
    qk_.reset();
}

} // namespace sriov::tb
