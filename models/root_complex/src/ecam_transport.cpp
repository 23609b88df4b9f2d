#include "sriov/root_complex/ecam_transport.h"

#include "sriov/root_complex/ecam.h"

namespace sriov::ecam {

transport_result transport(tlm::tlm_fw_transport_if<>& target, tlm_utils::tlm_quantumkeeper& qk,
                           tlm::tlm_command cmd, routing_id fn, uint16_t offset,
                           unsigned char* data, unsigned length) {
    transport_result r;
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(address(fn, 0) + offset);
    gp.set_data_ptr(data);
    gp.set_data_length(length);
    gp.set_streaming_width(length);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_dmi_allowed(false);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    gp.set_extension(&r.info);
    sc_core::sc_time local = qk.get_local_time();
    target.b_transport(gp, local);
    qk.set(local);
    if (qk.need_sync()) {
        qk.sync();
    }
    gp.clear_extension(&r.info); // the extension lives in the result, not the payload
    r.response = gp.get_response_status();
    return r;
}

} // namespace sriov::ecam
