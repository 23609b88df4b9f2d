#include "sriov/tb/host_cpu.h"

#include "sriov/pcie/ecam_transport.h"

namespace sriov::tb {

host_cpu::host_cpu(sc_core::sc_module_name name) : sc_core::sc_module(name), socket("socket") {
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

void host_cpu::delay(const sc_core::sc_time& t) {
    qk_.sync();
    wait(t);
    qk_.reset();
}

} // namespace sriov::tb
