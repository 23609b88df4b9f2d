#include "sriov/tb/host_cpu.h"

#include "sriov/pcie/ecam_transport.h"

namespace sriov::tb {

host_cpu::host_cpu(sc_core::sc_module_name name)
    : sc_core::sc_module(name), socket("socket"), mmio_socket("mmio_socket") {
    qk_.reset();
}

cfg_result host_cpu::access(tlm::tlm_command cmd, routing_id fn, uint16_t offset, uint8_t* data,
                            unsigned length) {
    cfg_result r;
    static_cast<config_access_result&>(r) =
        ecam::transport(*socket.operator->(), qk_, cmd, fn, offset, data, length);
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

tlm::tlm_response_status host_cpu::mmio(tlm::tlm_command cmd, uint64_t address, uint8_t* data,
                                        unsigned length) {
    if (mmio_socket.size() == 0) {
        return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    }
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(address);
    gp.set_data_ptr(data);
    gp.set_data_length(length);
    gp.set_streaming_width(length);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time local = qk_.get_local_time();
    mmio_socket->b_transport(gp, local);
    qk_.set(local);
    if (qk_.need_sync()) {
        qk_.sync();
    }
    return gp.get_response_status();
}

void host_cpu::delay(const sc_core::sc_time& t) {
    qk_.sync();
    wait(t);
    qk_.reset();
}

} // namespace sriov::tb
